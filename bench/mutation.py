"""Mutation testing of isoback_tui/core/ and isoback_tui/store/ with mutmut, then a score table.

    .venv/bin/python bench/mutation.py [MODULE ...] [--max-children N] [--report-only]

mutmut (configured in pyproject.toml's `[tool.mutmut]`) copies the package
into `mutants/`, changes one small thing at a time in core/ and store/ (a
`<` for a `<=`, a `True` for a `False`, a string for another) and runs the
tests that call the changed function; a mutant that no test notices
"survived". Then this script prints, a row a module, how many mutants the
tests killed out of how many, the score, and the survivors' names (see one
with `.venv/bin/mutmut show NAME`, at the repository's root).

MODULE narrows the run to some modules, e.g. `core.engine store.storage`
(mutant name globs, `isoback_tui.core.engine.*`), or to some mutants by name
or glob (`core.engine.x_first_unfinished_rep*`); without it, all of core/
and store/. Results are kept in `mutants/` between runs: mutants whose
function and tests did not change are not run again. Delete `mutants/` for
a run from scratch. `--max-children` is how many mutants run at once
(mutmut's default is one per core); `--report-only` prints the table of the
last run without running anything; `--diffs` adds each survivor's change.

Everything written goes under the repository's `mutants/` folder (ignored by
git): mutmut's copy and results, and the tests' temporary files (TMPDIR is
pointed at `mutants/tmp`). Not run in CI: a whole run takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
PACKAGE = "isoback_tui"
MUTATED_FOLDERS = ("core", "store")

# mutmut's exit codes (mutmut/stats.py), folded into what the table counts.
KILLED_CODES = {1, 3, 36, 37, 24, -24, 152, 255}  # failed tests, timeouts, type check
SURVIVED_CODES = {0}
NO_TESTS_CODES = {5, 33}
SKIPPED_CODES = {34}


@dataclass
class ModuleScore:
    """The outcome of one module's mutants."""

    module: str
    killed: int = 0
    survived: list[str] = field(default_factory=list)
    no_tests: list[str] = field(default_factory=list)
    other: Counter[str] = field(default_factory=Counter)
    not_run: int = 0

    @property
    def total(self) -> int:
        """Mutants that ran or could not run for lack of tests (skipped and unrun ones left out)."""
        return self.killed + len(self.survived) + len(self.no_tests) + sum(self.other.values())

    @property
    def score(self) -> float:
        """Killed as a percentage of the total; 0 when nothing ran."""
        return 100.0 * self.killed / self.total if self.total else 0.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line: modules to narrow the run to, workers, or the table alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "modules",
        nargs="*",
        metavar="MODULE",
        help="e.g. core.engine or store.storage (default: all of core/ and store/)",
    )
    parser.add_argument(
        "--max-children",
        type=int,
        default=None,
        help="mutants run at once (default: mutmut's, one per core)",
    )
    parser.add_argument(
        "--report-only", action="store_true", help="print the last run's table, run nothing"
    )
    parser.add_argument(
        "--diffs", action="store_true", help="after the table, each survivor's change as a diff"
    )
    return parser.parse_args(argv)


def mutant_globs(modules: list[str]) -> list[str]:
    """Turn `core.engine` (or `isoback_tui.core.engine`) into mutmut's name glob.

    A mutant's name or a glob of names (`core.engine.x_first_unfinished_rep*`) is kept.
    """
    globs = []
    for module in modules:
        dotted = module.removesuffix(".py").replace("/", ".")
        if not dotted.startswith(PACKAGE + "."):
            dotted = f"{PACKAGE}.{dotted}"
        named = "*" in dotted or "__mutmut_" in dotted
        globs.append(dotted if named else f"{dotted}.*")
    return globs


def module_of(glob: str) -> str:
    """`isoback_tui.core.engine.*` or a mutant's name in it -> `core.engine`."""
    parts = glob.removeprefix(PACKAGE + ".").split(".")
    return ".".join(parts[:2])


