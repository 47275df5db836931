"""Every write to content is noticed here, and what it affects is derived once per batch, inside its transaction.

What a visitor sees is derived from the content tables: Markdown HTML, stored article pages, sidebar rankings, the
search index and the page-cache generation. Writes are noticed in this one module, by one tracked QuerySet (its
bulk writes send no signals) and one set of signal receivers (saves, deletes, many-to-many links, raw saves from
fixtures and revision restores). Each content app says in one table what a write to each of its models affects
(`track(model, effects)`; for articles and FAQs, `articles/effects.py`).

Writes are grouped in a *batch* (`batch()`): an atomic block at whose end the derivers listed in
`settings.DERIVERS` run once each, in that order, from the rows as they will be committed. An admin save, an import,
a revision restore and `rebuild_derived` are one batch each; a write outside any batch is a batch of its own.
Deriving inside the writer's transaction means a crash rolls back the write with what was derived from it, and
derivers lock the derived rows they rewrite before reading (`select_for_update`), so of two writers affecting the
same page the later one reads after the earlier has committed (PostgreSQL's READ COMMITTED reads anew per statement;
SQLite runs one writer at a time).
"""

import threading
from collections import defaultdict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.module_loading import import_string


@dataclass
class Write:
    """One write as noticed: `kind` is save, raw_save, update, bulk_create, bulk_update, delete or links.

    `when` is "before" or "after" the rows change (effects read what they need at either moment). For links,
    `instance`, `reverse` and `pk_set` are those of Django's `m2m_changed`.
    """

    model: type
    kind: str
    when: str
    pks: frozenset = frozenset()
    fields: frozenset | None = None  # None: any field may have changed
    instance: object = None
    reverse: bool = False
    pk_set: frozenset = frozenset()

    @property
    def settled(self):
        """The moment to look at what the rows show: after they were written, or before they are deleted."""
        return (self.when == "after") != (self.kind == "delete")


@dataclass
class Changes:
    """What the writes of one batch affect: named sets of keys (`marks`) that derivers read."""

    marks: defaultdict = field(default_factory=lambda: defaultdict(set))
    any: bool = False

    def add(self, mark, keys):
        self.any = True
        self.marks[mark].update(key for key in keys if key is not None)

    def __getitem__(self, mark):
        return self.marks.get(mark, set())


_effects = {}
_state = threading.local()


def track(model, effects):
    """Notice every write to `model`; `effects(write, changes)` records what it affects."""
    _effects[model] = effects
    label = model._meta.label
    pre_save.connect(_saving, sender=model, dispatch_uid=f"writes-saving-{label}")
    post_save.connect(_saved, sender=model, dispatch_uid=f"writes-saved-{label}")
    pre_delete.connect(_deleting, sender=model, dispatch_uid=f"writes-deleting-{label}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"writes-deleted-{label}")
    for m2m in model._meta.local_many_to_many:
        through = m2m.remote_field.through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"writes-links-{through._meta.label}")
        _link_owners[through] = model


_link_owners = {}


@contextmanager
def batch():
    """An atomic block whose writes are derived once, at its end; nested batches join the outermost."""
    if getattr(_state, "changes", None) is not None:
        # Joining the outermost batch, like Django's own save(): an error marks it for rollback.
        with transaction.atomic(savepoint=False):
            yield
        return
    _state.changes = Changes()
    try:
        with transaction.atomic():
            yield
            changes, _state.changes = _state.changes, None
            if changes.any:
                derive(changes)
    finally:
        _state.changes = None


@contextmanager
def rolled_back():
    """Writes made only to be looked at (a pending version shown in a form or a preview): undone, nothing derived."""
    outer = getattr(_state, "changes", None)
    _state.changes = Changes()
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        _state.changes = outer


def derive(changes):
    """Run every deriver on these changes, in the documented order (`settings.DERIVERS`)."""
    for deriver in derivers():
        deriver.derive(changes)


