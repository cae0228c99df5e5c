"""The fast indented JSON writer matches the standard library byte for byte."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from isoback_tui.store.jsonout import dumps_indented, write_array

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(JSON)
def test_dumps_indented_matches_json_dumps(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


@given(st.lists(JSON, max_size=5))
def test_write_array_matches_json_dumps(items: list[Any]) -> None:
    out = io.StringIO()
    write_array(iter(items), out)
    assert out.getvalue() == json.dumps(items, indent=2, ensure_ascii=False)
