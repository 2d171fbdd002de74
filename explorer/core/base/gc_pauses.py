"""When Python's cyclic garbage collector may pause an interactive front end.

Measured on the loop-lag benchmark (50 hybrid queries in flight while the objects pane pages
through 10,000 objects, 2 cores, quiet machine, 2026-12-04): CPython's default thresholds ran 8
full (generation 2) collections in about 5 s, 1.6 s of pauses in all and up to 255 ms each. A
collection holds the GIL, so the UI's loop stops for its whole length whichever thread set it
off (the client's thread, parsing, sets off most of them). They were most of the lag: a 10 ms
timer's p99 lateness went from 220-470 ms to 96 ms with full collections deferred, and to 80-90
ms with the collector off altogether.

So while an app runs:
- the objects made at start (modules, widgets, the client) are frozen (``gc.freeze``): they live
  as long as the app, and a full collection no longer walks them;
- generations 0 and 1 are collected as before (short pauses, a few ms);
- a full collection runs only when the app asks for it, :meth:`GcPauses.collect_if_due`, which
  the app calls when nobody is typing and nothing is in flight; or, so memory stays bounded,
  when more than :data:`FORCED_AFTER` young collections have passed without one.

Acyclic garbage (most of it: pages of records, parsed responses) is freed by reference counting
at once, with or without the collector. :meth:`GcPauses.end` puts everything back as it was.
"""

from __future__ import annotations

import gc

#: The full-collection threshold while deferred: high enough that CPython never starts one.
DEFERRED_THRESHOLD = 1_000_000
#: Young (generation 1) collections after which a full one is due when the app next idles.
DUE_AFTER = 10
#: Young collections after which a full one runs even if the app never idles (about 7 million
#: net allocations at the default thresholds).
FORCED_AFTER = 1_000


class GcPauses:
    """Full collections deferred to the moments the app chooses, for as long as it runs."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self._frozen = False
        #: Full collections this policy ran (the tests count them).
        self.collections = 0

    @property
    def active(self) -> bool:
        return self._saved is not None

    def begin(self) -> None:
        """Defer full collections (generations 0 and 1 keep their thresholds)."""
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, DEFERRED_THRESHOLD)

    def freeze_startup(self) -> None:
        """Move every object alive now to the permanent generation (once)."""
        if self._saved is None or self._frozen:
            return
        gc.freeze()
        self._frozen = True

    def pending(self) -> int:
        """Young collections since the last full one."""
        return gc.get_count()[2]

    def collect_if_due(self, *, idle: bool) -> bool:
        """Run a full collection if one is due: when ``idle`` and :data:`DUE_AFTER` young
        collections have passed, or whatever ``idle`` says after :data:`FORCED_AFTER`."""
        if self._saved is None:
            return False
        pending = self.pending()
        if pending >= FORCED_AFTER or (idle and pending >= DUE_AFTER):
            gc.collect()
            self.collections += 1
            return True
        return False

    def end(self) -> None:
        """Thresholds as they were, and the frozen objects collectable again."""
        if self._saved is None:
            return
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        gc.set_threshold(*self._saved)
        self._saved = None
