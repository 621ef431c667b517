"""Every benchmark row of `bench/RESULTS.md` in one run: policycheck next to check-jsonschema.

Each row is the median of N fresh processes (as a pre-commit hook runs) with wall time, CPU
time and peak resident memory (the largest of the runs). Config rows also run
`check-jsonschema --schemafile schemas/massgen-config.schema.json` on the same files in the
same run, and give the ratio (theirs / ours: above 1 is faster). Rows:

- one config; the corpus's agent configs; one report; the corpus's case-study reports;
- the whole corpus (configs and reports: `check-config` then `check-case-study`);
- the corpus replicated 10 times in a scratch folder (the same files under ten names);
- the worst inputs of `bench/adversarial.py` (1 MiB configs, reports and an issue body),
  when that script is present.

Not a test: it always exits 0. Prints a Markdown table, and the targets it compares with.

    python bench/bench_suite.py [--runs 7] [--corpus ../shared/corpus/massgen]
"""
from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from timing import Run, bench_arguments, median_run, tool  # bench/timing.py

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA = PROJECT / "schemas" / "massgen-config.schema.json"
ONE_CONFIG = "massgen/configs/basic/multi/two_agents_gemini.yaml"
REPORTS = "docs/source/examples/case_studies"
SKIPPED_REPORTS = ("README.md", "case-study-template.md")
COPIES = 10
PEAK_MB = 40.0  # the memory target of every row
TARGETS = {"one config": 0.12, "agent configs": 0.28, "case-study reports": 0.40}  # wall seconds
HANG_GUARD = 120.0  # seconds: an adversarial run past this is killed and shown as such


@dataclass
class Row:
    label: str
    files: int
    ours: Run
    theirs: Run | None = None
    target: str = ""


def corpus_configs(corpus: Path) -> list[str]:
    configs = sorted((corpus / "massgen" / "configs").rglob("*.yaml"))
    return [p.relative_to(corpus).as_posix() for p in configs if "rate_limits" not in p.parts]


def corpus_reports(corpus: Path) -> list[str]:
    reports = sorted((corpus / REPORTS).glob("*.md"))
    return [p.relative_to(corpus).as_posix() for p in reports if p.name not in SKIPPED_REPORTS]


def summed(first: Run, second: Run) -> Run:
    """Two commands one after the other (a hook stage that runs both)."""
    return Run(first.wall + second.wall, first.cpu + second.cpu, max(first.peak_mb, second.peak_mb),
               max(first.code, second.code))


@contextmanager
def replicated(corpus: Path, configs: list[str], reports: list[str]) -> Iterator[Path]:
    """A scratch repository holding the corpus's configs and reports `COPIES` times (copy N of
    a file under `copyN/`, so a report's links to its configs stay inside its copy)."""
    with tempfile.TemporaryDirectory(prefix="policycheck-bench-") as scratch:
        root = Path(scratch)
        (root / ".git").mkdir()  # the repository root policycheck looks for
        for n in range(COPIES):
            for name in [*configs, *reports]:
                target = root / f"copy{n}" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(corpus / name, target)
        yield root


def config_row(label: str, names: list[str], cwd: Path, runs: int, ours: str, theirs: str | None,
               target: str = "") -> Row:
    mine = median_run([ours, "check-config", *names], cwd, runs)
    other = median_run([theirs, "--schemafile", str(SCHEMA), *names], cwd, runs) if theirs else None
    return Row(label, len(names), mine, other, target)


