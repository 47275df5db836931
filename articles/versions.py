"""An article's text as one value: read from its rows, hashed, and written back to them.

A *version* of an article is what a medical reviewer approves: the article's own text fields and the text of its
sections, FAQs and sources, in their order (`TEXT`). The rest (topics, related picks, the hero image and its alt
text, the slug, the schedule) is not clinical text, changes without a new sign-off and is left out. `content_hash`
names a version: a sign-off approves exactly the text with its hash, line ends normalised (a browser's CRLF is no
change).

`apply_text` writes a version back to the rows, keeping the ids of the parts it had, since the admin's forms and the
history name rows by id (a part without one is new): a pending version becomes live this way, and the change form
edits one this way too.
The FAQ model sits above this app; it is reached through the article's `faqs` relation, never imported.
"""

import hashlib
import json

from backpain.writes import batch

ARTICLE_TEXT = ("title", "subtitle", "summary", "intro", "conclusion")
# Each part: its related name on the article, the text fields a sign-off covers, the other fields it carries.
# The order of the parts is text (a list keeps it); their position numbers, anchors and slugs are not.
TEXT = {
    "sections": (("level", "heading", "body"), ("position", "anchor")),
    "faqs": (("question", "answer"), ("position", "slug")),
    "resources": (("title", "url", "publisher", "year", "description"), ("position",)),
}
PART_LABELS = {"sections": "heading", "faqs": "question", "resources": "title"}
# Links a part carries that are not text either (a list of ids per row, outside the hash): a part that a version
# adds (or brings back) arrives with them; a part the rows already have keeps its own, which change without sign-off.
LINKS = {"faqs": ("topics",)}


def text_of(article):
    """The version the article's rows hold now: {"article": {...}, "sections": [...], "faqs": [...], ...}."""
    row = type(article)._base_manager.filter(pk=article.pk).values(*ARTICLE_TEXT).get()
    text = {"article": row}
    for part, (fields, extra) in TEXT.items():
        manager = getattr(article, part)
        rows = text[part] = list(manager.order_by("position", "pk").values("id", *fields, *extra))
        for name in LINKS.get(part, ()):
            linked = {}
            for pk, other in manager.filter(**{f"{name}__isnull": False}).values_list("pk", name):
                linked.setdefault(pk, []).append(other)
            for row in rows:
                row[name] = sorted(linked.get(row["id"], []))
    return text


def normalised(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


def content_hash(text):
    """The name of a version: a SHA-256 of its text fields only (no ids, no slugs), line ends normalised."""
    canonical = {"article": {name: normalised(text["article"].get(name)) for name in ARTICLE_TEXT}}
    for part, (fields, _extra) in TEXT.items():
        canonical[part] = [[normalised(row.get(name)) for name in fields] for row in text.get(part, [])]
    payload = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def apply_text(article, text):
    """Write this version into the article's rows through the write path: one batch, ids kept."""
    with batch():
        type(article).objects.filter(pk=article.pk).update(**text["article"])
        for name, value in text["article"].items():
            setattr(article, name, value)
        for part, (fields, extra) in TEXT.items():
            manager = getattr(article, part)
            rows = text.get(part, [])
            manager.exclude(pk__in=[row["id"] for row in rows if row.get("id") is not None]).delete()
            kept = set(manager.values_list("pk", flat=True))
            for row in rows:
                values = {name: row[name] for name in (*fields, *extra) if name in row}
                saved = manager.model(pk=row.get("id"), article=article, **values)
                saved.save()
                if saved.pk not in kept:
                    _link(saved, {name: row[name] for name in LINKS.get(part, ()) if name in row})


def _link(row, links):
    """Give a part the version adds its links, leaving out what was deleted since (a topic)."""
    for name, ids in links.items():
        related = getattr(row, name)
        related.set(related.model.objects.filter(pk__in=ids))
