"""Benchmark `policycheck check-config` against check-jsonschema on the same files and schema.

Prints the median wall time of N runs (each a fresh subprocess, as a pre-commit hook runs)
for one config and for every agent config of the MassGen corpus, next to
`check-jsonschema --schemafile schemas/massgen-config.schema.json` on the same files, and the
ratio, all measured in one run. Not a test: it always exits 0.

    python bench/bench_config.py [--runs 7] [--corpus ../shared/corpus/massgen]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCHEMA = PROJECT / "schemas" / "massgen-config.schema.json"
ONE = "massgen/configs/basic/multi/two_agents_gemini.yaml"
TARGETS = {"one config": 0.25, "whole corpus": 0.6}  # seconds, on a 2-core machine


def tool(name: str) -> str | None:
    """The console script next to this interpreter (both tools in one environment)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def median_wall(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        code = proc.returncode
    return statistics.median(times), code


def corpus_files(corpus: Path) -> list[str]:
    configs = sorted((corpus / "massgen" / "configs").rglob("*.yaml"))
    return [p.relative_to(corpus).as_posix() for p in configs if "rate_limits" not in p.parts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    default = Path(os.environ.get("POLICYCHECK_SHARED", PROJECT.parent / "shared")) / "corpus" / "massgen"
    parser.add_argument("--corpus", type=Path, default=default)
    args = parser.parse_args()
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
