from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
]
