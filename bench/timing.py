"""Shared by the bench scripts: wall time of a command as a fresh process, as a hook runs it."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def tool(name: str) -> str | None:
    """The console script next to this interpreter (both tools in one environment)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def bench_arguments(description: str, runs: int) -> argparse.Namespace:
    """--runs and --corpus (default: the MassGen corpus in $POLICYCHECK_SHARED or ../shared)."""
    project = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=runs)
    default = Path(os.environ.get("POLICYCHECK_SHARED", project.parent / "shared")) / "corpus" / "massgen"
    parser.add_argument("--corpus", type=Path, default=default)
    return parser.parse_args()


def median_wall(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Median wall seconds over `runs` fresh processes, and the last exit code."""
    wall, _, code = median_times(command, cwd, runs)
    return wall, code


def median_times(command: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    """Median wall and median CPU seconds (user + system, of the process and its children)
    over `runs` fresh processes, and the last exit code. CPU time barely moves when other
    work shares the machine; wall time does."""
    walls, cpus, code = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4 above
    return statistics.median(walls), statistics.median(cpus), code
