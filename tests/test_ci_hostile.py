"""A pull request from a fork is hostile input: `policycheck ci` run as the runner runs it (the
console script, a fork's `pull_request` payload, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files,
offline) never reads a file a link leads out of the workspace to, finishes on a megabyte of
text crafted against the reference patterns, and lets no PR text open a workflow command.

Each run has a 30 s hang guard (a timeout that fails the test); no assertion is about time."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from branches.scenario import REPO, massgen_repo
from conftest import GitRepo, Run, policycheck_script
from test_ci import Actions, pr_payload

FORK = "someone/MassGen"
HANG_GUARD = 30  # seconds; a run that takes longer fails instead of holding the suite
MIB = 1 << 20
SECRET = "SECRET_TOKEN=do-not-print-123"
ENV_MARKER = "environ-marker-4242"
CONFIGS = "massgen/configs/basic/single"
# A line policycheck itself writes as a workflow command: its properties are escaped (`:` is %3A).
OWN_COMMAND = re.compile(r"^::(error|warning|notice)( [^:]*)?::")


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    return massgen_repo(git_repo)


def fork_pr(repo: GitRepo, branch: str, files: dict[str, str | Path], **payload: Any) -> dict[str, Any]:
    """A commit on top of main adding `files` (a Path: a symbolic link to it), checked out
    detached at the head as actions/checkout leaves a PR, and the fork's payload."""
    base = repo.git("rev-parse", "main")
    repo.git("checkout", "-q", "--detach")
    for name, content in files.items():
        if isinstance(content, Path):
            (repo.path / name).parent.mkdir(parents=True, exist_ok=True)
            (repo.path / name).symlink_to(content)
        else:
            repo.write(name, content)
    head = repo.commit("Work from a fork", date="2025-03-03T10:00:00+00:00")
    return pr_payload(branch, head, base, head_repo=FORK, **payload)


def run_ci(actions: Actions, *args: str, env: dict[str, str] | None = None) -> Run:
    """The console script, as the runner starts it, with the hang guard."""
    proc = subprocess.run([policycheck_script(), "ci", "--offline", *args], cwd=actions.repo.path,
                          env={**actions.env(), **(env or {})}, capture_output=True, text=True, timeout=HANG_GUARD)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return Run(proc.returncode, proc.stdout, proc.stderr)


def findings(actions: Actions) -> list[tuple[str, str, int, int]]:
    report = json.loads(Path(actions.outputs()["report-json"]).read_text(encoding="utf-8"))
    return [(f["rule"], f["path"], f["line"], f["column"]) for f in report["findings"]]


# --- 1: a changed config that links out of the workspace is never read ------------------------

def test_a_config_linked_to_a_secret_or_proc_environ_is_never_read(repo: GitRepo, tmp_path: Path) -> None:
    credentials = tmp_path / "credentials.env"
    credentials.write_text(f"{SECRET}\n", encoding="utf-8")
    payload = fork_pr(repo, "feature/12-configs", {f"{CONFIGS}/leak.yaml": credentials,
                                                    f"{CONFIGS}/environ.yaml": Path("/proc/self/environ")},
                      body="Closes #12")
    actions = Actions(repo, tmp_path, "pull_request", payload)
    sarif = tmp_path / "out.sarif"
    run = run_ci(actions, "--sarif", str(sarif), env={"HOSTILE_MARKER": ENV_MARKER})
    outputs = actions.outputs()
    everything = "".join([run.out, run.err, actions.summary.read_text(encoding="utf-8"),
                          actions.output.read_text(encoding="utf-8"),
                          Path(outputs["report-json"]).read_text(encoding="utf-8"), sarif.read_text(encoding="utf-8")])
    for marker in ("do-not-print-123", "SECRET_TOKEN", ENV_MARKER, "HOSTILE_MARKER"):
        assert marker not in everything
    assert run.code == 1, run.out + run.err
    assert [f for f in findings(actions) if f[0] == "file-unreadable"] == [
        ("file-unreadable", f"{CONFIGS}/environ.yaml", 1, 1), ("file-unreadable", f"{CONFIGS}/leak.yaml", 1, 1)]
    lines = run.out.splitlines()
    assert (f"::error file={CONFIGS}/leak.yaml,line=1,col=1,title=file-unreadable::resolves outside the repository"
            f" root (a symlink to {credentials}): not read%0Ahint: a file outside the repository is read only from a"
            " folder listed in the policy's limits.allowed_roots") in lines
    assert (f"::error file={CONFIGS}/environ.yaml,line=1,col=1,title=file-unreadable::resolves to a special file"
            " (a symlink to /proc/self/environ): not read") in lines
    assert outputs["result"] == "fail"


# --- 2: a megabyte of text crafted against the reference patterns ----------------------------

