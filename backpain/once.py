"""Work that writes only note inside a block, done once when the outermost block ends without an error.

An import or an admin save writes an article and many of its rows; each write would otherwise redo derived work
(render the page, rank the sidebars) that only the last one needs.
"""

import threading
from contextlib import contextmanager


class DoneOnce:
    """`block()` opens a block (per thread); `note(items)` inside one defers them, and `work(noted)` runs at its end."""

    def __init__(self, work):
        self.work = work
        self._local = threading.local()

    @contextmanager
    def block(self):
        if getattr(self._local, "noted", None) is not None:
            yield  # nested: the outermost block does the work
            return
        self._local.noted = set()
        try:
            yield
            noted = self._local.noted
        finally:
            self._local.noted = None  # after an error too, so later writes on this thread are not held back
        if noted:
            self.work(noted)

    def note(self, items):
        """True, and the items noted, when a block is open on this thread: its end does their work."""
        noted = getattr(self._local, "noted", None)
        if noted is None:
            return False
        noted.update(items)
        return True
