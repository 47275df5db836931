"""Medical sign-offs in content bundles: `backpain-bundle/2` is `backpain-bundle/1` plus each article's sign-offs.

The shared schema (`schema/content-bundle.schema.json`, a copy of the team's) stays as it is; the second format is
derived from it here, adding `signoffs` to an article. Each sign-off names its reviewer (an author slug), its dates,
note and minor flag, and the content it approves by `content_hash` (`articles/versions.py`).

An import is an operator's action: the article goes live as the bundle says, and the latest sign-off of exactly the
imported text (or, in a /1 file, its `reviewed_by` with `last_reviewed`) is recorded as that version's sign-off. A
sign-off of other text is kept as history only; an article with none shows no review, and the import says so.
"""

import copy

from django.utils.dateparse import parse_date, parse_datetime

from articles import signoff, versions
from articles.models import MedicalSignOff, PendingVersion

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