@cache
def derivers():
    return [import_string(path) for path in settings.DERIVERS]


def record(write):
    """Note what a write affects; outside a batch, derive it once the rows have changed, in the write's transaction.

    A write outside a batch is one that Django makes itself (a cascade from another model's delete, a link added
    through a related manager, a raw save by a fixture): what is noticed before it is kept until after it.
    """
    effects = _effects.get(write.model)
    if effects is None:
        return
    in_batch = getattr(_state, "changes", None) is not None
    changes = _state.changes if in_batch else getattr(_state, "unbatched", None) or Changes()
    effects(write, changes)
    changes.any = True
    if in_batch:
        return
    _state.unbatched = changes if write.when == "before" else None
    if write.when == "after":
        with transaction.atomic(savepoint=False):
            derive(changes)


def _saving(sender, instance, raw=False, **kwargs):
    if instance.pk is not None and not raw and not instance._state.adding:
        record(Write(sender, "save", "before", frozenset({instance.pk}), _fields(kwargs), instance=instance))


def _saved(sender, instance, raw=False, **kwargs):
    kind = "raw_save" if raw else "save"
    record(Write(sender, kind, "after", frozenset({instance.pk}), _fields(kwargs), instance=instance))


def _fields(kwargs):
    update_fields = kwargs.get("update_fields")
    return frozenset(update_fields) if update_fields is not None else None


def _deleting(sender, instance, **kwargs):
    record(Write(sender, "delete", "before", frozenset({instance.pk}), instance=instance))


def _deleted(sender, instance, **kwargs):
    record(Write(sender, "delete", "after", frozenset({instance.pk}), instance=instance))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("pre_add", "pre_remove"):
        return
    when = "before" if action == "pre_clear" else "after"
    owner = _link_owners[sender]
    record(Write(owner, "links", when, instance=instance, reverse=reverse, pk_set=frozenset(pk_set or ())))


class TrackedQuerySet(models.QuerySet):
    """Bulk writes, which send no model signals, are recorded too: `update`, `bulk_create`, `bulk_update`.

    `delete()` sends signals for each row (a tracked model has receivers), so it needs nothing more here.
    """

    def update(self, **kwargs):
        with batch():
            pks = frozenset(self.values_list("pk", flat=True))
            fields = frozenset(kwargs)
            record(Write(self.model, "update", "before", pks, fields))
            rows = super().update(**kwargs)
            record(Write(self.model, "update", "after", pks, fields))
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        with batch():
            objs = super().bulk_create(objs, *args, **kwargs)
            for obj in objs:
                record(Write(self.model, "bulk_create", "after", frozenset({obj.pk}), instance=obj))
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with batch():
            pks, names = frozenset(obj.pk for obj in objs), frozenset(fields)
            record(Write(self.model, "bulk_update", "before", pks, names))
            rows = super().bulk_update(objs, fields, *args, **kwargs)
            record(Write(self.model, "bulk_update", "after", pks, names))
        return rows

    def delete(self):
        with batch():
            return super().delete()


class TrackedModel(models.Model):
    """A content model: each save or delete is a batch (its signals are recorded, and derived at its end)."""

    objects = TrackedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with batch():
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with batch():
            return super().delete(*args, **kwargs)


class BatchedAdminMixin:
    """For a content model's admin: each change, delete, bulk action or revision restore is one batch."""

    def changeform_view(self, request, *args, **kwargs):
        with _batch_for(request):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with _batch_for(request):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with _batch_for(request):
            return super().changelist_view(request, *args, **kwargs)

    def revision_view(self, request, *args, **kwargs):
        with batch():  # a GET restores, shows and rolls back: nothing is derived
            return super().revision_view(request, *args, **kwargs)

    def recover_view(self, request, *args, **kwargs):
        with batch():
            return super().recover_view(request, *args, **kwargs)


def _batch_for(request):
    return batch() if request.method == "POST" else nullcontext()