def _repeated(unit: str) -> str:
    return unit * (MIB // len(unit))


HOSTILE_TEXT = {
    "closes-spaces": "closes" + " " * MIB,
    "hashes": "#" * MIB,
    "case-study": _repeated("[Case Study"),
    "other-issue-urls": _repeated("https://github.com/x/y/issues/"),
    "own-issue-urls": _repeated(f"https://github.com/{REPO}/issues/"),
    "fixes-tabs-colon": "Fixes:" + "\t" * (MIB // 2) + ":" + "\t" * (MIB // 2),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TEXT))
def test_a_megabyte_title_and_body_against_the_reference_patterns(repo: GitRepo, tmp_path: Path, name: str) -> None:
    text = HOSTILE_TEXT[name]
    payload = fork_pr(repo, "feature/video-tool", {"massgen/tool.py": "print(1)\n"}, body=text, title=text)
    actions = Actions(repo, tmp_path, "pull_request", payload)
    run = run_ci(actions)
    assert run.code == 1, run.out[-2000:] + run.err
    assert [f[:2] for f in findings(actions)] == [("branch-issue-reference", "branch:feature/video-tool")]
    assert run.out.startswith("::error file=.policycheck.yaml,line=1,col=1,title=branch-issue-reference::"
                              "branch:feature/video-tool:1:1: feature branch 'feature/video-tool' ")
    assert actions.outputs()["result"] == "fail"


# --- 3: PR text cannot open a workflow command -----------------------------------------------

INJECTIONS = ["::error::injected-1", "::set-output name=x::injected-2", "::add-mask::injected-3",
              "%0A::warning::injected-4", "\r::stop-commands::injected-5", "\n::error::injected-6",
              "\r\n::stop-commands::injected-7"]
INJECTED = "".join(INJECTIONS)


def assert_no_injected_command(stream: str, own_allowed: bool) -> None:
    """Every line (as the runner splits them, on LF or CR) that starts with `::` is one
    policycheck writes, its properties free of `::`; the injected text is only escaped inside."""
    for line in re.split(r"\r\n|\r|\n", stream):
        assert not line.startswith("::") or (own_allowed and OWN_COMMAND.match(line)), line
    assert "\r" not in stream


def test_pr_text_cannot_inject_workflow_commands(repo: GitRepo, tmp_path: Path) -> None:
    broken = f"{CONFIGS}/x{INJECTED}.yaml"  # a file name in the diff (git allows CR and LF in one)
    body = "\n".join(["Closes #0", *INJECTIONS, "see #0", ""])
    payload = fork_pr(repo, f"feature/x\n::error::injected-branch{INJECTED}", {broken: "agents: [\n"}, body=body,
                      title=f"Tool{INJECTED}")
    actions = Actions(repo, tmp_path, "pull_request", payload)
    run = run_ci(actions)
    assert run.code == 1, run.out + run.err
    assert_no_injected_command(run.out, own_allowed=True)
    assert_no_injected_command(run.err, own_allowed=False)
    lines = run.out.split("\n")
    assert all(OWN_COMMAND.match(line) for line in lines[:-2]) and lines[-1] == "", lines
    assert not lines[-2].startswith("::")  # the summary line
    file_line = next(line for line in lines if "title=yaml-syntax" in line)
    assert file_line.startswith("::error file=massgen/configs/basic/single/x%3A%3Aerror%3A%3Ainjected-1%3A%3Aset-output"
                                " name=x%3A%3Ainjected-2%3A%3Aadd-mask%3A%3Ainjected-3%250A%3A%3Awarning%3A%3A"
                                "injected-4%0D%3A%3Astop-commands%3A%3Ainjected-5%0A%3A%3Aerror%3A%3Ainjected-6"
                                "%0D%0A%3A%3Astop-commands%3A%3Ainjected-7.yaml,line=2,")
    branch_line = next(line for line in lines if "title=branch-issue-reference" in line)
    assert "branch:feature/x%0A::error::injected-branch::error::injected-1" in branch_line


@pytest.mark.parametrize("name, payload", [
    ("pull_request", {"action": "closed\n::error::injected-action"}),
    ("x\n::error::injected-event", {}),
    ("pull_request_target", {"pull_request": {"number": 1, "head": {"ref": "feature/x"},
                                              "base": {"ref": "main", "sha": "\n::error::injected-sha",
                                                       "repo": {"full_name": REPO}}}}),
])
def test_a_note_quoting_the_payload_cannot_inject_a_command(repo: GitRepo, tmp_path: Path, name: str,
                                                            payload: dict[str, Any]) -> None:
    """The notes on stderr quote the event's action, name and base commit: one line each
    (before, `closed\\n::error::...` opened an error annotation from stderr)."""
    actions = Actions(repo, tmp_path, name, {"repository": {"full_name": REPO}, **payload})
    run = run_ci(actions)
    assert run.code in (0, 1), run.err
    assert_no_injected_command(run.err, own_allowed=False)
    assert "\\n::error::in" in run.err  # escaped (the base commit is quoted to 12 characters)
