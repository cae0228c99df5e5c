"""Hostile bytes from files and people never reach the terminal raw (issue 7).

Everything the command line prints from routine files, the history or
import files goes through the one sanitiser (`core.text.clean`); JSON keeps
the data exact but escapes DEL, C1 and bidi controls; CSV cells can't become
spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isoback_tui.cli import run
from isoback_tui.core.text import clean, escape_json, shorten
from isoback_tui.store import HistoryStore
from tests.core.record_builders import numbered_record

# An OSC 52 clipboard write, clear screen, carriage return, backspace, DEL,
# a C1 CSI, a right-to-left override and a lone surrogate.
HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\r\b\x7f\x9b\u202e\udcff"
TOML_HOSTILE = HOSTILE.removesuffix("\udcff")  # TOML has no lone surrogates
# Nothing a terminal acts on: C0 (except the line feeds between lines), DEL, C1, bidi.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def cli(*argv: str | Path) -> tuple[int, str, str]:
    """Run the command line in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = run([str(arg) for arg in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def assert_nothing_raw(*texts: str) -> None:
    for text in texts:
        assert not RAW.search(text), repr(RAW.search(text))
        text.encode("utf-8")  # strict: no lone surrogate left


def hostile_routine(folder: Path) -> None:
    name = json.dumps("Mine " + TOML_HOSTILE)  # TOML basic strings take JSON's escapes
    (folder / "hostile.toml").write_text(
        f'name = {name}\nlevel = {name}\n[[exercises]]\nid = "a"\nname = {name}\n',
        encoding="utf-8",
    )


def test_the_sanitiser_makes_every_hostile_character_visible() -> None:
    shown = clean(HOSTILE)
    assert_nothing_raw(shown)
    assert shown == "\u241b]52;c;ZXZpbA==\u2407\u241b[2J \u2408\u2421\ufffd\ufffd\ufffd"


def test_json_escaping_keeps_the_data_exact() -> None:
    encoded = escape_json(json.dumps({"n": HOSTILE}, ensure_ascii=False))
    assert_nothing_raw(encoded)
    assert json.loads(encoded) == {"n": HOSTILE}
    assert "\\u007f" in encoded and "\\u009b" in encoded and "\\u202e" in encoded


@given(st.text(st.characters(codec=None, exclude_categories=())))
def test_nothing_raw_survives_the_sanitiser_or_the_json_escape(text: str) -> None:
    assert_nothing_raw(clean(text).replace("\n", " "))
    assert "\n" not in clean(text)
    encoded = escape_json(json.dumps(text, ensure_ascii=False))
    assert_nothing_raw(encoded)
    assert json.loads(encoded) == text


def test_shorten_cuts_by_terminal_cells_with_an_ellipsis() -> None:
    assert shorten("abc", 3) == "abc"
    assert shorten("abcdef", 4) == "abc\u2026"
    assert shorten("\u4e2d\u6587\u4e2d\u6587", 5) == "\u4e2d\u6587\u2026"


def test_routines_prints_hostile_names_cleanly(routines_dir: Path) -> None:
    hostile_routine(routines_dir)
    code, out, err = cli("routines")
    assert (code, err) == (0, "")
    assert_nothing_raw(out.replace("\t", " "))  # tabs separate the columns
    assert out.splitlines()[-1].count("\t") == 3
    assert "Mine \u241b]52" in out

    code, out, err = cli("routines", "--json")
    assert (code, err) == (0, "")
    assert_nothing_raw(out)
    mine = json.loads(out)[-1]
    assert mine["name"] == mine["level"] == mine["exercises"][0]["name"] == "Mine " + TOML_HOSTILE


def test_skipped_messages_are_clean(routines_dir: Path) -> None:
    (routines_dir / "bad\x1b[2J\x9b.toml").write_text("name = ", encoding="utf-8")
    key = json.dumps("k\x1b]52;c;eA==\x07")
    (routines_dir / "unknown.toml").write_text(
        f'name = "x"\n{key} = 1\n[[exercises]]\nid = "a"\nname = "A"\n', encoding="utf-8"
    )
    code, _out, err = cli("routines")
    assert code == 0
    assert err.count("\n") == 2 and err.count("isoback: skipped ") == 2
    assert_nothing_raw(err)
    assert "bad\u241b[2J\ufffd.toml" in err


def test_a_long_routine_name_is_cut_in_the_table(routines_dir: Path) -> None:
    (routines_dir / "long.toml").write_text(
        f'name = "{"n" * 150}"\n[[exercises]]\nid = "a"\nname = "A"\n', encoding="utf-8"
    )
    code, out, _err = cli("routines")
    assert code == 0
    line = out.splitlines()[-1]
    assert "n" * 59 + "\u2026" in line and "n" * 60 not in line


def hostile_history(db: Path) -> None:
    record = numbered_record(1, note="note " + HOSTILE)
    record.routine_name = "Routine " + HOSTILE
    record.exercises[0].name = "Exercise " + HOSTILE
    HistoryStore(db).import_records([record])


def test_history_table_json_and_csv_are_clean(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    hostile_history(db)
    code, table, err = cli("history", "--db", db)
    assert (code, err) == (0, "")
    assert_nothing_raw(table)
    assert "Routine \u241b]52" in table

    code, out, err = cli("history", "--json", "--db", db)
    assert (code, err) == (0, "")
    assert_nothing_raw(out)
    [session] = json.loads(out)
    assert session["note"] == "note " + HOSTILE
    assert session["routine_name"] == "Routine " + HOSTILE
    assert session["exercises"][0]["name"] == "Exercise " + HOSTILE

    code, out, err = cli("history", "--csv", "--db", db)
    assert (code, err) == (0, "")
    assert_nothing_raw(out.replace("\r", ""))
    [row] = csv.DictReader(io.StringIO(out))
    assert row["note"] == clean("note " + HOSTILE, single_line=False)


def test_a_long_routine_name_is_cut_in_the_history_table(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    record = numbered_record(1)
    record.routine_name = "r" * 100_000
    HistoryStore(db).import_records([record])
    code, out, _err = cli("history", "--db", db)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) < 150
    assert "r" * 39 + "\u2026" in out


@pytest.mark.parametrize(
    "note",
    ['=HYPERLINK("http://x","y")', "+1+cmd", "-2", "@SUM(A1)", "\t=1", "\r=1", "  =1"],
)
def test_csv_cells_never_start_a_formula(tmp_path: Path, note: str) -> None:
    db = tmp_path / "h.json"
    record = numbered_record(1, note=note)
    record.routine_name = note
    HistoryStore(db).import_records([record])
    code, out, _err = cli("history", "--csv", "--db", db)
    assert code == 0
    [row] = csv.DictReader(io.StringIO(out))
    for column in ("note", "routine_name"):
        assert row[column].startswith("'"), row[column]
        assert row[column] == clean("'" + note, single_line=False)


def test_a_harmless_csv_cell_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "h.json"
    HistoryStore(db).import_records([numbered_record(1, note="felt fine - 3 = ok")])
    [row] = csv.DictReader(io.StringIO(cli("history", "--csv", "--db", db)[1]))
    assert row["note"] == "felt fine - 3 = ok"


def test_error_messages_naming_a_file_are_clean(tmp_path: Path) -> None:
    weird = tmp_path / "h\x1b[2J\x9b\u202e.json"
    weird.write_text("{not json", encoding="utf-8")
    code, out, err = cli("history", "--db", weird)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert_nothing_raw(err)
    code, out, err = cli("import", weird, "--db", tmp_path / "other.json")
    assert (code, out) == (1, "")
    assert_nothing_raw(err)


def test_an_unknown_routine_named_on_the_command_line_is_clean() -> None:
    code, _out, err = cli("start", "x\x1b]52;c;eA==\x07")
    assert code == 2
    assert_nothing_raw(err)
