"""Importing and exporting content bundles (backpain/schema/content-bundle.schema.json)."""

import copy
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Author, MedicalSignOff, Section, Topic
from backpain.bundles import SCHEMA_PATH, BundleError, bundle_export, bundle_import, bundle_schema, load_bundle
from backpain.management.commands.quickstart import DEMO_BUNDLE
from faq.models import FAQ
from tests.factories import png_bytes

pytestmark = pytest.mark.django_db


def minimal_bundle():
    return {
        "format": "backpain-bundle/1",
        "authors": [{"slug": "judd-beale", "name": "Judd Beale", "bio": "Researcher."}],
        "topics": [{"slug": "stress", "name": "Stress"}],
        "articles": [
            {
                "slug": "back-pain-and-stress",
                "title": "Back Pain & Stress",
                "status": "published",
                "published_at": "2023-06-12T09:00:00Z",
                "author": "judd-beale",
                "topics": ["stress"],
                "sections": [{"heading": "Managing", "sections": [{"heading": "Lifestyle", "body": "Move."}]}],
                "faqs": [{"slug": "can-stress-hurt", "question": "Can stress hurt?", "answer": "Yes."}],
                "resources": [{"title": "A study", "url": "https://example.org/s", "publisher": "NLM", "year": 2020}],
            }
        ],
        "faqs": [
            {"slug": "see-a-doctor", "question": "When to see a doctor?", "answer": "Soon.", "topics": ["stress"]}
        ],
    }


