"""A child process for the store tests: runs sessions until told to stop or killed.

child.py reps DB PREFIX REPS_PER_SESSION   sessions of REPS reps, forever:
    prints "rep <id> <n>" after each save returns, "done <id>" after finish
child.py hold DB ID REPS                   begins ID, saves REPS reps,
    prints "ready", then waits for a line on stdin (or a signal)
child.py finish DB PREFIX COUNT            finishes COUNT sessions, prints "done"
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

from isoback_tui.store import HistoryStore
from tests.core.record_builders import add_rep, empty_running_record


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def reps(db: Path, prefix: str, per_session: int) -> None:
    store = HistoryStore(db)
    n = 0
    while True:
        n += 1
        record = empty_running_record(f"{prefix}-{n}", reps=per_session, sets=1)
        store.begin(record)
        for rep in range(1, per_session * 4 + 1):
            add_rep(record, per_session)
            store.save_progress(record)
            _say(f"rep {record.id} {rep}")
        record.status = "completed"
        record.ended_at = record.started_at
        store.finish(record)
        _say(f"done {record.id}")


def hold(db: Path, session_id: str, count: int) -> None:
    store = HistoryStore(db)
    record = empty_running_record(session_id, reps=5, sets=1)
    store.begin(record)
    for _ in range(count):
        add_rep(record, 5)
        store.save_progress(record)
    _say("ready")
    sys.stdin.readline()
    store.close()
    _say("closed")


def finish(db: Path, prefix: str, count: int) -> None:
    store = HistoryStore(db)
    for n in range(count):
        record = empty_running_record(f"{prefix}-{n}")
        store.begin(record)
        add_rep(record, 15)
        store.save_progress(record)
        record.status = "completed"
        store.finish(record)
    _say("done")


def signals(db: Path, session_id: str) -> None:
    store = HistoryStore(db)
    record = empty_running_record(session_id, reps=15, sets=3)
    store.begin(record)

    def leave(_signum: int, _frame: FrameType | None) -> None:
        store.save_progress(record)
        store.close()
        os._exit(0)

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGHUP, leave)
    for rep in range(1, 181):
        add_rep(record, 15)
        store.save_progress(record)
        _say(f"rep {record.id} {rep}")
        time.sleep(0.002)
    sys.stdin.readline()


if __name__ == "__main__":
    mode, db, *rest = sys.argv[1:]
    if mode == "reps":
        reps(Path(db), rest[0], int(rest[1]))
    elif mode == "hold":
        hold(Path(db), rest[0], int(rest[1]))
    elif mode == "finish":
        finish(Path(db), rest[0], int(rest[1]))
    elif mode == "signals":
        signals(Path(db), rest[0])
    else:
        raise SystemExit(f"unknown mode {mode}")
