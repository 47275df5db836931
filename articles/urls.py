from django.urls import path

from articles import views

app_name = "articles"

# The feeds (`articles:feed`, `articles:feed-atom`, `articles:topic-feed`) are wired in backpain/urls.py:
# they sit above the content apps.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
]
