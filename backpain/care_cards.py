"""Care cards: "when to get help" callouts, written with Python-Markdown's admonition syntax.

    !!! emergency "Call 999 or go to A&E if:"
        - you cannot control when you pee or poo

Three levels (`settings.CARE_CARD_LEVELS`: non-urgent, urgent, emergency) become an `<aside>` with a heading that
says the level in words (colour alone tells a screen reader or a black-and-white printout nothing). A card written
without a title gets the level's title from the settings, so a site outside the UK names its own emergency number.
Any other admonition type is left to the sanitizer, which keeps its text and drops the box. The title is Markdown
like the rest of the text and goes through the same sanitizer (`backpain/markdown.py`).
"""

import xml.etree.ElementTree as etree

from django.conf import settings
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

CARD_CLASS = "care-card"


def allowed_classes():
    """The classes the sanitizer keeps: those of care cards, nothing an author could use for anything else."""
    levels = {f"{CARD_CLASS}-{level}" for level in settings.CARE_CARD_LEVELS}
    return {"aside": {CARD_CLASS, *levels}, "h3": {f"{CARD_CLASS}-title"}, "span": {f"{CARD_CLASS}-level"}}


class CareCardTreeprocessor(Treeprocessor):
    def run(self, root):
        for element in root.iter("div"):
            classes = (element.get("class") or "").split()
            level = classes[1] if len(classes) == 2 and classes[0] == "admonition" else None
            if level in settings.CARE_CARD_LEVELS:
                self._make_card(element, level, settings.CARE_CARD_LEVELS[level])

    @staticmethod
    def _make_card(element, level, wording):
        element.tag = "aside"
        element.set("class", f"{CARD_CLASS} {CARD_CLASS}-{level}")
        first = element[0] if len(element) else None
        if first is not None and first.tag == "p" and first.get("class") == "admonition-title":
            title = first
            if title.text == level.capitalize() and len(title) == 0:
                title.text = wording["title"]  # written without a title: the site's own words
        else:
            title = etree.Element("p")
            title.text = wording["title"]
            element.insert(0, title)
        title.tag = "h3"
        title.set("class", f"{CARD_CLASS}-title")
        label = etree.Element("span", {"class": f"{CARD_CLASS}-level"})
        label.text = f"{wording['label']}:"
        label.tail = f" {title.text or ''}"
        title.text = None
        title.insert(0, label)


class CareCardExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        # Before inline processing (priority 20), so the title's Markdown is rendered like any other text.
        md.treeprocessors.register(CareCardTreeprocessor(md), "care_cards", 25)
