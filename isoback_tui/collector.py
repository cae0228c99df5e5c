"""Start-up without Python's cyclic garbage collector, until the first frame is drawn.

The collector runs after every few hundred new objects. Start-up makes tens
of thousands (modules, classes, widgets, styles), nearly all of which live
as long as the app, so each of those runs frees nothing and only delays the
first frame (about 40 ms of it on the 2-core machine, see bench/bench_waits.py).
Textual pauses the collector the same way during smooth scrolling
(`App.PAUSE_GC_ON_SCROLL`).

`pause()` is called first thing by the `isoback` command; `resume()` once
the first frame is on the terminal (the app's Ready event), or as soon as the
command turns out not to draw at all. Resuming freezes what start-up made
(`gc.freeze`: left out of later collections, which are then quicker) and
switches the collector back on. Nothing else changes: reference counting
frees most objects the moment they are dropped, collector or not.
"""

from __future__ import annotations

import gc

_paused_here = False


def pause() -> None:
    """Switch the collector off until `resume()`, unless something else already did."""
    global _paused_here
    if gc.isenabled():
        gc.disable()
        _paused_here = True


def resume() -> None:
    """Keep what start-up made out of later collections and switch the collector back on.

    Does nothing unless `pause()` switched it off: an app run by the tests,
    or a second resume, leaves the collector as it found it.
    """
    global _paused_here
    if _paused_here:
        _paused_here = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether `pause()` has the collector off now."""
    return _paused_here
