"""Revision history of articles (django-reversion) and what it tells a stale editor.

django-reversion stores an article together with the rows that hang off it
(sections, FAQs, resources, related picks, its topics) as one revision, so
"restore this version" brings back the sections exactly as they were, and a
deleted article keeps its last revision and can be recovered. The admin
registers the models (see `ArticleAdmin`); this module adds the two things
the admin needs on top: a revision taken right before a deletion, and a
summary of what someone else changed since a stale form was loaded.
"""

import datetime

import reversion
from django.utils.translation import gettext as _
from reversion.models import Version

# Fields worth naming to an editor whose save was refused, in reading order.
WATCHED_FIELDS = [
    "title", "subtitle", "slug", "summary", "status", "published_at", "author", "reviewed_by",
    "last_reviewed", "hero_image", "hero_image_alt", "intro", "conclusion",
]  # fmt: skip


def save_revision_before_delete(article, *, user):
    """Snapshot an article with its sections and companions so that its deletion can be undone."""
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_user(user)
        reversion.set_comment(_("Deleted; recover it from “Recover deleted articles”."))


def save_baseline_revision(article):
    """Record an article that has no revision yet (imported content) as it is now.

    Its first edit in the admin can then be compared with and undone, like any later one.
    """
    if not Version.objects.get_for_object(article).exists():
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_comment(_("As it was before its first edit in the admin."))


def touches_other_articles(version_id, article):
    """Whether restoring this version would also revert other articles (a revision saved by a bulk change)."""
    version = Version.objects.filter(pk=version_id).select_related("revision").first()
    if version is None:
        return False
    return (
        Version.objects.get_for_model(type(article))
        .filter(revision=version.revision)
        .exclude(object_id=str(article.pk))
        .exists()
    )


def last_revision(article):
    return Version.objects.get_for_object(article).select_related("revision__user").order_by("-pk").first()


def changes_since(article, loaded_version):
    """What differs between the revision saved at `loaded_version` (an updated_at) and the article now.

    Returns a list of human-readable lines; empty when the old revision is unknown.
    """
    try:
        loaded_at = _to_milliseconds(datetime.datetime.fromisoformat(loaded_version))
    except ValueError:
        return []
    for version in Version.objects.get_for_object(article).select_related("revision").order_by("-pk"):
        saved_at = version.field_dict.get("updated_at")
        if saved_at is not None and _to_milliseconds(saved_at) == loaded_at:
            return _describe_changes(version, article)
    return []


def _to_milliseconds(moment):
    """Revisions are stored as JSON, which keeps times to the millisecond."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _describe_changes(old_version, article):
    lines = []
    old_fields = old_version.field_dict
    for name in WATCHED_FIELDS:
        field = article._meta.get_field(name)
        old_value, new_value = old_fields.get(field.attname), field.value_from_object(article)
        if _comparable(old_value) != _comparable(new_value):
            lines.append(_("%(field)s was changed.") % {"field": str(field.verbose_name).capitalize()})
    old_sections = sorted(
        (version.field_dict for version in old_version.revision.version_set.all()
         if version._model.__name__ == "Section" and version.field_dict["article_id"] == article.pk),
        key=lambda section: (section["position"], section["id"]),
    )  # fmt: skip
    new_sections = list(article.sections.values("heading", "body", "level"))
    if [_section_key(section) for section in old_sections] != [_section_key(section) for section in new_sections]:
        lines.append(
            _("Sections were changed (%(old)s before, %(new)s now).")
            % {"old": len(old_sections), "new": len(new_sections)}
        )
    return lines


def _comparable(value):
    """Browsers send text areas with CRLF line ends: a first save from the admin changes only those."""
    return str(value or "").replace("\r\n", "\n")


def _section_key(section):
    return _comparable(section["heading"]), _comparable(section["body"]), section["level"]