def write_bundle(tmp_path, data, name="bundle.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def import_errors(data, base_dir):
    with pytest.raises(BundleError) as caught:
        bundle_import(data=data, base_dir=base_dir)
    return caught.value.problems


def site_snapshot():
    """Everything a visitor could notice, to compare two states of the site."""
    return {
        "authors": list(Author.objects.order_by("slug").values("slug", "name", "credentials", "bio", "bio_html")),
        "topics": list(Topic.objects.order_by("slug").values("slug", "name", "description")),
        "articles": list(
            Article.objects.order_by("slug").values(
                "slug",
                "title",
                "subtitle",
                "summary",
                "status",
                "published_at",
                "updated_at",
                "intro_html",
                "conclusion_html",
                "page__word_count",
                "author__slug",
                "reviewed_by__slug",
                "last_reviewed",
                "live_signoff__content_hash",
                "hero_image_alt",
            )
        ),  # fmt: skip
        "sections": list(
            Section.objects.order_by("article__slug", "position").values_list("level", "heading", "anchor", "body_html")
        ),
        "faqs": list(
            FAQ.objects.order_by("article__slug", "position", "pk").values_list(
                "slug", "question", "answer_html", "article__slug"
            )
        ),
    }


def test_demo_bundle_is_valid_against_the_schema():
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator(schema).validate(load_bundle(DEMO_BUNDLE))


def test_import_creates_nested_sections_faqs_and_resources(tmp_path):
    bundle_import(data=minimal_bundle(), base_dir=tmp_path)
    article = Article.objects.get(slug="back-pain-and-stress")
    assert [(s.level, s.heading) for s in article.sections.all()] == [(2, "Managing"), (3, "Lifestyle")]
    assert article.sections.get(heading="Lifestyle").body_html == "<p>Move.</p>"
    assert [f.slug for f in article.faqs.all()] == ["can-stress-hurt"]
    assert article.resources.get().year == 2020
    assert FAQ.objects.get(slug="see-a-doctor").article is None
    assert article.is_public


def test_importing_twice_gives_the_same_site(tmp_path):
    bundle_import(data=minimal_bundle(), base_dir=tmp_path)
    first = site_snapshot()
    bundle_import(data=minimal_bundle(), base_dir=tmp_path)
    assert site_snapshot() == first
    assert Section.objects.count() == 2


def test_reimport_updates_by_slug_and_drops_children_the_bundle_no_longer_has(tmp_path):
    bundle_import(data=minimal_bundle(), base_dir=tmp_path)
    changed = minimal_bundle()
    changed["articles"][0]["title"] = "Back Pain and Stress"
    changed["articles"][0]["sections"] = [{"heading": "Only one"}]
    changed["articles"][0]["faqs"] = []
    bundle_import(data=changed, base_dir=tmp_path)
    article = Article.objects.get()
    assert article.title == "Back Pain and Stress"
    assert [s.heading for s in article.sections.all()] == ["Only one"]
    assert not FAQ.objects.filter(slug="can-stress-hurt").exists()


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda b: b.pop("format"), "$: 'format' is a required property"),
        (lambda b: b["articles"][0].update(status="live"), "$.articles[0].status: 'live' is not one of"),
        (lambda b: b["articles"][0].update(slug="Not A Slug"), "$.articles[0].slug: 'Not A Slug' does not match"),
        (
            lambda b: b["articles"][0].update(published_at="yesterday"),
            "$.articles[0].published_at: 'yesterday' is not a",
        ),
        (lambda b: b["articles"][0]["resources"][0].update(url="ftp://x"), "$.articles[0].resources[0].url"),
        (lambda b: b["articles"][0].update(author="nobody"), "$.articles[0].author: unknown author 'nobody'"),
        (lambda b: b["articles"][0].update(reviewed_by="nobody"), "$.articles[0].reviewed_by: unknown author 'nobody'"),
        (lambda b: b["articles"][0].update(topics=["stress", "nope"]), "$.articles[0].topics[1]: unknown topic 'nope'"),
        (lambda b: b["faqs"][0].update(topics=["nope"]), "$.faqs[0].topics[0]: unknown topic 'nope'"),
        (lambda b: b["articles"][0].update(related=["ghost"]), "$.articles[0].related[0]: unknown article 'ghost'"),
        (
            lambda b: b["articles"][0].update(related=["back-pain-and-stress"]),
            "$.articles[0].related[0]: an article cannot be related to itself",
        ),
        (
            lambda b: b["faqs"].append(dict(b["faqs"][0])),
            "$.faqs[1].slug: FAQ slug 'see-a-doctor' is already used at $.faqs[0]",
        ),
        (
            lambda b: b["articles"][0]["sections"][0]["sections"][0].update(
                sections=[{"heading": "h4", "sections": [{"heading": "h5"}]}]
            ),
            "$.articles[0].sections[0].sections[0].sections[0].sections[0]: sections nest at most 3 levels deep",
        ),
        (
            lambda b: b["authors"][0].update(photo={"path": "missing.png", "alt": "x"}),
            "$.authors[0].photo.path: image file 'missing.png' not found",
        ),
        (
            lambda b: b["authors"][0].update(photo={"path": "../outside.png", "alt": "x"}),
            "$.authors[0].photo.path: '../outside.png' must be a path inside the bundle's folder",
        ),
    ],
)
def test_bad_bundle_reports_the_json_path_and_changes_nothing(tmp_path, mutate, expected):
    bundle_import(data=minimal_bundle(), base_dir=tmp_path)
    before = site_snapshot()
    bad = copy.deepcopy(minimal_bundle())
    bad["articles"][0]["title"] = "Changed title that must not be saved"
    mutate(bad)
    problems = import_errors(bad, tmp_path)
    assert any(problem.startswith(expected) for problem in problems), problems
    assert site_snapshot() == before


def test_a_file_that_is_not_an_image_is_refused(tmp_path):
    (tmp_path / "photo.png").write_text("<html>not an image</html>")
    data = minimal_bundle()
    data["authors"][0]["photo"] = {"path": "photo.png", "alt": "Judd"}
    assert import_errors(data, tmp_path) == ["$.authors[0].photo.path: 'photo.png' is not a readable image"]
    assert not Author.objects.exists()


