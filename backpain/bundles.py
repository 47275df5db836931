"""Content bundles: the JSON import/export format of ../shared/spec, for articles and their FAQs alike.

Export writes `backpain-bundle/2` (the shared format plus medical sign-offs and pending versions,
`backpain/bundle_signoffs.py`); import reads both.

It sits above both content apps, like the feeds, because a bundle carries both.

`bundle_import` is all or nothing: every problem is collected with its JSON
path before anything is written, and the writes run in one transaction.
Upserts go by slug, so importing the same bundle twice gives the same site.
Within an imported article the bundle is authoritative: its sections,
resources, related picks and FAQs replace the ones stored.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path, PurePosixPath

import jsonschema
from django.core.files.base import ContentFile
from django.utils.dateparse import parse_date, parse_datetime
from PIL import Image, UnidentifiedImageError

from articles.models import (
    SECTION_LEVELS,
    Article,
    Author,
    RelatedPick,
    Resource,
    Section,
    Topic,
    build_outline,
)
from backpain import bundle_signoffs
from backpain.writes import batch
from faq.models import FAQ, FAQPendingVersion

BUNDLE_FORMAT = bundle_signoffs.FORMAT_2
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "content-bundle.schema.json"
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
MAX_SECTION_DEPTH = len(SECTION_LEVELS)


class BundleError(Exception):
    """A bundle that cannot be imported; `problems` lists each one as 'path: message'."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ImportSummary:
    counts: dict = field(default_factory=dict)
    live_without_signoff: list = field(default_factory=list)

    def __str__(self):
        text = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        if self.live_without_signoff:
            text += "; published without a medical sign-off (no review shown): " + ", ".join(self.live_without_signoff)
        return text


def load_bundle(path):
    """Read a bundle file, reporting unreadable JSON with its line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BundleError([f"{path}: cannot read the file ({error})"]) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError([f"{path}: line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})"]) from error


def bundle_schema(bundle_format=BUNDLE_FORMAT):
    """The schema of this format: the shared one for /1, the one derived from it for /2."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema if bundle_format == bundle_signoffs.FORMAT_1 else bundle_signoffs.schema_2(schema)


def _schema_validator(bundle_format):
    schema = bundle_schema(bundle_format)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def validate_bundle(data, base_dir):
    """Every problem of the bundle, each as 'JSON path: message'. Empty means importable."""
    problems = [
        f"{error.json_path}: {error.message}"
        for error in sorted(
            _schema_validator(data.get("format") if isinstance(data, dict) else None).iter_errors(data),
            key=lambda e: list(map(str, e.absolute_path)),
        )
    ]
    if problems:
        return problems
    return _check_references(data) + _check_outline(data) + _check_images(data, Path(base_dir))


def _check_references(data):
    problems = []
    known = {
        "author": {a["slug"] for a in data.get("authors", [])} | set(Author.objects.values_list("slug", flat=True)),
        "topic": {t["slug"] for t in data.get("topics", [])} | set(Topic.objects.values_list("slug", flat=True)),
        "article": {a["slug"] for a in data.get("articles", [])} | set(Article.objects.values_list("slug", flat=True)),
    }
    for kind, items in (("author", "authors"), ("topic", "topics"), ("article", "articles")):
        problems += _duplicates(f"$.{items}", [item["slug"] for item in data.get(items, [])], kind)
    faq_slugs = [(f"$.faqs[{i}]", faq["slug"]) for i, faq in enumerate(data.get("faqs", []))]

    def need(path, kind, slug):
        if slug not in known[kind]:
            problems.append(f"{path}: unknown {kind} '{slug}'")

    for a_index, article in enumerate(data.get("articles", [])):
        path = f"$.articles[{a_index}]"
        need(f"{path}.author", "author", article["author"])
        if "reviewed_by" in article:
            need(f"{path}.reviewed_by", "author", article["reviewed_by"])
        for suffix, slug in bundle_signoffs.signoff_references(article):
            need(f"{path}{suffix}", "author", slug)
        for i, slug in enumerate(article.get("topics", [])):
            need(f"{path}.topics[{i}]", "topic", slug)
        for i, slug in enumerate(article.get("related", [])):
            need(f"{path}.related[{i}]", "article", slug)
            if slug == article["slug"]:
                problems.append(f"{path}.related[{i}]: an article cannot be related to itself")
        problems += _duplicates(f"{path}.related", article.get("related", []), "related article")
        for f_index, faq in enumerate(article.get("faqs", [])):
            faq_slugs.append((f"{path}.faqs[{f_index}]", faq["slug"]))
    for f_path, faq in [*_all_faqs(data), *bundle_signoffs.pending_faqs(data)]:
        for i, slug in enumerate(faq.get("topics", [])):
            need(f"{f_path}.topics[{i}]", "topic", slug)
    seen = {}
    for f_path, slug in faq_slugs:
        if slug in seen:
            problems.append(f"{f_path}.slug: FAQ slug '{slug}' is already used at {seen[slug]}")
        seen.setdefault(slug, f_path)
    return problems


