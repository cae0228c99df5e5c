"""`isoback report` on the command line: formats, --since, --out (atomic), one-sentence errors."""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

import pytest

from isoback_tui.cli import run
from isoback_tui.report.command import report_command
from isoback_tui.store.history import HistoryStore
from tests.report.fixed_history import TODAY, history
from tests.report.test_formats import EXPECTED_MD


def cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(arg) for arg in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A history file holding the fixed history."""
    path = tmp_path / "h.json"
    store = HistoryStore(path)
    store.import_records(history())
    store.close()
    return path


def test_the_fixed_history_from_the_file_matches_the_markdown(db: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = report_command(
        db,
        since_days=21,
        fmt="md",
        out_path=None,
        target_per_week=7,
        out=out,
        err=err,
        today=TODAY,
    )
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue() == EXPECTED_MD


@pytest.mark.parametrize(
    ("fmt", "start"), [("md", "# isoback report: "), ("csv", "section,item"), ("html", "<!DOCTYPE")]
)
def test_each_format_to_stdout(db: Path, fmt: str, start: str) -> None:
    code, out, err = cli("report", "--since", "all", "--format", fmt, "--db", db)
    assert (code, err) == (0, "")
    assert out.startswith(start)
    assert "Stiff in the morning." in out


def test_the_default_is_markdown_of_30_days(db: Path) -> None:
    code, out, _err = cli("--db", db, "report")
    assert code == 0
    assert out.startswith("# isoback report: ")
    assert "target 7 a week" in out


def test_out_writes_the_file_owner_only_and_says_so(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "for the physio.html"
    target.write_text("old")
    argv = ["report", "--format", "html", "--out", target, "--db", db, "--since", "all"]
    code, out, err = cli(*argv)
    assert (code, out) == (0, "")
    assert err == f"isoback: Report written to {target}.\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_a_failed_write_is_one_sentence_and_exit_1(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "r.md"
    code, out, err = cli("report", "--out", target, "--db", db)
    assert (code, out) == (1, "")
    assert err == f"isoback: Could not write the report to {target}: no such file or directory.\n"
    assert not target.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_a_read_only_folder_keeps_the_old_report(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "r.md"
    target.write_text("old report")
    folder.chmod(0o500)
    try:
        code, _out, err = cli("report", "--out", target, "--db", db)
    finally:
        folder.chmod(0o700)
    assert code == 1 and err.count("\n") == 1 and "permission denied" in err
    assert target.read_text() == "old report"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_full_or_read_only_disk_keeps_the_old_report(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """As root too: the failure injected where the report is written, the old file kept."""
    from isoback_tui.report import command

    target = tmp_path / "r.md"
    target.write_text("old report")

    def refuse(path: Path, data: bytes) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(command, "write_atomic", refuse)
    exit_code, out, err = cli("report", "--out", target, "--db", db)
    assert (exit_code, out) == (1, "")
    assert err == f"isoback: Could not write the report to {target}: {os.strerror(code).lower()}.\n"
    assert target.read_text() == "old report"


def test_a_folder_as_out_is_one_sentence(db: Path, tmp_path: Path) -> None:
    code, _out, err = cli("report", "--out", tmp_path, "--db", db)
    assert code == 1
    assert err.startswith("isoback: Could not write the report to ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["report", "--since", "3m"], "--since takes a number of days or weeks"),
        (["report", "--since", "0d"], "--since takes a number of days or weeks"),
        (["report", "--format", "pdf"], "invalid choice: 'pdf'"),
        (["report", "--target", "0"], "--target must be from 1 to 50"),
        (["report", "--target", "x"], "is not a whole number"),
    ],
)
def test_usage_errors_exit_2_in_one_line(db: Path, argv: list[str], words: str) -> None:
    code, out, err = cli(*argv, "--db", db)
    assert (code, out) == (2, "")
    assert words in err and err.startswith("isoback: ") and err.count("\n") == 1


def test_a_damaged_history_is_named_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    path.write_text("{not json")
    code, out, err = cli("report", "--db", path)
    assert (code, out) == (1, "")
    assert str(path) in err and err.count("\n") == 1
    assert path.read_text() == "{not json"


def test_a_missing_history_is_an_empty_report(tmp_path: Path) -> None:
    code, out, _err = cli("report", "--db", tmp_path / "none.json")
    assert code == 0
    assert "No sessions in this period." in out
    assert not (tmp_path / "none.json").exists()
