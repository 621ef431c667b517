"""Shared by the bench scripts: wall time of a command as a fresh process, as a hook runs it."""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


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
    run = median_run(command, cwd, runs)
    return run.wall, run.cpu, run.code


# Linux counts in a process's peak memory the pages of the process it was forked from (before
# exec): started from this script, whose memory grows with the inputs it generates, every run
# would report at least this script's size. GNU time (a few MB) forks the command instead and
# writes that child's peak (%M, KB) to a file; wait4 still gives user + system time, the
# child's included. Without GNU time the peak is wait4's, an upper bound.
GNU_TIME = "/usr/bin/time"


@dataclass
class Run:
    """Medians over fresh processes: wall and CPU seconds, peak resident memory (the largest of
    the runs, in MB), and the last exit code."""

    wall: float
    cpu: float
    peak_mb: float
    code: int


def median_run(command: list[str], cwd: Path, runs: int, timeout: float | None = None) -> Run:
    """`command` run `runs` times as a fresh process; a run past `timeout` seconds is killed
    (its wall time is then the timeout and its exit code -9)."""
    walls, cpus, peaks, code = [], [], [], 0
    timed = os.path.exists(GNU_TIME)
    with tempfile.NamedTemporaryFile(prefix="policycheck-bench-") as peak_file:
        launcher = [GNU_TIME, "-f", "%M", "-o", peak_file.name] if timed else []
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen(launcher + command, cwd=cwd, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
            status, usage = _wait(proc, timeout)
            walls.append(time.perf_counter() - start)
            cpus.append(usage.ru_utime + usage.ru_stime)
            peaks.append(_peak_kb(peak_file.name) if timed else usage.ru_maxrss)
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code  # reaped by wait4 above
    return Run(statistics.median(walls), statistics.median(cpus), max(peaks) / 1024, code)


def _peak_kb(path: str) -> int:
    """The last line GNU time wrote: the child's peak in KB ("Command exited with non-zero
    status N" comes first when it failed)."""
    lines = Path(path).read_text().split()
    return int(lines[-1]) if lines and lines[-1].isdigit() else 0


def _wait(proc: subprocess.Popen[bytes], timeout: float | None) -> tuple[int, Any]:
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, 0 if deadline is None else os.WNOHANG)
        if pid:
            return status, usage
        if deadline is not None and time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # GNU time and the command it runs
            _, status, usage = os.wait4(proc.pid, 0)
            return status, usage
        time.sleep(0.01)
