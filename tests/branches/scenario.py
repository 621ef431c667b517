"""Helpers for the branch and release tests: real repositories shaped like MassGen's, the
stand-in GitHub server, and the environment a user (or CI) would run policycheck in."""
from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

import pytest
from conftest import GitRepo, Run, run_policycheck
from github_server import FakeGitHub, github_server  # noqa: F401 (the fixture)

from policycheck.branches.context import BranchContext
from policycheck.branches.targets import (
    FEATURE,
    RELEASE,
    BranchClass,
    BranchTarget,
    IssueCheck,
    Reference,
    ReleaseTarget,
    ReportCandidate,
)
from policycheck.checking import CheckContext
from policycheck.findings import Location
from policycheck.policy import load_policy
from policycheck.sources.git import Commit
from policycheck.sources.github import Issue

POLICY = load_policy(cwd=Path(__file__).parent)  # the default policy

REPO = "massgen/MassGen"
REPORTS_DIR = "docs/source/examples/case_studies"
CONFIG = "massgen/configs/basic/single/demo_agent.yaml"
BASE_DATE = "2025-03-01T10:00:00+00:00"
WORK_DATE = "2025-03-03T10:00:00+00:00"
ISSUE_BEFORE = "2025-03-02T09:00:00Z"
ISSUE_AFTER = "2025-03-04T09:00:00Z"

CONFIG_TEXT = """agents:
  - id: "demo-agent"
    backend:
      type: "openai"
      model: "gpt-5-nano"
ui:
  display_type: "rich_terminal"
  logging_enabled: true
"""

FILLED_ISSUE = """## Context and Motivation
Agents cannot watch earlier case-study videos, so MassGen cannot learn from its own demos.

## Evaluation Design

### Prompt
```
Download the MassGen case-study videos and summarise what each one shows.
```

### Baseline Config
`massgen/configs/basic/single/demo_agent.yaml`

### Baseline Command
```bash
uv run massgen --config massgen/configs/basic/single/demo_agent.yaml "Summarise the videos"
```

## Evaluation Analysis

### Results & Failure Modes
The agents answer from the video titles only and never open a video.

### Success Criteria
The new version opens every video and quotes what happens in it.

## Desired Features
A video understanding tool that agents can call.
"""

# An issue opened from the template and never filled in: headings, placeholders, nothing else.
UNFILLED_ISSUE = """## Context and Motivation

### Prompt
```
[Insert your evaluation prompt here]
```

### Baseline Config
```yaml
```

### Baseline Command
```bash
uv run massgen --config massgen/configs/xxx.yaml "<prompt>"
```

### Results & Failure Modes

### Success Criteria

## Desired Features
"""


def report_text(version: str, video: bool = True) -> str:
    """A complete case-study report in the template's layout, for one version."""
    demo = ("[![demo](https://img.youtube.com/vi/abcdEFGhijk/0.jpg)](https://www.youtube.com/watch?v=abcdEFGhijk)"
            if video else "The recording will follow.")
    return f"""# MassGen v{version}: Video Understanding for Case Studies

<h1 id="planning-phase">PLANNING PHASE</h1>

## Evaluation Design

### Prompt
Summarise the MassGen case-study videos.

### Baseline Config
`{CONFIG}`

### Baseline Command
```bash
uv run massgen --config {CONFIG} "Summarise the MassGen case-study videos"
```

## Evaluation Analysis

### Results & Failure Modes
The agents answered from titles only.

### Success Criteria
Every video is opened and described.

## Desired Features
A video understanding tool.

<h1 id="testing-phase">TESTING PHASE</h1>

## Implementation Details

### Version
MassGen v{version}

### New Config
`{CONFIG}`

### Command
```bash
uv run massgen --config {CONFIG} "Summarise the MassGen case-study videos"
```

## Demo
{demo}

<h1 id="evaluation-analysis">EVALUATION & ANALYSIS</h1>

## Results
Each agent described every video; the final answer quoted all of them.

## Conclusion
The video tool closes the gap the case study found.
"""


