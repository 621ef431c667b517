"""Shared fixtures: the corpus, the installed console script, real git repositories, the
network guard, and one pre-commit environment per test session."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("POLICYCHECK_SHARED", PROJECT.parent / "shared"))
CORPUS = SHARED / "corpus" / "massgen"
CONFIGS = CORPUS / "massgen" / "configs"
REPORTS = CORPUS / "docs" / "source" / "examples" / "case_studies"


@pytest.fixture
def corpus() -> Path:
    """The real MassGen v0.1.12 files; tests that need them skip where they are absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"MassGen corpus not found at {CORPUS}: put the shared folder beside the clone, or set"
                    " POLICYCHECK_SHARED to a folder holding corpus/massgen (README, Quick start)")
    return CORPUS


# --- the network guard: tests may talk to 127.0.0.1 and nothing else -----------------------

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else address
    if (isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))) or self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    raise OSError(f"test tried to reach {host!r}: tests only talk to 127.0.0.1")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


# --- the installed console script -----------------------------------------------------------

def policycheck_script() -> str:
    """The console script installed next to this interpreter (as a user would run it)."""
    candidate = Path(sys.executable).with_name("policycheck")
    return str(candidate) if candidate.exists() else shutil.which("policycheck") or "policycheck"


@dataclass
class Run:
    code: int
    out: str
    err: str


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: no GitHub, CI or pre-commit variables leaking in."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "GH_", "PRE_COMMIT_", "RUNNER_", "POLICYCHECK_", "GIT_"))
           and k.lower() not in ("ci", "no_color", "force_color", "http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    # Git reads no config of the developer's; a stray request from a subprocess fails at once
    # (the only servers tests talk to are on 127.0.0.1, which bypasses the proxy).
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", HTTP_PROXY="http://127.0.0.1:9",
               HTTPS_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1,localhost")
    env.update(extra)
    return env


def run_policycheck(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None,
                    stdin: str | None = None, timeout: float = 120) -> Run:
    """The installed script; past `timeout` seconds (a hang guard, not a timing) the test fails."""
    proc = subprocess.run([policycheck_script(), *args], cwd=cwd, env=env or clean_env(), input=stdin,
                          capture_output=True, text=True, timeout=timeout)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli() -> type:
    """`cli(*args, cwd=..., env=...)` runs the installed `policycheck` in a subprocess."""
    return run_policycheck  # type: ignore[return-value]


# --- real git repositories -------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.invalid",
    "GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
}


class GitRepo:
    """A real repository in a temporary folder, independent of the developer's git config."""

    def __init__(self, path: Path, home: Path):
        self.path = path
        self.env = clean_env(**GIT_ENV, HOME=str(home))

    def git(self, *args: str) -> str:
        proc = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout.strip()

    def write(self, relpath: str, text: str | bytes) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str, date: str | None = None) -> str:
        self.git("add", "-A")
        env_date = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        saved = dict(self.env)
        self.env.update(env_date)
        try:
            self.git("commit", "-q", "--allow-empty", "-m", message)
        finally:
            self.env = saved
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    home = tmp_path / "home"
    home.mkdir()
    path = tmp_path / "repo"
    path.mkdir()
    repo = GitRepo(path, home)
    repo.git("init", "-q", "-b", "main")
    return repo


# --- pre-commit: one hook environment for the whole session ----------------------------------

@dataclass(frozen=True)
class HookRepo:
    path: Path
    rev: str
    home: Path
    wheelhouse: Path

    def try_repo(self, repo: GitRepo, hook: str, *args: str, env: dict[str, str] | None = None) -> Run:
        """`pre-commit try-repo` of this project's snapshot.

        try-repo builds a fresh hook environment in a temporary store every time; what is
        shared per session is the wheelhouse it installs from, so each build is a local,
        offline `pip install` of ready wheels instead of a download and a compile.
        """
        full_env = dict(repo.env, PRE_COMMIT_HOME=str(self.home), PIP_FIND_LINKS=str(self.wheelhouse),
                        PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **(env or {}))
        proc = subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(self.path), hook, "--ref", self.rev,
             "--color", "never", *args],
            cwd=repo.path, env=full_env, capture_output=True, text=True, timeout=600)
        return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HookRepo]:
    """A committed snapshot of this project's working tree (uncommitted edits included)."""
    base = tmp_path_factory.mktemp("hook-repo")
    snapshot = base / "policycheck"
    ignore = shutil.ignore_patterns(".git", ".venv", ".ci-venv", "*.egg-info", "__pycache__", "build", "dist",
                                    ".pytest_cache")
    shutil.copytree(PROJECT, snapshot, ignore=ignore)
    home = base / "home"
    home.mkdir()
    repo = GitRepo(snapshot, home)
    repo.git("init", "-q", "-b", "main")
    rev = repo.commit("snapshot")
    wheelhouse = base / "wheelhouse"
    # The project, its dependencies and its build backend, as wheels, once per session.
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--wheel-dir", str(wheelhouse), str(snapshot),
                           "hatchling", "pip", "setuptools", "wheel"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    yield HookRepo(snapshot, rev, base / "pre-commit-home", wheelhouse)
