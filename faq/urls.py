from django.urls import path

from faq import views

app_name = "faq"

# The list, `faq:list` (`/faq/`), is wired in backpain/urls.py: its `?q=` search sits above this app.
urlpatterns = [
    path("<slug:slug>/", views.FAQDetailView.as_view(), name="detail"),
]