def _duplicates(path, slugs, kind):
    seen, problems = set(), []
    for index, slug in enumerate(slugs):
        if slug in seen:
            problems.append(f"{path}[{index}]: duplicate {kind} '{slug}'")
        seen.add(slug)
    return problems


def _all_faqs(data):
    for index, faq in enumerate(data.get("faqs", [])):
        yield f"$.faqs[{index}]", faq
    for a_index, article in enumerate(data.get("articles", [])):
        for index, faq in enumerate(article.get("faqs", [])):
            yield f"$.articles[{a_index}].faqs[{index}]", faq


def _check_outline(data):
    problems = []

    def walk(sections, path, depth):
        for index, section in enumerate(sections):
            here = f"{path}[{index}]"
            if depth > MAX_SECTION_DEPTH:
                problems.append(f"{here}: sections nest at most {MAX_SECTION_DEPTH} levels deep (h2, h3, h4)")
                continue
            walk(section.get("sections", []), f"{here}.sections", depth + 1)

    for index, article in enumerate(data.get("articles", [])):
        walk(article.get("sections", []), f"$.articles[{index}].sections", 1)
        pending = article.get("pending", {}).get("text", {})
        walk(pending.get("sections", []), f"$.articles[{index}].pending.text.sections", 1)
    return problems


def _image_specs(data):
    for index, author in enumerate(data.get("authors", [])):
        if "photo" in author:
            yield f"$.authors[{index}].photo.path", author["photo"]["path"]
    for index, article in enumerate(data.get("articles", [])):
        if "hero_image" in article:
            yield f"$.articles[{index}].hero_image.path", article["hero_image"]["path"]


def _check_images(data, base_dir):
    problems = []
    for path, relative in _image_specs(data):
        try:
            _read_image(base_dir, relative)
        except ValueError as error:
            problems.append(f"{path}: {error}")
    return problems


