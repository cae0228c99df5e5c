"""The store package's names: HistoryStore and the TinyDB storage load on first use."""

from __future__ import annotations

import pytest

import isoback_tui.store as store
from isoback_tui.store.history import HistoryStore, StorageFactory
from isoback_tui.store.storage import AtomicJSONStorage


def test_each_lazy_name_is_the_real_thing() -> None:
    assert store.__getattr__("HistoryStore") is HistoryStore
    assert store.__getattr__("StorageFactory") is StorageFactory
    assert store.__getattr__("AtomicJSONStorage") is AtomicJSONStorage
    assert store.HistoryStore is HistoryStore


def test_an_unknown_name_is_the_usual_attribute_error() -> None:
    with pytest.raises(AttributeError) as raised:
        store.__getattr__("HistoryStor")
    assert str(raised.value) == "module 'isoback_tui.store' has no attribute 'HistoryStor'"
