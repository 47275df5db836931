"""The "More to Explore" ranking is stored when what it ranks by is written, whatever way, and never shown stale.

Each test compares what is stored with the ranking worked out afresh (`related.rankings()`), for every article of
the neighbourhood, after one kind of write; and where a visitor would notice, the sidebar too.
"""

import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections, models, transaction
from django.utils import timezone

from articles import related
from articles.models import Article, RelatedCandidate, RelatedPick
from backpain.writes import batch
from tests.factories import ArticleFactory, RelatedPickFactory, TopicFactory

pytestmark = pytest.mark.django_db


def stored(article):
    rows = RelatedCandidate.objects.filter(article=article).order_by("rank")
    return list(rows.values_list("candidate_id", flat=True))


def all_stored():
    return {article.pk: stored(article) for article in Article.objects.all()}


def fresh(article):
    order, _ = related.rankings({article.pk})
    return order.get(article.pk, [])


def assert_all_current():
    """Every article's stored ranking is the one worked out from scratch now."""
    for article in Article.objects.all():
        assert stored(article) == fresh(article), article.title


def sidebar(article):
    return [link.title for link in related.more_to_explore(Article.objects.get(pk=article.pk))]


@pytest.fixture
def site():
    """An article on sitting, six articles sharing one or both of its topics, and one on another topic."""
    back, work, sleep = TopicFactory(name="Back"), TopicFactory(name="Work"), TopicFactory(name="Sleep")
    article = ArticleFactory(title="Sitting at work", summary="Sitting all day hurts.", topics=[back, work])
    mates = {
        "desk": ArticleFactory(title="Desk posture", summary="Sitting at your desk.", topics=[back, work]),
        "commute": ArticleFactory(title="The commute", summary="Cars and trains.", topics=[back, work]),
        "lifting": ArticleFactory(title="Lifting boxes", summary="Bend your knees.", topics=[back]),
        "stretches": ArticleFactory(title="Stretches", summary="Five minutes a day.", topics=[back]),
        "breaks": ArticleFactory(title="Taking breaks", summary="Stand up hourly.", topics=[work]),
        "shoes": ArticleFactory(title="Shoes", summary="Flat and soft.", topics=[back]),
    }
    other = ArticleFactory(title="Mattresses", summary="Firm or soft?", topics=[sleep])
    return {"article": article, "back": back, "work": work, "sleep": sleep, "other": other, **mates}


def test_the_sidebar_is_read_from_the_stored_ranking_in_one_query(site, django_assert_num_queries):
    article = site["article"]
    assert stored(article) == fresh(article) != []
    with django_assert_num_queries(1):
        shown = related.more_to_explore(article)
    # Both topics shared first, title likeness breaking the tie ("work"), then one topic shared.
    assert [link.title for link in shown][:2] == ["Desk posture", "The commute"]
    assert len(shown) == related.MORE_TO_EXPLORE_SIZE


def test_stored_rankings_leave_out_drafts_and_keep_a_bounded_number(site):
    draft = ArticleFactory(title="Sitting at work, part two", draft=True, topics=[site["back"], site["work"]])
    many = [ArticleFactory(topics=[site["back"]]) for _ in range(related.STORED_CANDIDATES)]
    ranking = stored(site["article"])
    assert draft.pk not in ranking
    assert len(ranking) == related.STORED_CANDIDATES
    assert set(ranking) <= {article.pk for article in [*many, *site.values()] if isinstance(article, Article)}


def rename_a_mate(site):
    stretches = site["stretches"]
    stretches.title = "Stretches for sitting at work"
    stretches.save()


def rename_by_update(site):
    Article.objects.filter(pk=site["shoes"].pk).update(title="Shoes for sitting at work")


def rename_by_bulk_update(site):
    site["lifting"].summary = "Sitting all day at work, then lifting."
    Article.objects.bulk_update([site["lifting"]], ["summary"])


def unpublish(site):
    desk = site["desk"]
    desk.status = Article.Status.DRAFT
    desk.save()


def unpublish_by_update(site):
    Article.objects.filter(pk=site["commute"].pk).update(status=Article.Status.DRAFT)


def republish_earlier(site):
    Article.objects.filter(pk=site["shoes"].pk).update(published_at=timezone.now() - timedelta(days=400))


def remove_a_topic_from_a_mate(site):
    site["desk"].topics.remove(site["work"])


