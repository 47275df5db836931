"""Read a page the way a crawler does: its head tags, JSON-LD blocks and links, with the stdlib HTML parser."""

import json
from html.parser import HTMLParser


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta = {}
        self.meta_lists = {}
        self.links = []
        self.json_ld = []
        self.anchors = []
        self._in_title = False
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, attrs.get("content"))
            self.meta_lists.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "a":
            self.anchors.append(attrs)
        elif tag == "script":
            self._script = [] if attrs.get("type") == "application/ld+json" else None

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._script is not None:
            self.json_ld.append(json.loads("".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._script is not None:
            self._script.append(data)


class Page:
    """What a crawler reads from a response: `title`, `meta`, `links`, `json_ld` (parsed with json.loads)."""

    def __init__(self, response):
        self.html = response.content.decode()
        parser = _PageParser()
        parser.feed(self.html)
        self.title = parser.title
        self.meta = parser.meta
        self.meta_lists = parser.meta_lists
        self.links = parser.links
        self.json_ld = parser.json_ld
        self.anchors = parser.anchors

    def link(self, rel, **attrs):
        return [
            link
            for link in self.links
            if rel in link.get("rel", "").split() and all(link.get(k) == v for k, v in attrs.items())
        ]

    def graphs(self, schema_type):
        return [graph for graph in self.json_ld if graph.get("@type") == schema_type]

    def graph(self, schema_type):
        (graph,) = self.graphs(schema_type)
        return graph
