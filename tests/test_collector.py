"""The start-up pause of Python's cyclic garbage collector (isoback_tui/collector.py)."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator

import pytest

from isoback_tui import collector
from isoback_tui.cli.main import run


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the collector is on and nothing stays frozen afterwards."""
    yield
    collector.resume()
    gc.unfreeze()
    gc.enable()


def test_pause_then_resume_switches_the_collector_off_and_on_again() -> None:
    collector.pause()
    assert not gc.isenabled() and collector.paused()
    collector.resume()
    assert gc.isenabled() and not collector.paused()
    assert gc.get_freeze_count() > 0  # what start-up made is left out of later collections


def test_resume_leaves_a_collector_it_did_not_pause_alone() -> None:
    gc.disable()  # switched off by someone else
    collector.pause()
    collector.resume()
    assert not gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_resume_twice_is_harmless() -> None:
    collector.pause()
    collector.resume()
    gc.disable()  # someone else's business after the resume
    collector.resume()
    assert not gc.isenabled()


def test_a_command_that_draws_nothing_runs_with_the_collector_on() -> None:
    collector.pause()
    out, err = io.StringIO(), io.StringIO()
    assert run(["routines"], out, err) == 0
    assert gc.isenabled()
