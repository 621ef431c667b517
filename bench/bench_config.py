"""Benchmark `policycheck check-config` against check-jsonschema on the same files and schema.

Prints the median wall time of N runs (each a fresh subprocess, as a pre-commit hook runs)
for one config and for every agent config of the MassGen corpus, next to
`check-jsonschema --schemafile schemas/massgen-config.schema.json` on the same files, and the
ratio, all measured in one run. Not a test: it always exits 0.

    python bench/bench_config.py [--runs 7] [--corpus ../shared/corpus/massgen]
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from timing import bench_arguments, median_times, tool  # bench/timing.py

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA = PROJECT / "schemas" / "massgen-config.schema.json"
ONE = "massgen/configs/basic/multi/two_agents_gemini.yaml"
TARGETS = {"one config": 0.12, "whole corpus": 0.28}  # wall seconds on 2 cores (issue 11)


def corpus_files(corpus: Path) -> list[str]:
    configs = sorted((corpus / "massgen" / "configs").rglob("*.yaml"))
    return [p.relative_to(corpus).as_posix() for p in configs if "rate_limits" not in p.parts]


def main() -> int:
    args = bench_arguments(__doc__.splitlines()[0], runs=7)
    policycheck, checker = tool("policycheck"), tool("check-jsonschema")
    if not args.corpus.is_dir() or not policycheck:
        print(f"skipped: corpus {args.corpus} or the policycheck script not found")
        return 0
    files = corpus_files(args.corpus)
    cases = {"one config": [ONE], "whole corpus": files}
    print(f"medians of {args.runs} runs; {len(files)} corpus configs; {os.cpu_count()} CPUs")
    print(f"{'':20}{'policycheck':>13}{'check-jsonschema':>18}{'ratio':>8}  target")
    for label, names in cases.items():
        ours_wall, ours_cpu, our_code = median_times([policycheck, "check-config", *names], args.corpus, args.runs)
        theirs_wall, theirs_cpu, their_code = (
            median_times([checker, "--schemafile", str(SCHEMA), *names], args.corpus, args.runs)
            if checker else (float("nan"), float("nan"), -1))
        ok = "ok" if ours_wall <= TARGETS[label] and ours_wall < theirs_wall else "MISSED"
        print(f"{label + ', wall':20}{ours_wall:12.3f}s{theirs_wall:17.3f}s{theirs_wall / ours_wall:7.2f}x"
              f"  <= {TARGETS[label]} s: {ok}  (exit codes {our_code}, {their_code})")
        print(f"{label + ', CPU':20}{ours_cpu:12.3f}s{theirs_cpu:17.3f}s{theirs_cpu / ours_cpu:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