def run_mutmut(globs: list[str], max_children: int | None) -> int:
    """Run `mutmut run` at the repository's root; its exit status."""
    tmp = MUTANTS / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TMPDIR=str(tmp))
    command = [sys.executable, "-m", "mutmut", "run"]
    if max_children is not None:
        command += ["--max-children", str(max_children)]
    return subprocess.run([*command, *globs], cwd=ROOT, env=env, check=False).returncode


def module_name(meta: Path) -> str:
    """`mutants/isoback_tui/core/engine.py.meta` -> `core.engine`."""
    relative = meta.relative_to(MUTANTS / PACKAGE).with_suffix("").with_suffix("")
    return ".".join(relative.parts)


def collect_scores(modules: list[str]) -> list[ModuleScore]:
    """Read mutmut's results from `mutants/`, one score a module (those asked for, or all)."""
    wanted = {module_of(g) for g in mutant_globs(modules)}
    scores = []
    for folder in MUTATED_FOLDERS:
        for meta in sorted((MUTANTS / PACKAGE / folder).glob("*.py.meta")):
            name = module_name(meta)
            if wanted and name not in wanted:
                continue
            exit_codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
            score = ModuleScore(name)
            for mutant, code in sorted(exit_codes.items()):
                if code is None:
                    score.not_run += 1
                elif code in KILLED_CODES:
                    score.killed += 1
                elif code in SURVIVED_CODES:
                    score.survived.append(mutant)
                elif code in NO_TESTS_CODES:
                    score.no_tests.append(mutant)
                elif code in SKIPPED_CODES:
                    continue
                else:
                    score.other[f"exit {code}"] += 1
            if exit_codes:
                scores.append(score)
    return scores


def short(mutant: str) -> str:
    """A survivor's name without the package and module (`xǁEngineǁpause__mutmut_3`)."""
    return mutant.rsplit(".", 1)[-1]


def print_table(scores: list[ModuleScore]) -> None:
    """The per-module table, a total, then each module's survivors by name."""
    print()
    print("| module | killed | total | score | survived | no tests | not run |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for s in scores:
        print(
            f"| {s.module} | {s.killed} | {s.total} | {s.score:.1f}% | {len(s.survived)} "
            f"| {len(s.no_tests)} | {s.not_run} |"
        )
    killed = sum(s.killed for s in scores)
    total = sum(s.total for s in scores)
    if total:
        print(f"| all | {killed} | {total} | {100.0 * killed / total:.1f}% | | | |")
    for s in scores:
        if s.survived or s.no_tests or s.other:
            print(f"\n{s.module}:")
            for mutant in s.survived:
                print(f"  survived  {short(mutant)}")
            for mutant in s.no_tests:
                print(f"  no tests  {short(mutant)}")
            for outcome, count in sorted(s.other.items()):
                print(f"  {outcome}: {count} mutants (mutmut calls these suspicious)")
    print("\nSee one: .venv/bin/mutmut show NAME (the full name, from `.venv/bin/mutmut results`)")


def print_diffs(scores: list[ModuleScore]) -> None:
    """Each survivor's change, as `mutmut show` prints it (the lines around it, as a diff)."""
    for s in scores:
        for mutant in s.survived + s.no_tests:
            shown = subprocess.run(
                [sys.executable, "-m", "mutmut", "show", mutant],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            changed = [
                line
                for line in shown.stdout.splitlines()
                if line[:1] in "-+" and line[:3] not in ("---", "+++")
            ]
            print(f"\n{short(mutant)} ({s.module})")
            print("\n".join(changed) if changed else shown.stdout + shown.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run mutmut (unless --report-only), then print the scores; mutmut's exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    status = 0
    if not args.report_only:
        status = run_mutmut(mutant_globs(args.modules), args.max_children)
    if not MUTANTS.is_dir():
        print("No mutants/ folder yet: run without --report-only first.", file=sys.stderr)
        return 1
    scores = collect_scores(args.modules)
    print_table(scores)
    if args.diffs:
        print_diffs(scores)
    return status


if __name__ == "__main__":
    sys.exit(main())