def massgen_repo(repo: GitRepo) -> GitRepo:
    """`main` with one config, committed on BASE_DATE."""
    repo.write(CONFIG, CONFIG_TEXT)
    repo.write("README.md", "# MassGen-shaped test repository\n")
    repo.commit("Initial commit", date=BASE_DATE)
    return repo


def branch_off(repo: GitRepo, branch: str, *messages: str, files: dict[str, str] | None = None) -> None:
    repo.git("checkout", "-q", "-b", branch)
    for path, text in (files or {}).items():
        repo.write(path, text)
    for message in messages or ("Work",):
        repo.commit(message, date=WORK_DATE)


def online_env(repo: GitRepo, server: FakeGitHub, tmp_path: Path, token: str | None = None) -> dict[str, str]:
    return dict(repo.env, GITHUB_TOKEN=token or server.token, POLICYCHECK_GITHUB_BACKOFF="0",
                POLICYCHECK_CACHE_DIR=str(tmp_path / "cache"))


def run_online(repo: GitRepo, server: FakeGitHub, tmp_path: Path, *args: str, url: str | None = None,
               token: str | None = None) -> Run:
    """The installed script, online against the stand-in; the token must never be printed."""
    run = run_policycheck(*args, "--github-url", url or server.url, cwd=repo.path,
                          env=online_env(repo, server, tmp_path, token))
    for secret in {server.token, token or server.token}:
        assert secret not in run.out and secret not in run.err
    return run


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return massgen_repo(git_repo)


@pytest.fixture
def isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """In-process git (policycheck.sources.git) reads none of the developer's git setup: a
    fresh HOME, no global or system config, and no GIT_* variable (GIT_DIR, GIT_WORK_TREE or
    GIT_INDEX_FILE, set by a git hook running the tests, would point git at another repository)."""
    home = tmp_path_factory.mktemp("home")
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


# --- branch and release targets built in-process, for one rule's check ------------------------

def rule_positions(module: ModuleType, target: BranchTarget | ReleaseTarget) -> list[tuple[str, int, int]]:
    """(where, line, column) of every fact the rule module yields on `target`, sorted; `where`
    as the text output shows it (`branch:NAME`, `commit:SHA`, a body or a file path)."""
    ctx = CheckContext(POLICY, "branch:x", "branch:x")
    return sorted((_shown(fact.path), fact.line, fact.column) for fact in module.check(target, ctx))


def _shown(path: str | Location | None) -> str:
    return path.display() if isinstance(path, Location) else path or ""


def gh_issue(number: int, labels: tuple[str, ...] = ("case-study",), pull_request: bool = False,
             created_at: int = 1_740_000_000) -> Issue:
    return Issue(REPO, number, "A case study", FILLED_ISSUE, labels, pull_request, created_at, "open",
                 f"https://github.com/{REPO}/issues/{number}")


def branch_reference(number: int, column: int, branch: str = "feature/12-x") -> Reference:
    return Reference(number, "branch", f"branch:{branch}", 1, column, 0)


def branch_target(branch: str = "feature/12-x", references: tuple[Reference, ...] = (),
                  checks: tuple[IssueCheck, ...] = (), offline_reason: str = "", kind: str = FEATURE,
                  commits: tuple[Commit, ...] = (), severity: str = "warning") -> BranchTarget:
    context = BranchContext("flags", branch, "main", None, None, commits=commits)
    return BranchTarget(context, BranchClass(kind), references, checks, online=not offline_reason,
                        offline_reason=offline_reason, labels=("case study", "case-study"),
                        before_branch_severity=severity)


def release_target(*candidates: ReportCandidate, version: str = "0.1.8", kind: str = RELEASE) -> ReleaseTarget:
    context = BranchContext("flags", f"dev/v{version}", "main", None, None)
    return ReleaseTarget(context, BranchClass(kind, version if kind == RELEASE else None), candidates,
                         "git diff abc..def", REPORTS_DIR)
