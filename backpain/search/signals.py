"""The index follows the content: every save, delete, section, topic or synonym change.

Publishing and unpublishing are saves of the article, so they reindex it too;
but what is visible is decided at query time, so a scheduled article needs no
job to appear when its time comes.
"""

from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, Section, Topic
from backpain.search.index import forget_document, index_object
from backpain.search.models import SearchDocument, Synonym
from backpain.search.query import SYNONYMS_CACHE_KEY
from faq.models import FAQ


@receiver(post_save, sender=FAQ)
@receiver(post_save, sender=Article)
def index_saved_content(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
def index_article_of_section(sender, instance, origin=None, **kwargs):
    if _is_article_deletion(origin):
        return  # the article's own document goes with it; reindexing now would resurrect it
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        index_object(article)


def _is_article_deletion(origin):
    return isinstance(origin, Article) or (isinstance(origin, QuerySet) and origin.model is Article)


@receiver(m2m_changed, sender=FAQ.topics.through)
@receiver(m2m_changed, sender=Article.topics.through)
def index_after_topics_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        index_object(instance)
        return
    owners = model.objects.filter(pk__in=pk_set) if pk_set else model.objects.filter(topics=instance)
    for owner in owners:
        index_object(owner)


@receiver(post_save, sender=Topic)
def index_after_topic_rename(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return
    for owner in [*instance.faqs.all(), *instance.articles.all()]:
        index_object(owner)


@receiver(pre_delete, sender=Topic)
def remember_owners_of_deleted_topic(sender, instance, **kwargs):
    instance.search_owners = [*instance.faqs.all(), *instance.articles.all()]


@receiver(post_delete, sender=Topic)
def index_after_topic_delete(sender, instance, **kwargs):
    for owner in getattr(instance, "search_owners", []):
        index_object(owner)


@receiver(post_delete, sender=SearchDocument)
def forget_deleted_document(sender, instance, **kwargs):
    forget_document(instance)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def forget_cached_synonyms(sender, **kwargs):
    cache.delete(SYNONYMS_CACHE_KEY)