def corpus_rows(corpus: Path, runs: int, ours: str, theirs: str | None) -> list[Row]:
    configs, reports = corpus_configs(corpus), corpus_reports(corpus)
    rows = [config_row("one config", [ONE_CONFIG], corpus, runs, ours, theirs, "<= 0.12 s"),
            config_row("agent configs", configs, corpus, runs, ours, theirs, "<= 0.28 s"),
            Row("one report", 1, median_run([ours, "check-case-study", reports[0]], corpus, runs)),
            Row("case-study reports", len(reports), median_run([ours, "check-case-study", *reports], corpus, runs),
                target="<= 0.40 s")]
    # check-jsonschema cannot read Markdown: the rows with reports have no ratio
    whole = summed(rows[1].ours, rows[3].ours)
    rows.append(Row("whole corpus (configs, then reports)", len(configs) + len(reports), whole))
    with replicated(corpus, configs, reports) as root:
        many = [f"copy{n}/{name}" for n in range(COPIES) for name in configs]
        big = config_row(f"corpus x{COPIES}: configs", many, root, runs, ours, theirs,
                         f"<= {COPIES}x agent configs ({COPIES * rows[1].ours.wall:.2f} s)")
        docs = median_run([ours, "check-case-study", *[f"copy{n}/{r}" for n in range(COPIES) for r in reports]],
                          root, runs)
        rows.append(big)
        rows.append(Row(f"corpus x{COPIES} (configs, then reports)", len(many) + COPIES * len(reports),
                        summed(big.ours, docs), target=f"<= {COPIES}x whole corpus ({COPIES * whole.wall:.2f} s)"))
    return rows


def adversarial_rows(runs: int, ours: str, theirs: str | None) -> list[Row]:
    """Every input of `bench/adversarial.py`; a config also through check-jsonschema."""
    import adversarial  # bench/adversarial.py

    rows = []
    with tempfile.TemporaryDirectory(prefix="policycheck-adversarial-") as scratch:
        root = Path(scratch)
        for name, case in adversarial.CASES.items():
            adversarial.write_case(name, root)
            mine = median_run(adversarial.command(name, ours), root, runs, timeout=HANG_GUARD)
            other = (median_run([theirs, "--schemafile", str(SCHEMA), case.file], root, runs, timeout=HANG_GUARD)
                     if theirs and case.command == "check-config" else None)
            rows.append(Row(f"adversarial {name}", 1, mine, other, "< 2 s CPU, < 200 MB"))
    return rows


def table(rows: list[Row]) -> str:
    head = ("| case | files | policycheck wall | CPU | peak MB | exit | check-jsonschema wall | CPU | peak MB"
            " | ratio (wall) | target |\n|" + " --- |" * 11)
    lines = [head]
    for row in rows:
        ours, theirs = row.ours, row.theirs
        other = (f"{theirs.wall:.3f} s | {theirs.cpu:.3f} s | {theirs.peak_mb:.0f}" if theirs else "- | - | -")
        ratio = f"{theirs.wall / ours.wall:.2f}x" if theirs and ours.wall else "-"
        lines.append(f"| {row.label} | {row.files} | {ours.wall:.3f} s | {ours.cpu:.3f} s | {ours.peak_mb:.0f} |"
                     f" {ours.code} | {other} | {ratio} | {row.target} |")
    return "\n".join(lines)


def main() -> int:
    args = bench_arguments(__doc__.splitlines()[0], runs=7)
    corpus = args.corpus.resolve()
    ours, theirs = tool("policycheck"), tool("check-jsonschema")
    if not (corpus / REPORTS).is_dir() or not ours:
        print(f"skipped: corpus {corpus} or the policycheck script not found; pass --corpus")
        return 0
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"{started}; {platform.python_implementation()} {platform.python_version()}; {os.cpu_count()} CPUs;"
          f" load average {os.getloadavg()[0]:.2f}; medians of {args.runs} runs"
          f"{'' if theirs else '; check-jsonschema not installed'}\n")
    rows = corpus_rows(corpus, args.runs, ours, theirs) + adversarial_rows(max(1, args.runs // 3), ours, theirs)
    print(table(rows))
    print(f"\nTargets: peak memory <= {PEAK_MB:.0f} MB on every row, and faster than check-jsonschema on"
          " every row that has it.")
    over = [r.label for r in rows if r.ours.peak_mb > PEAK_MB]
    slower = [r.label for r in rows if r.theirs and r.theirs.wall <= r.ours.wall]
    print(f"Over {PEAK_MB:.0f} MB: {', '.join(over) or 'none'}. Not ahead of check-jsonschema:"
          f" {', '.join(slower) or 'none'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