def test_invalid_json_is_reported_with_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "backpain-bundle/1",\n  "authors": [,]\n}')
    with pytest.raises(BundleError) as caught:
        load_bundle(path)
    assert "line 3, column 15: invalid JSON" in caught.value.problems[0]


def test_import_command_exits_non_zero_listing_each_problem(tmp_path, capsys):
    bad = minimal_bundle()
    bad["articles"][0]["author"] = "nobody"
    bad["articles"][0]["topics"] = ["nope"]
    with pytest.raises(CommandError, match="not imported, 2 problems; nothing was changed"):
        call_command("import_content", str(write_bundle(tmp_path, bad)))
    err = capsys.readouterr().err
    assert "$.articles[0].author: unknown author 'nobody'" in err
    assert "$.articles[0].topics[0]: unknown topic 'nope'" in err
    assert not Article.objects.exists()


def test_failure_midway_rolls_back_everything(tmp_path, monkeypatch):
    """All or nothing even when something fails after validation, inside the writes."""
    import backpain.bundles

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(backpain.bundles, "_replace_related", explode)
    with pytest.raises(RuntimeError):
        bundle_import(data=minimal_bundle(), base_dir=tmp_path)
    assert not Author.objects.exists() and not Article.objects.exists() and not FAQ.objects.exists()


def test_related_picks_may_point_forward_in_the_bundle(tmp_path):
    data = minimal_bundle()
    data["articles"][0]["related"] = ["later-article"]
    data["articles"].append(
        {"slug": "later-article", "title": "Later", "status": "draft", "author": "judd-beale", "related": []}
    )
    bundle_import(data=data, base_dir=tmp_path)
    article = Article.objects.get(slug="back-pain-and-stress")
    assert [pick.target.slug for pick in article.related_picks.all()] == ["later-article"]


def test_export_then_import_into_an_empty_site_reproduces_it_exactly(tmp_path, django_db_blocker):
    source_dir = tmp_path / "source"
    source_dir.mkdir()
    (source_dir / "judd.png").write_bytes(png_bytes(64, 64))
    (source_dir / "hero.png").write_bytes(png_bytes(120, 60, color=(10, 90, 160)))
    call_command("import_content", str(DEMO_BUNDLE), verbosity=0)
    extra = minimal_bundle()
    extra["authors"][0]["photo"] = {"path": "judd.png", "alt": "Judd Beale"}
    extra["articles"][0]["slug"] = "second-article"
    extra["articles"][0]["hero_image"] = {"path": "hero.png", "alt": "A person stretching"}
    extra["articles"][0]["reviewed_by"] = "judd-beale"
    extra["articles"][0]["last_reviewed"] = "2024-01-31"
    extra["articles"][0]["related"] = ["back-pain-and-stress"]
    extra["articles"][0]["faqs"][0]["slug"] = "second-faq"
    bundle_import(data=extra, base_dir=source_dir)
    before = site_snapshot()

    exported = bundle_export(path=tmp_path / "out" / "site.json")
    assert exported["format"] == "backpain-bundle/2"
    schema = bundle_schema(exported["format"])
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(
        exported
    )
    photo = next(a for a in exported["authors"] if a["slug"] == "judd-beale")["photo"]
    assert (tmp_path / "out" / photo["path"]).read_bytes() == (source_dir / "judd.png").read_bytes()

    for model in (MedicalSignOff, FAQ, Article, Author, Topic):  # sign-offs outlive their articles
        model.objects.all().delete()
    call_command("import_content", str(tmp_path / "out" / "site.json"), verbosity=0)

    assert site_snapshot() == before
    assert bundle_export(path=tmp_path / "again" / "site.json") == exported
    article = Article.objects.get(slug="second-article")
    assert article.hero_image.width == 120 and article.hero_image_alt == "A person stretching"
    assert [pick.target.slug for pick in article.related_picks.all()] == ["back-pain-and-stress"]
