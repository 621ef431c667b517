"""Benchmark `policycheck check-case-study` on the whole real case-study folder.

Prints the median wall time of N runs of the console script (a fresh process each, as a
pre-commit hook runs: interpreter start, imports, policy, parsing, every rule including
check-config on every config the reports name), and, inside one process, the time to parse
and check the 20 reports once warm, split into parsing and rules. Not a test: exits 0.

    python bench/bench_case_study.py [--runs 7] [--corpus ../shared/corpus/massgen]

The default corpus is `$POLICYCHECK_SHARED/corpus/massgen` (`../shared` when unset), as in
`bench_config.py`.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from timing import bench_arguments, median_wall, tool  # bench/timing.py

PROJECT = Path(__file__).resolve().parents[1]
FOLDER = "docs/source/examples/case_studies"
TARGET = 1.0  # seconds for the whole folder: "well under a second"


def in_process(corpus: Path, runs: int) -> tuple[float, float, int]:
    """Warm, in one process: (parse seconds, parse+rules seconds, reports) per pass over the folder."""
    os.chdir(corpus)
    from policycheck.markdown.model import parse_document
    from policycheck.pipeline import check_files
    from policycheck.policy import load_policy
    from policycheck.runner import Runner

    policy = load_policy()
    skipped = ("README.md", "case-study-template.md")
    reports = sorted(str(p) for p in (corpus / FOLDER).glob("*.md") if p.name not in skipped)
    check_files(Runner(policy, offline=True), "case-study", reports)  # warm: imports, schemas, config checks
    parse_times, total_times = [], []
    for _ in range(runs):
        start = time.perf_counter()
        for path in reports:
            parse_document(Path(path).read_text(encoding="utf-8"), path, corpus)
        parse_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        check_files(Runner(policy, offline=True), "case-study", reports)  # a fresh memo of config checks
        total_times.append(time.perf_counter() - start)
    return statistics.median(parse_times), statistics.median(total_times), len(reports)


def main() -> int:
    args = bench_arguments(__doc__.splitlines()[0], runs=7)
    corpus = args.corpus.resolve()
    policycheck = tool("policycheck")
    if not (corpus / FOLDER).is_dir() or not policycheck:
        print(f"skipped: corpus {corpus} or the policycheck script not found; pass --corpus", file=sys.stderr)
        return 0
    wall, code = median_wall([policycheck, "check-case-study"], corpus, args.runs)
    parse, total, count = in_process(corpus, args.runs)
    print(f"corpus: {corpus} ({count} reports), median of {args.runs} runs, {os.cpu_count()} CPUs")
    print(f"policycheck check-case-study (whole folder, fresh process): {wall:.3f} s wall"
          f" (exit {code}; target < {TARGET:.1f} s: {'ok' if wall < TARGET else 'MISSED'})")
    print(f"  in process, warm: parse {parse * 1000:.0f} ms + rules {max(0.0, total - parse) * 1000:.0f} ms"
          f" = {total * 1000:.0f} ms for {count} reports ({total / count * 1000:.1f} ms per report)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
