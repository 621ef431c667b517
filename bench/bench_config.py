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

from timing import bench_arguments, median_wall, tool  # bench/timing.py

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA = PROJECT / "schemas" / "massgen-config.schema.json"
ONE = "massgen/configs/basic/multi/two_agents_gemini.yaml"
TARGETS = {"one config": 0.25, "whole corpus": 0.6}  # seconds, on a 2-core machine






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
    print(f"median wall time of {args.runs} runs; {len(files)} corpus configs; {os.cpu_count()} CPUs")
    print(f"{'':14}{'policycheck':>13}{'check-jsonschema':>18}{'ratio':>8}  target")
    for label, names in cases.items():
        ours, our_code = median_wall([policycheck, "check-config", *names], args.corpus, args.runs)
        theirs, their_code = (median_wall([checker, "--schemafile", str(SCHEMA), *names], args.corpus, args.runs)
                              if checker else (float("nan"), -1))
        ok = "ok" if ours <= TARGETS[label] and ours < theirs else "MISSED"
        print(f"{label:14}{ours:12.3f}s{theirs:17.3f}s{theirs / ours:7.2f}x  <= {TARGETS[label]} s: {ok}"
              f"  (exit codes {our_code}, {their_code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
