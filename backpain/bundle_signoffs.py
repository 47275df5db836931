"""Medical sign-off in content bundles: `backpain-bundle/2` is `backpain-bundle/1` plus, for each article, its
sign-offs and the version waiting for one.

The shared schema (`schema/content-bundle.schema.json`, a copy of the team's) stays as it is; the second format is
derived from it here, adding `signoffs` and `pending` to an article. Each sign-off names its reviewer (an author
slug), its dates, note and minor flag, and the content it approves by `content_hash` (`articles/versions.py`).
`pending` holds a published article's waiting text (in the bundle's own shape), or only the time a draft was asked
to go live at; its parts are matched to the imported ones by position.

An import is an operator's action: the article goes live as the bundle says, and the latest sign-off of exactly the
imported text (or, in a /1 file, its `reviewed_by` with `last_reviewed`) is recorded as that version's sign-off. A
sign-off of other text is kept as history only; an article with none shows no review, and the import says so.
"""

import copy

from django.utils.dateparse import parse_date, parse_datetime

from articles import signoff, versions
from articles.models import MedicalSignOff, PendingVersion, Topic

FORMAT_1 = "backpain-bundle/1"
FORMAT_2 = "backpain-bundle/2"

SIGNOFF_SCHEMA = {
    "type": "object",
    "required": ["reviewer", "review_date"],
    "additionalProperties": False,
    "properties": {
        "reviewer": {"$ref": "#/$defs/slug"},
        "review_date": {"type": "string", "format": "date"},
        "signed_at": {"type": "string", "format": "date-time"},
        "note": {"type": "string", "maxLength": 2000},
        "minor": {"type": "boolean"},
        "content_hash": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "The version approved: SHA-256 of the article's text. Left out: the text in this bundle.",
        },
    },
}


def _pending_schema(article_properties):
    text = {name: article_properties[name] for name in ("title", "subtitle", "summary", "intro", "conclusion")}
    text.update({name: article_properties[name] for name in ("sections", "faqs", "resources")})
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "saved_at": {"type": "string", "format": "date-time"},
            "publish_at": {"type": "string", "format": "date-time"},
            "text": {"type": "object", "required": ["title"], "additionalProperties": False, "properties": text},
        },
    }


def schema_2(schema_1):
    """The second format's schema, made from the first's."""
    schema = copy.deepcopy(schema_1)
    schema["$id"] = FORMAT_2
    schema["title"] = f"{schema['title']}, with medical sign-offs"
    schema["properties"]["format"] = {"const": FORMAT_2}
    schema["$defs"]["signoff"] = SIGNOFF_SCHEMA
    schema["$defs"]["article"]["properties"]["signoffs"] = {
        "description": "Medical sign-offs, oldest first; the latest one of this article's text is the live one.",
        "type": "array",
        "items": {"$ref": "#/$defs/signoff"},
    }
    schema["$defs"]["faq"]["properties"]["live"] = {
        "description": "A site-wide FAQ's state: false while its text waits for its first medical sign-off.",
        "type": "boolean",
    }
    article = schema["$defs"]["article"]["properties"]
    article["pending"] = {
        "description": "The version waiting for a medical sign-off; without text, a draft asked to go live.",
        **_pending_schema(article),
    }
    return schema


def signoff_references(article):
    """(JSON path suffix, author slug) of every reviewer an article's sign-offs name."""
    return [
        (f".signoffs[{index}].reviewer", item["reviewer"]) for index, item in enumerate(article.get("signoffs", []))
    ]


def import_signoffs(article, spec, authors, bundle_format):
    """Record the bundle's sign-offs of this (already written) article; True when its text has one."""
    PendingVersion.objects.filter(article=article).delete()
    text = versions.text_of(article)
    text_hash = versions.content_hash(text)
    if bundle_format == FORMAT_1:
        return _import_review_of_format_1(article, spec, authors, text_hash)
    article.signoffs.all().delete()
    live = None
    for item in spec.get("signoffs", []):
        approves_this_text = item.get("content_hash", text_hash) == text_hash
        row = MedicalSignOff.objects.create(
            article=article,
            content_hash=item.get("content_hash", text_hash),
            text=text if approves_this_text else {},
            reviewer=authors[item["reviewer"]],
            review_date=parse_date(item["review_date"]),
            minor=item.get("minor", False),
            note=item.get("note", ""),
            imported=True,
            **({"signed_at": parse_datetime(item["signed_at"])} if "signed_at" in item else {}),
        )
        live = row if approves_this_text else live
    signoff.show_review(article, live)
    return live is not None