def add_a_topic_to_the_article(site):
    site["article"].topics.add(site["sleep"])


def clear_the_articles_topics(site):
    site["article"].topics.clear()


def remove_a_mate_from_a_topic(site):
    site["back"].articles.remove(site["commute"])


def add_an_article_to_a_topic(site):
    site["work"].articles.add(site["other"])


def clear_a_topics_articles(site):
    site["back"].articles.clear()


def delete_a_topic(site):
    site["work"].delete()


def delete_a_mate(site):
    site["desk"].delete()


def add_a_new_mate(site):
    ArticleFactory(title="Sitting at work: a guide", summary="Sitting all day.", topics=[site["back"], site["work"]])


def pick_an_article(site):
    RelatedPickFactory(article=site["article"], target=site["other"])


def move_a_pick(site):
    pick = RelatedPickFactory(article=site["article"], target=site["other"])
    pick.article = site["desk"]
    pick.save()


def delete_a_pick(site):
    RelatedPickFactory(article=site["article"], target=site["other"]).delete()


def delete_picks_by_queryset(site):
    RelatedPickFactory(article=site["article"], target=site["other"])
    RelatedPick.objects.filter(article=site["article"]).delete()


def bulk_create_picks(site):
    RelatedPick.objects.bulk_create([RelatedPick(article=site["article"], target=site["other"])])


def reorder_picks_by_update(site):
    RelatedPickFactory(article=site["article"], target=site["other"], position=0)
    RelatedPickFactory(article=site["article"], target=site["shoes"], position=1)
    RelatedPick.objects.filter(target=site["other"]).update(position=5)


def move_picks_by_update(site):
    RelatedPickFactory(article=site["article"], target=site["other"])
    RelatedPick.objects.filter(article=site["article"]).update(article=site["desk"])


def bulk_update_picks(site):
    first = RelatedPickFactory(article=site["article"], target=site["other"], position=0)
    RelatedPickFactory(article=site["article"], target=site["shoes"], position=1)
    first.position = 9
    RelatedPick.objects.bulk_update([first], ["position"])


def several_writes_ranked_once(site):
    with batch():
        rename_a_mate(site)
        remove_a_mate_from_a_topic(site)
        pick_an_article(site)
        site["other"].topics.add(site["back"])


@pytest.mark.parametrize(
    "write",
    [
        rename_a_mate,
        rename_by_update,
        rename_by_bulk_update,
        unpublish,
        unpublish_by_update,
        republish_earlier,
        remove_a_topic_from_a_mate,
        add_a_topic_to_the_article,
        clear_the_articles_topics,
        remove_a_mate_from_a_topic,
        add_an_article_to_a_topic,
        clear_a_topics_articles,
        delete_a_topic,
        delete_a_mate,
        add_a_new_mate,
        pick_an_article,
        move_a_pick,
        delete_a_pick,
        delete_picks_by_queryset,
        bulk_create_picks,
        reorder_picks_by_update,
        move_picks_by_update,
        bulk_update_picks,
        several_writes_ranked_once,
    ],
)
def test_every_kind_of_write_leaves_every_stored_ranking_current(site, write):
    assert_all_current()
    before = all_stored()
    write(site)
    assert_all_current()
    if write not in (delete_a_pick, delete_picks_by_queryset):  # these undo what they did
        assert all_stored() != before  # the others each change a ranking


def test_a_renamed_article_moves_up_the_sidebars_it_is_on(site):
    assert sidebar(site["article"])[:2] == ["Desk posture", "The commute"]
    site["commute"].title = "Sitting at work on the commute"
    site["commute"].save()
    assert sidebar(site["article"])[:2] == ["Sitting at work on the commute", "Desk posture"]


def test_an_unpublished_article_leaves_the_sidebars_at_once(site):
    Article.objects.filter(pk=site["desk"].pk).update(status=Article.Status.DRAFT)
    assert "Desk posture" not in sidebar(site["article"])


def test_a_pick_comes_first_and_goes_when_deleted(site):
    pick = RelatedPickFactory(article=site["article"], target=site["other"])
    assert sidebar(site["article"])[0] == "Mattresses"
    pick.delete()
    assert "Mattresses" not in sidebar(site["article"])


