"""Clinical words and the plain words readers use for them, kept by editors, shown as hints while writing."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClinicalTermQuerySet(models.QuerySet):
    def found_in(self, text):
        """[(term, lay alternative, times used)] of the terms this text uses, whole words, any case, plurals too."""
        found = []
        for term, lay in self.order_by("term").values_list("term", "lay_alternative"):
            pattern = re.compile(rf"\b{re.escape(term)}(?:s|es)?\b", re.I)
            count = len(pattern.findall(text))
            if count:
                found.append((term, lay, count))
        return found


class ClinicalTerm(models.Model):
    term = models.CharField(max_length=100, unique=True, help_text=_("The clinical word or phrase, as written."))
    lay_alternative = models.CharField(max_length=200, help_text=_("What to write instead, or to explain it with."))

    objects = ClinicalTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("clinical term")

    def __str__(self):
        return f"{self.term} → {self.lay_alternative}"

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split()).lower()
        super().save(*args, **kwargs)