def _read_image(base_dir, relative):
    """The bytes and file extension of a bundled image, refusing anything that is not a real image."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise ValueError(f"'{relative}' must be a path inside the bundle's folder")
    file_path = base_dir.joinpath(*pure.parts)
    try:
        content = file_path.read_bytes()
    except OSError:
        raise ValueError(f"image file '{relative}' not found") from None
    try:
        with Image.open(file_path) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValueError(f"'{relative}' is not a readable image") from None
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"'{relative}' is a {image_format} image; use JPEG, PNG, WebP or GIF")
    return content, IMAGE_FORMATS[image_format]


def bundle_import(*, data, base_dir):
    """Import a parsed bundle, or raise BundleError having changed nothing."""
    base_dir = Path(base_dir)
    problems = validate_bundle(data, base_dir)
    if problems:
        raise BundleError(problems)
    summary = ImportSummary()
    with batch():
        topics = {t["slug"]: _upsert_topic(t) for t in data.get("topics", [])}
        authors = {a["slug"]: _upsert_author(a, base_dir) for a in data.get("authors", [])}
        topics.update({t.slug: t for t in Topic.objects.exclude(slug__in=topics)})
        authors.update({a.slug: a for a in Author.objects.exclude(slug__in=authors)})
        articles = {a["slug"]: _upsert_article(a, authors, topics, base_dir) for a in data.get("articles", [])}
        for spec in data.get("articles", []):
            article = articles[spec["slug"]]
            _replace_related(article, spec.get("related", []))
            signed = bundle_signoffs.import_signoffs(article, spec, authors, data["format"])
            bundle_signoffs.import_pending(article, spec, _flatten_sections, topics)
            if spec["status"] == Article.Status.PUBLISHED and not signed:
                summary.live_without_signoff.append(spec["slug"])
        for position, spec in enumerate(data.get("faqs", [])):
            _upsert_faq(spec, position=position, article=None, topics=topics)
    summary.counts = {
        "authors": len(data.get("authors", [])),
        "topics": len(data.get("topics", [])),
        "articles": len(data.get("articles", [])),
        "FAQs": sum(1 for _ in _all_faqs(data)),
    }
    return summary


def _upsert_topic(spec):
    topic = Topic.objects.filter(slug=spec["slug"]).first() or Topic(slug=spec["slug"])
    topic.name = spec["name"]
    topic.description = spec.get("description", "")
    topic.save()
    return topic


def _upsert_author(spec, base_dir):
    author = Author.objects.filter(slug=spec["slug"]).first() or Author(slug=spec["slug"])
    author.name = spec["name"]
    author.credentials = spec.get("credentials", "")
    author.bio = spec.get("bio", "")
    _assign_image(author.photo, spec.get("photo"), base_dir, f"{spec['slug']}")
    author.save()
    return author


def _assign_image(image_field, spec, base_dir, stem):
    """Store a bundled image, reusing the stored file when its content is unchanged."""
    if spec is None:
        image_field.name = ""
        return
    content, extension = _read_image(base_dir, spec["path"])
    digest = hashlib.sha256(content).hexdigest()[:12]
    name = f"{stem}-{digest}{extension}"
    if image_field.name and PurePosixPath(image_field.name).name == name:
        return
    image_field.save(name, ContentFile(content), save=False)


def _parse_datetime(value):
    parsed = parse_datetime(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _upsert_article(spec, authors, topics, base_dir):
    article = Article.objects.filter(slug=spec["slug"]).first() or Article(slug=spec["slug"])
    article.title = spec["title"]
    article.subtitle = spec.get("subtitle", "")
    article.summary = spec.get("summary", "")
    article.status = spec["status"]
    if "published_at" in spec:
        article.published_at = _parse_datetime(spec["published_at"])
    article.author = authors[spec["author"]]
    article.reviewed_by = authors[spec["reviewed_by"]] if "reviewed_by" in spec else None
    article.last_reviewed = parse_date(spec["last_reviewed"]) if "last_reviewed" in spec else None
    article.intro = spec.get("intro", "")
    article.conclusion = spec.get("conclusion", "")
    _assign_image(article.hero_image, spec.get("hero_image"), base_dir, spec["slug"])
    article.hero_image_alt = spec["hero_image"]["alt"] if "hero_image" in spec else ""
    if "updated_at" in spec:
        article.updated_at = _parse_datetime(spec["updated_at"])
    article.save(touch="updated_at" not in spec and article.pk is None)
    article.topics.set([topics[slug] for slug in spec.get("topics", [])])

    article.sections.all().delete()
    Section.objects.bulk_create(_flatten_sections(article, spec.get("sections", [])))
    article.resources.all().delete()
    Resource.objects.bulk_create(
        Resource(article=article, position=position, **resource)
        for position, resource in enumerate(spec.get("resources", []))
    )
    kept = [
        _upsert_faq(faq, position=position, article=article, topics=topics).pk
        for position, faq in enumerate(spec.get("faqs", []))
    ]
    article.faqs.exclude(pk__in=kept).delete()
    return article


def _flatten_sections(article, specs, level=2, sections=None):
    """Turn nested bundle sections into the flat ordered list the model stores."""
    sections = [] if sections is None else sections
    for spec in specs:
        section = Section(article=article, position=len(sections), level=level, heading=spec["heading"])
        section.body = spec.get("body", "")
        sections.append(section)
        _flatten_sections(article, spec.get("sections", []), level + 1, sections)
    if level == 2:
        taken_anchors = set()
        for section in sections:
            section.prepare(taken_anchors=taken_anchors)
    return sections


def _replace_related(article, slugs):
    article.related_picks.all().delete()
    targets = {a.slug: a for a in Article.objects.filter(slug__in=slugs)}
    RelatedPick.objects.bulk_create(
        RelatedPick(article=article, target=targets[slug], position=position) for position, slug in enumerate(slugs)
    )


def _upsert_faq(spec, *, position, article, topics):
    faq = FAQ.objects.filter(slug=spec["slug"]).first() or FAQ(slug=spec["slug"])
    faq.question = spec["question"]
    faq.answer = spec["answer"]
    faq.article = article
    faq.position = position
    faq.live = spec.get("live", True)  # an operator's action: a site-wide FAQ is live or waits, as the bundle says
    faq.save()
    FAQPendingVersion.objects.filter(faq_id=faq.pk).delete()
    faq.topics.set([topics[slug] for slug in spec.get("topics", [])])
    return faq


def bundle_export(*, path):
    """Write the whole site as a bundle at `path`, images in a folder beside it."""
    path = Path(path)
    media_dir_name = f"{path.stem}-images"
    images = {}

    def image(field, kind, slug, alt):
        if not field:
            return None
        extension = PurePosixPath(field.name).suffix.lower()
        relative = f"{media_dir_name}/{kind}/{slug}{extension}"
        images[relative] = field
        return {"path": relative, "alt": alt}

    data = {
        "format": BUNDLE_FORMAT,
        "authors": [_export_author(a, image) for a in Author.objects.order_by("slug")],
        "topics": [_export_topic(t) for t in Topic.objects.order_by("slug")],
        "articles": [_export_article(a, image) for a in _articles_for_export()],
        "faqs": [_export_faq(f) for f in FAQ.objects.filter(article__isnull=True).prefetch_related("topics")],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    for relative, image_field in images.items():
        target = path.parent / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with image_field.open("rb") as source:
            target.write_bytes(source.read())
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


def _compact(mapping):
    """Leave out empty optional values, so a bundle says only what is there."""
    return {key: value for key, value in mapping.items() if value not in ("", None, [])}


def _export_author(author, image):
    return _compact({
        "slug": author.slug,
        "name": author.name,
        "credentials": author.credentials,
        "bio": author.bio,
        "photo": image(author.photo, "authors", author.slug, author.name),
    })  # fmt: skip


def _export_topic(topic):
    return _compact({"slug": topic.slug, "name": topic.name, "description": topic.description})


def _articles_for_export():
    return (
        Article.objects.order_by("slug")
        .select_related("author", "reviewed_by")
        .prefetch_related(
            "topics", "sections", "resources", "faqs__topics", "related_picks__target", "signoffs__reviewer"
        )
    )


def _export_article(article, image):
    return _compact({
        "slug": article.slug,
        "title": article.title,
        "subtitle": article.subtitle,
        "summary": article.summary,
        "status": article.status,
        "published_at": _isoformat(article.published_at),
        "updated_at": _isoformat(article.updated_at),
        "author": article.author.slug,
        "reviewed_by": article.reviewed_by.slug if article.reviewed_by else None,
        "last_reviewed": article.last_reviewed.isoformat() if article.last_reviewed else None,
        "topics": sorted(topic.slug for topic in article.topics.all()),
        "hero_image": image(article.hero_image, "articles", article.slug, article.hero_image_alt),
        "intro": article.intro,
        "sections": [_export_section(s) for s in build_outline(article.sections.all())],
        "conclusion": article.conclusion,
        "faqs": [_export_faq(faq) for faq in article.faqs.all()],
        "resources": [_export_resource(resource) for resource in article.resources.all()],
        "related": [pick.target.slug for pick in article.related_picks.all()],
        "signoffs": bundle_signoffs.export_signoffs(article, _isoformat),
        "pending": bundle_signoffs.export_pending(article, _isoformat, _compact, _nest_section_rows),
    })  # fmt: skip


def _nest_section_rows(rows):
    """Flat section rows of a stored version (level, heading, body) nested as a bundle's sections."""
    roots, open_specs = [], []
    for row in rows:
        spec = _compact({"heading": row["heading"], "body": row["body"]})
        while open_specs and open_specs[-1][0] >= row["level"]:
            open_specs.pop()
        (open_specs[-1][1].setdefault("sections", []) if open_specs else roots).append(spec)
        open_specs.append((row["level"], spec))
    return roots


def _export_resource(resource):
    return _compact({
        "title": resource.title,
        "url": resource.url,
        "publisher": resource.publisher,
        "year": resource.year,
        "description": resource.description,
    })  # fmt: skip


def _export_section(section):
    return _compact({
        "heading": section.heading,
        "body": section.body,
        "sections": [_export_section(child) for child in section.children],
    })  # fmt: skip


def _export_faq(faq):
    return _compact({
        "slug": faq.slug,
        "question": faq.question,
        "answer": faq.answer,
        "topics": sorted(topic.slug for topic in faq.topics.all()),
        "live": None if faq.live or faq.article_id else False,
    })  # fmt: skip


def _isoformat(value):
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None
