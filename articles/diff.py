"""What changed between two versions of an article (`articles/versions.py`), side by side, for a reviewer.

Each item (title, subtitle, summary, introduction, each section, FAQ and source, conclusion) is compared on its
own; parts are paired by id, so an edited section is one change and not a removal and an addition. The tables are
difflib's, which escapes the text it shows.
"""

import difflib
from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.versions import PART_LABELS

WRAP_COLUMN = 60


@dataclass
class Change:
    label: str
    changed: bool
    table: str


def _part_text(part, row):
    if part == "sections":
        return f"{'#' * row['level']} {row['heading']}\n\n{row['body']}"
    if part == "faqs":
        return f"{row['question']}\n\n{row['answer']}"
    details = ", ".join(str(value) for value in (row.get("publisher"), row.get("year")) if value)
    return "\n".join(value for value in (row["title"], details, row.get("url"), row.get("description")) if value)


def _lines(text):
    return (text or "").replace("\r\n", "\n").split("\n")


def _table(old, new, labels):
    table = difflib.HtmlDiff(wrapcolumn=WRAP_COLUMN).make_table(_lines(old), _lines(new), *labels)
    return mark_safe(table)  # noqa: S308 (difflib escapes the text)


def _pairs(old_rows, new_rows):
    """(old, new) rows matched by id, in the new order, removed ones last."""
    old_by_id = {row["id"]: row for row in old_rows if row.get("id") is not None}
    new_ids = {row.get("id") for row in new_rows}
    pairs = [(old_by_id.get(row.get("id")), row) for row in new_rows]
    return pairs + [(row, None) for row in old_rows if row["id"] not in new_ids]


def compare(old, new):
    """[Change] for every item of the two versions (`old` may be None: nothing approved yet)."""
    old = old or {"article": {}}
    labels = (_("Live version"), _("Pending version"))
    names = {"title": _("Title"), "subtitle": _("Subtitle"), "summary": _("Summary"), "intro": _("Introduction")}
    changes = [_change(label, old["article"].get(name), new["article"].get(name), labels) for name, label in
               names.items()]  # fmt: skip
    part_names = {"sections": _("Section"), "faqs": _("FAQ"), "resources": _("Source")}
    order_names = {
        "sections": _("Order of the sections"),
        "faqs": _("Order of the FAQs"),
        "resources": _("Order of the sources"),
    }
    for part, kind in part_names.items():
        changes.append(_order_change(order_names[part], part, old.get(part, []), new.get(part, []), labels))
        for old_row, new_row in _pairs(old.get(part, []), new.get(part, [])):
            row = new_row or old_row
            label = f"{kind}: {row[PART_LABELS[part]]}"
            if new_row is None:
                label = _("%(label)s (removed)") % {"label": label}
            elif old_row is None:
                label = _("%(label)s (new)") % {"label": label}
            old_text = _part_text(part, old_row) if old_row else ""
            new_text = _part_text(part, new_row) if new_row else ""
            changes.append(_change(label, old_text, new_text, labels))
    changes.append(_change(_("Conclusion"), old["article"].get("conclusion"), new["article"].get("conclusion"), labels))
    return changes


def compare_fields(items):
    """[Change] of (label, live text, pending text) items: the same comparison for text that is not an article's."""
    labels = (_("Live version"), _("Pending version"))
    return [_change(label, old, new, labels) for label, old, new in items]


def _order_change(label, part, old_rows, new_rows, labels):
    """The parts both versions have, in each version's order: moving a section is a change to sign off too."""
    both = ({row.get("id") for row in old_rows} & {row.get("id") for row in new_rows}) - {None}
    old_order = "\n".join(str(row[PART_LABELS[part]]) for row in old_rows if row.get("id") in both)
    new_order = "\n".join(str(row[PART_LABELS[part]]) for row in new_rows if row.get("id") in both)
    return _change(label, old_order, new_order, labels)


def _change(label, old, new, labels):
    old, new = str(old or ""), str(new or "")
    changed = old.replace("\r\n", "\n").strip() != new.replace("\r\n", "\n").strip()
    return Change(label=label, changed=changed, table=_table(old, new, labels) if changed else "")