def test_a_scheduled_article_takes_its_place_at_its_time_with_no_write(site, monkeypatch):
    scheduled = ArticleFactory(
        title="Sitting at work, revisited", summary="Sitting all day.", topics=[site["back"], site["work"]],
        scheduled=True,
    )  # fmt: skip
    rows = list(RelatedCandidate.objects.values_list("pk", "article", "rank", "candidate"))
    assert "Sitting at work, revisited" not in sidebar(site["article"])

    later = scheduled.published_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert sidebar(site["article"])[0] == "Sitting at work, revisited"
    assert list(RelatedCandidate.objects.values_list("pk", "article", "rank", "candidate")) == rows


def test_with_too_few_public_stored_candidates_the_sidebar_is_ranked_afresh(site):
    """The stored candidates are all scheduled but one: the view ranks the public ones beyond them, then the newest."""
    for number in range(related.STORED_CANDIDATES):
        ArticleFactory(title=f"Sitting at work {number}", topics=[site["back"], site["work"]], scheduled=True)
    assert len(stored(site["article"])) == related.STORED_CANDIDATES
    shown = sidebar(site["article"])
    assert shown == [link.title for link in related.ranked_now(site["article"], timezone.now())]
    assert shown[:2] == ["Desk posture", "The commute"]  # not stored, found by ranking afresh
    assert len(shown) == related.MORE_TO_EXPLORE_SIZE


def test_a_write_that_changes_no_ranking_rewrites_none(site):
    rows = list(RelatedCandidate.objects.values_list("pk", flat=True))
    site["desk"].intro = "A new introduction."
    site["desk"].save()
    Article.objects.filter(pk=site["desk"].pk).update(conclusion="A new conclusion.")
    assert list(RelatedCandidate.objects.values_list("pk", flat=True)) == rows


def test_migrate_ranks_what_was_written_behind_the_models_back(site):
    through = Article.topics.through
    through.objects.bulk_create([through(article=site["other"], topic=site["back"])])  # sends no signal
    assert stored(site["article"]) != fresh(site["article"])
    call_command("migrate", verbosity=0)
    assert_all_current()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time: no race to lose")
def test_two_writers_storing_the_same_ranking_at_once_both_succeed(site):
    """The second writer waits for the first one's lock on the article, and ranks after it commits."""
    article = site["article"]
    models.QuerySet.delete(RelatedCandidate.objects.filter(article=article))  # both writers find it out of date
    first_stored, failures = threading.Event(), []

    def first_writer():
        try:
            with transaction.atomic():
                rank_again(article)
                first_stored.set()
                wait_for_a_writer_blocked_on_a_lock()
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            first_stored.set()
            connection.close()

    def second_writer():
        first_stored.wait(10)
        try:
            rank_again(article)
        except Exception as error:  # noqa: BLE001
            failures.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=first_writer), threading.Thread(target=second_writer)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(30)
    assert failures == []
    assert stored(article) == fresh(article)


def rank_again(article):
    """A write of a field the ranking reads: the article and its topic mates are ranked again."""
    Article.objects.filter(pk=article.pk).update(summary=article.summary)


def wait_for_a_writer_blocked_on_a_lock():
    deadline = time.monotonic() + 10
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is read once per transaction otherwise
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second writer never waited for the first")


def test_ranking_many_articles_goes_a_batch_at_a_time_and_misses_none(site, monkeypatch):
    models.QuerySet.delete(RelatedCandidate.objects.all())
    monkeypatch.setattr(related, "_BATCH", 2)
    related.rank_all()
    assert_all_current()


def test_a_deleted_article_gives_its_place_to_the_next_one_beyond_those_stored(site):
    beyond = [ArticleFactory(topics=[site["back"], site["work"]]) for _ in range(related.STORED_CANDIDATES)]
    listed = stored(site["article"])
    assert len(listed) == related.STORED_CANDIDATES and not set(listed) >= {article.pk for article in beyond}
    Article.objects.get(pk=listed[0]).delete()
    assert_all_current()
    assert len(stored(site["article"])) == related.STORED_CANDIDATES


def test_an_article_with_no_related_ones_is_topped_up_with_the_most_alike_of_the_newest():
    article = ArticleFactory(title="Sciatica and sitting", summary="Sitting makes sciatica worse.")
    alike = ArticleFactory(title="Sciatica at the desk", published_at=timezone.now() - timedelta(days=9))
    newer = [ArticleFactory(title=f"Gardening {number}") for number in range(4)]
    shown = sidebar(article)
    assert shown[0] == alike.title
    assert shown[1:] == [newer[3].title, newer[2].title, newer[1].title]  # then the newest