def _import_review_of_format_1(article, spec, authors, text_hash):
    if "reviewed_by" not in spec or "last_reviewed" not in spec:
        signoff.show_review(article, None)
        return False
    reviewer, review_date = authors[spec["reviewed_by"]], parse_date(spec["last_reviewed"])
    same = article.signoffs.filter(content_hash=text_hash, reviewer=reviewer, review_date=review_date).first()
    if same is not None:
        signoff.show_review(article, same)
    else:
        signoff.record_imported_signoff(article=article, reviewer=reviewer, review_date=review_date)
    return True


def export_signoffs(article, isoformat):
    """The article's sign-offs for a bundle, oldest first."""
    return [
        {
            "reviewer": item.reviewer.slug,
            "review_date": item.review_date.isoformat(),
            "signed_at": isoformat(item.signed_at),
            **({"note": item.note} if item.note else {}),
            **({"minor": True} if item.minor else {}),
            "content_hash": item.content_hash,
        }
        for item in sorted(article.signoffs.all(), key=lambda item: (item.signed_at, item.pk))
    ]


def pending_faqs(data):
    """(JSON path, FAQ) of the FAQs in the articles' pending versions, whose topics must exist like any FAQ's."""
    for a_index, article in enumerate(data.get("articles", [])):
        for index, faq in enumerate(article.get("pending", {}).get("text", {}).get("faqs", [])):
            yield f"$.articles[{a_index}].pending.text.faqs[{index}]", faq


def import_pending(article, spec, flatten_sections, topics):
    """Keep the bundle's pending version of this (already written) article, its parts matched by position."""
    pending = spec.get("pending")
    if pending is None:
        return
    text = None
    if "text" in pending:
        bundled, live = pending["text"], versions.text_of(article)
        text = {"article": {name: bundled.get(name, "") for name in versions.ARTICLE_TEXT}}
        sections = flatten_sections(article, bundled.get("sections", []))
        rows = {
            "sections": [
                {"level": s.level, "heading": s.heading, "body": s.body, "position": s.position, "anchor": s.anchor}
                for s in sections
            ],
            "faqs": [
                {"question": f["question"], "answer": f["answer"], "slug": f["slug"], "position": index}
                | {"topics": sorted(topics[slug].pk for slug in f.get("topics", []))}
                for index, f in enumerate(bundled.get("faqs", []))
            ],
            "resources": [
                {name: r.get(name, "" if name != "year" else None) for name in versions.TEXT["resources"][0]}
                | {"position": index}
                for index, r in enumerate(bundled.get("resources", []))
            ],
        }
        for part, part_rows in rows.items():
            ids = [row["id"] for row in live[part]]
            text[part] = [
                {**row, "id": ids[index] if index < len(ids) else None} for index, row in enumerate(part_rows)
            ]
    PendingVersion.objects.create(
        article=article,
        text=text,
        publish_at=parse_datetime(pending["publish_at"]) if "publish_at" in pending else None,
        **({"saved_at": parse_datetime(pending["saved_at"])} if "saved_at" in pending else {}),
    )


def export_pending(article, isoformat, compact, nest_sections):
    """The article's pending version for a bundle, or None."""
    pending = PendingVersion.objects.filter(article_id=article.pk).first()
    if pending is None:
        return None
    bundled = {"saved_at": isoformat(pending.saved_at), "publish_at": isoformat(pending.publish_at)}
    if pending.text is not None:
        text = pending.text
        slugs = dict(Topic.objects.values_list("pk", "slug"))
        bundled["text"] = compact({
            **text["article"],
            "sections": nest_sections(text["sections"]),
            "faqs": [compact({**{name: faq.get(name) for name in ("slug", "question", "answer")},
                              "topics": sorted(slugs[pk] for pk in faq.get("topics", []) if pk in slugs)})
                     for faq in text["faqs"]],
            "resources": [compact({name: row.get(name) for name in versions.TEXT["resources"][0]})
                          for row in text["resources"]],
        })  # fmt: skip
    return compact(bundled)
