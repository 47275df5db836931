"""Factories for test data: each builds a valid object with sensible defaults."""

import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Author, RelatedPick, Resource, Section, Topic
from faq.models import FAQ
from feedback.models import PageFeedback


def png_bytes(width=40, height=30, color=(200, 80, 40)):
    """A real PNG made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def uploaded_png(name="photo.png", **kwargs):
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class EditorUserFactory(UserFactory):
    """Staff who may change and publish articles (an Editor): may preview every draft."""

    is_staff = True

    @factory.post_generation
    def permissions(user, create, extracted, **kwargs):
        user.user_permissions.add(
            *Permission.objects.filter(codename__in=["change_article", "view_article", "publish_article"])
        )
        user.save()


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    credentials = "DPT, physical therapist"
    bio = "Writes about **backs**."


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "About this *topic*."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A live article by default; use `draft=True` or `scheduled=True` traits."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short plain summary."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    author = factory.SubFactory(AuthorFactory)
    intro = "An *introduction*."
    conclusion = "A conclusion."

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3)))

    @factory.post_generation
    def topics(article, create, extracted, **kwargs):
        if extracted:
            article.topics.set(extracted)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    level = 2
    heading = factory.Sequence(lambda n: f"Heading {n}")
    body = "Some **body** text."


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Study {n}")
    url = "https://example.org/study"
    publisher = "National Library of Medicine"
    year = 2021


class RelatedPickFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedPick

    article = factory.SubFactory(ArticleFactory)
    target = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ
        skip_postgeneration_save = True

    question = factory.Sequence(lambda n: f"Question number {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    answer = "The *answer*."
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def topics(faq, create, extracted, **kwargs):
        if extracted:
            faq.topics.set(extracted)


class PageFeedbackFactory(factory.django.DjangoModelFactory):
    """A reader's answer about an article (pass `faq=…, article=None` for an FAQ)."""

    class Meta:
        model = PageFeedback

    article = factory.SubFactory(ArticleFactory)
    helpful = True
