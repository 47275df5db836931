from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Section, build_outline, validate_section_outline
from articles.related import more_to_explore
from faq.models import FAQ
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    FAQFactory,
    RelatedPickFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_markdown_fields_are_rendered_and_stored_when_saved():
    article = ArticleFactory(intro="Hello *world*", conclusion="<script>x</script>**Done**")
    stored = Article.objects.get(pk=article.pk)
    assert stored.intro_html == "<p>Hello <em>world</em></p>"
    assert "<script" not in stored.conclusion_html
    assert "<strong>Done</strong>" in stored.conclusion_html
    assert AuthorFactory(bio="A *bio*").bio_html == "<p>A <em>bio</em></p>"
    assert TopicFactory(description="**Topic**").description_html == "<p><strong>Topic</strong></p>"
    assert FAQFactory(answer="An _answer_").answer_html == "<p>An <em>answer</em></p>"


def test_published_rule_excludes_drafts_and_scheduled_articles():
    live = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_becomes_public_when_its_time_comes():
    article = ArticleFactory(scheduled=True)
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_article_state_tells_draft_scheduled_and_live_apart():
    assert ArticleFactory(draft=True).state == "draft"
    assert ArticleFactory(scheduled=True).state == "scheduled"
    assert ArticleFactory().state == "live"


def test_publishing_without_a_date_publishes_now():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_saving_an_article_marks_it_updated_unless_told_not_to():
    article = ArticleFactory()
    long_ago = timezone.now() - timedelta(days=400)
    article.updated_at = long_ago
    article.save(touch=False)
    assert Article.objects.get(pk=article.pk).updated_at == long_ago
    article.save()
    assert Article.objects.get(pk=article.pk).updated_at > long_ago


def test_section_anchors_come_from_headings_and_are_unique_within_an_article():
    article = ArticleFactory()
    first = SectionFactory(article=article, heading="Physical Activity")
    second = SectionFactory(article=article, heading="Physical activity!")
    other_article_section = SectionFactory(heading="Physical Activity")
    assert first.anchor == "physical-activity"
    assert second.anchor == "physical-activity-2"
    assert other_article_section.anchor == "physical-activity"


def test_section_anchor_stays_stable_when_its_text_changes():
    section = SectionFactory(heading="Adequate Sleep")
    section.body = "New text."
    section.save()
    assert Section.objects.get(pk=section.pk).anchor == "adequate-sleep"


def test_reading_time_counts_intro_conclusion_and_every_section():
    article = ArticleFactory(intro="word " * 150, conclusion="word " * 150)
    assert article.reading_minutes == 2
    SectionFactory(article=article, heading="Two words", body="word " * 498)
    article.refresh_from_db()
    assert article.word_count == 800
    assert article.reading_minutes == 4
    article.sections.get().delete()
    article.refresh_from_db()
    assert article.word_count == 300


def test_outline_nests_flat_sections_by_level():
    article = ArticleFactory()
    levels = [2, 3, 4, 4, 3, 2, 3]
    for position, level in enumerate(levels):
        SectionFactory(article=article, position=position, level=level, heading=f"H{position}")
    roots = build_outline(article.sections.all())
    assert [s.heading for s in roots] == ["H0", "H5"]
    assert [s.heading for s in roots[0].children] == ["H1", "H4"]
    assert [s.heading for s in roots[0].children[0].children] == ["H2", "H3"]
    assert [s.heading for s in roots[1].children] == ["H6"]


@pytest.mark.parametrize(
    ("levels", "bad_indexes"),
    [([2, 3, 4, 3, 2], []), ([3], [0]), ([2, 4], [1]), ([2, 3, 5], [2]), ([2, 2, 3, 4, 4, 2], [])],
)
def test_section_outline_must_start_at_h2_and_never_skip_a_level(levels, bad_indexes):
    assert [index for index, _ in validate_section_outline(levels)] == bad_indexes


def test_article_cannot_pick_itself_as_related():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        RelatedPickFactory(article=article, target=article)


def test_faqs_of_unpublished_articles_are_not_published():
    site_wide = FAQFactory()
    of_live = FAQFactory(article=ArticleFactory())
    FAQFactory(article=ArticleFactory(draft=True))
    FAQFactory(article=ArticleFactory(scheduled=True))
    assert set(FAQ.objects.published()) == {site_wide, of_live}


def slugs(articles):
    return [article.slug for article in articles]


class TestMoreToExplore:
    def test_editor_picks_come_first_in_their_order(self):
        article = ArticleFactory()
        first, second = ArticleFactory(), ArticleFactory()
        RelatedPickFactory(article=article, target=second, position=0)
        RelatedPickFactory(article=article, target=first, position=1)
        assert slugs(more_to_explore(article))[:2] == slugs([second, first])

    def test_is_filled_up_to_four_by_shared_topics(self):
        back, stress, sleep = TopicFactory(), TopicFactory(), TopicFactory()
        article = ArticleFactory(topics=[back, stress])
        pick = ArticleFactory()
        RelatedPickFactory(article=article, target=pick)
        two_shared = ArticleFactory(topics=[back, stress])
        one_shared = ArticleFactory(topics=[stress, sleep])
        unrelated = [ArticleFactory(topics=[sleep]) for _ in range(3)]
        related = slugs(more_to_explore(article))
        assert len(related) == 4
        assert related[:3] == slugs([pick, two_shared, one_shared])
        assert related[3] in slugs(unrelated)

    def test_text_similarity_breaks_ties_between_equally_related_articles(self):
        topic = TopicFactory()
        article = ArticleFactory(
            title="Sciatica and sitting", summary="How sitting worsens sciatica pain.", topics=[topic]
        )
        newer_unlike = ArticleFactory(title="Choosing a mattress", summary="Firm or soft?", topics=[topic])
        older_alike = ArticleFactory(
            title="Sciatica at work",
            summary="Sitting all day and sciatica pain.",
            published_at=timezone.now() - timedelta(days=30),
            topics=[topic],
        )
        assert slugs(more_to_explore(article))[:2] == slugs([older_alike, newer_unlike])

    def test_never_lists_the_article_itself_or_unpublished_articles(self):
        topic = TopicFactory()
        article = ArticleFactory(topics=[topic])
        draft = ArticleFactory(draft=True, topics=[topic])
        scheduled = ArticleFactory(scheduled=True, topics=[topic])
        RelatedPickFactory(article=article, target=draft)
        RelatedPickFactory(article=article, target=scheduled)
        live = ArticleFactory(topics=[topic])
        assert slugs(more_to_explore(article)) == [live.slug]
