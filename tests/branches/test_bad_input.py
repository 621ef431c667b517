"""Bad input to check-branch / check-release / check-issue --number: one clear line (exit 2)
or a finding, never a traceback, never an unbounded read. The installed script, real git."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from branches.scenario import branch_off
from conftest import GitRepo, Run, run_policycheck

from policycheck.branches.classify import classify
from policycheck.branches.context import BranchContext
from policycheck.branches.references import find_references
from policycheck.branches.targets import Reference
from policycheck.errors import PolicyError
from policycheck.policy import load_policy


def _one_line(run: Run) -> str:
    assert "Traceback" not in run.err, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    return lines[0]


def _click_error(run: Run) -> str:
    """A usage error: exactly one line on stderr, `policycheck: error: MESSAGE (see '... --help')`."""
    assert run.code == 2 and "Traceback" not in run.err and run.out == "", run.err
    [line] = run.err.splitlines()
    assert line.startswith("policycheck: error: ") and line.endswith(" --help')"), line
    return "Error: " + line.removeprefix("policycheck: error: ").rsplit(" (see '", 1)[0]


# --- 1, 2: --body-file -----------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check-branch", "check-release"])
def test_body_file_device_is_refused_quickly(tmp_path: Path, command: str) -> None:
    # the hang guard fails the test past 30 s (before the fix: minutes and 5 GB); not a timing
    run = run_policycheck(command, "--offline", "--branch", "x", "--body-file", "/dev/zero", cwd=tmp_path, timeout=30)
    assert run.code == 2 and run.out == ""
    assert _one_line(run).startswith("policycheck: error: --body-file /dev/zero: ")


def test_body_file_over_the_policy_limit(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits:\n  max_file_bytes: 100\n")
    (tmp_path / "body.md").write_text("Closes #4\n" + "x" * 200)
    run = run_policycheck("check-branch", "--offline", "--branch", "x", "--body-file", "body.md", cwd=tmp_path)
    assert run.code == 2
    assert _one_line(run) == ("policycheck: error: --body-file body.md: file is 210 bytes, over the policy's limit"
                              " of 100 bytes")


def test_body_file_invalid_utf8_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "badutf.md").write_bytes(b"Closes #4\nna\xefve\n")
    run = run_policycheck("check-branch", "--offline", "--branch", "x", "--body-file", "badutf.md", cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert _one_line(run) == ("policycheck: error: --body-file badutf.md: not valid UTF-8: byte 0xef cannot be decoded"
                              " (line 2, column 3)")


def test_body_file_dash_reads_standard_input(tmp_path: Path) -> None:
    run = run_policycheck("check-branch", "--offline", "--branch", "x", "--body-file", "-", "--format", "json",
                          cwd=tmp_path, stdin="Some text.\nCloses #41\n")
    assert run.code == 0, run.err
    [finding] = json.loads(run.out)["findings"]
    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == (
        "branch-issue-unverified", "<stdin>", 2, 8)


def test_body_file_dash_over_the_limit_and_binary(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits:\n  max_file_bytes: 100\n")
    big = run_policycheck("check-branch", "--offline", "--branch", "x", "--body-file", "-", cwd=tmp_path,
                          stdin="y" * 500)
    assert big.code == 2
    # one set of messages with files (loaders.body): the real size, as for a file
    assert _one_line(big) == ("policycheck: error: --body-file -: standard input is 500 bytes, over the policy's"
                              " limit of 100 bytes")
    binary = run_policycheck("check-release", "--offline", "--branch", "x", "--body-file", "-", cwd=tmp_path,
                             stdin="a\x00b")
    assert binary.code == 2
    assert _one_line(binary) == ("policycheck: error: --body-file -: binary file (contains NUL"
                                 " bytes); expected UTF-8 text")


# --- 3: the GitHub API URL -------------------------------------------------------------------

@pytest.mark.parametrize("args, env, expected", [
    (("--github-url", "not a url"), {}, "--github-url 'not a url'"),
    (("--github-url", "https://"), {}, "--github-url 'https://'"),
    (("--github-url", "http://host:notaport"), {}, "--github-url 'http://host:notaport'"),
    ((), {"GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL 'ftp://x'"),
])
def test_bad_github_url_is_a_usage_error(tmp_path: Path, args: tuple[str, ...], env: dict[str, str],
                                         expected: str) -> None:
    from conftest import clean_env

    for command in ("check-branch", "check-release"):
        run = run_policycheck(command, "--branch", "x", *args, cwd=tmp_path, env=clean_env(GITHUB_TOKEN="t", **env))
        assert run.code == 2
        assert _one_line(run) == (f"policycheck: error: {expected}: not a GitHub API URL (expected http:// or"
                                  " https:// and a host)")


def test_bad_github_url_for_check_issue(tmp_path: Path) -> None:
    run = run_policycheck("check-issue", "--number", "3", "--repo", "a/b", "--github-url", "not a url",
                          cwd=tmp_path)
    assert run.code == 2
    assert _one_line(run).startswith("policycheck: error: --github-url 'not a url': not a GitHub API URL")


# --- 4: the GitHub Actions event payload -----------------------------------------------------

def _actions_env(repo: GitRepo, event: Path, name: str = "pull_request", **extra: str) -> dict[str, str]:
    return dict(repo.env, GITHUB_EVENT_PATH=str(event), GITHUB_EVENT_NAME=name, **extra)


def test_wrong_typed_payload_fields_count_as_absent(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "feature/7-x")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": "massgen/MassGen", "pull_request": {
        "body": 12, "labels": [None, 5, {"name": 3}], "head": None, "base": 7, "title": ["x"], "number": "9"}}))
    run = run_policycheck("check-branch", "--offline", "--format", "json", cwd=repo.path, env=_actions_env(repo, event))
    assert run.code == 0 and "Traceback" not in run.err, run.err
    [finding] = json.loads(run.out)["findings"]  # the branch came from git: feature/7-x
    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == (
        "branch-issue-unverified", "branch:feature/7-x", 1, 9)


@pytest.mark.parametrize("payload", [
    {"ref": 5, "after": None},
    {"ref": "refs/heads/feature/7-x", "after": 12},
    {"issue": [1], "repository": {"full_name": 4}},
])
def test_wrong_typed_push_and_issue_payloads(repo: GitRepo, tmp_path: Path, payload: dict[str, object]) -> None:
    branch_off(repo, "feature/7-x")
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload))
    for name in ("push", "issues"):
        run = run_policycheck("check-branch", "--offline", cwd=repo.path, env=_actions_env(repo, event, name))
        assert run.code == 0 and "Traceback" not in run.err, run.err
        assert run.out.startswith("branch:feature/7-x:1:9: warning branch-issue-unverified references issue #7")


def test_pull_request_without_number_names_the_body_plainly(repo: GitRepo, tmp_path: Path) -> None:
    branch_off(repo, "video-tool")
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"body": "Adds videos.\n\nCloses #12\n",
                                                  "head": {"ref": "video-tool"}, "base": {"ref": "main"}}}))
    run = run_policycheck("check-branch", "--offline", "--format", "json", cwd=repo.path, env=_actions_env(repo, event))
    assert run.code == 0, run.err
    [finding] = json.loads(run.out)["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("<pull request body>", 3, 8)
    assert "None" not in run.out


@pytest.mark.parametrize("content, expected", [
    (b"{not json", "cannot read the event payload: not JSON"),
    (b"\xff\xfe{}", "cannot read the event payload: not JSON"),
    (b"[1, 2]", "the event payload is not a JSON object"),
    (None, "cannot read the event payload: Is a directory"),
])
def test_unreadable_payload_is_a_context_error(repo: GitRepo, tmp_path: Path, content: bytes | None,
                                               expected: str) -> None:
    event = tmp_path / "event.json"
    if content is None:
        event.mkdir()
    else:
        event.write_bytes(content)
    run = run_policycheck("check-branch", "--offline", cwd=repo.path, env=_actions_env(repo, event))
    assert run.code == 2
    assert _one_line(run).startswith(f"policycheck: error: GITHUB_EVENT_PATH {event}: {expected}")


# --- 6: GITHUB_HEAD_REF / GITHUB_BASE_REF without a payload -----------------------------------

def test_head_and_base_ref_are_honoured_without_a_payload(repo: GitRepo) -> None:
    branch_off(repo, "local-work")
    run = run_policycheck("check-branch", "--offline", "--format", "json", cwd=repo.path,
                          env=dict(repo.env, GITHUB_HEAD_REF="feature/88-y", GITHUB_BASE_REF="main"))
    assert run.code == 0, run.err
    [finding] = json.loads(run.out)["findings"]
    assert (finding["path"], finding["line"], finding["column"]) == ("branch:feature/88-y", 1, 9)
    assert "issue #88" in finding["message"]


def test_github_ref_counts_only_inside_actions(repo: GitRepo) -> None:
    branch_off(repo, "feature/5-local")
    outside = run_policycheck("check-branch", "--offline", cwd=repo.path,
                              env=dict(repo.env, GITHUB_REF="refs/heads/feature/6-ci"))
    assert outside.out.startswith("branch:feature/5-local:1:9:"), outside.out
    inside = run_policycheck("check-branch", "--offline", cwd=repo.path,
                             env=dict(repo.env, GITHUB_REF="refs/heads/feature/6-ci", GITHUB_ACTIONS="true"))
    assert inside.out.startswith("branch:feature/6-ci:1:9:"), inside.out


# --- 7: argument validation ------------------------------------------------------------------

@pytest.mark.parametrize("args, expected", [
    (("check-branch", "--offline", "--branch", "x", "--repo", "bad repo name"),
     "Error: Invalid value for '--repo': 'bad repo name' is not a GitHub repository name (OWNER/NAME)"),
    (("check-release", "--offline", "--branch", "x", "--repo", "a/b/c"),
     "Error: Invalid value for '--repo': 'a/b/c' is not a GitHub repository name (OWNER/NAME)"),
    (("check-issue", "--number", "3", "--repo", "../x"),
     "Error: Invalid value for '--repo': '../x' is not a GitHub repository name (OWNER/NAME)"),
    (("check-issue", "--number", "-5"), "Error: Invalid value for '--number': -5 is not in the range x>=1."),
    (("check-issue", "--number", "0"), "Error: Invalid value for '--number': 0 is not in the range x>=1."),
    (("check-branch", "--offline", "--branch", "x", "--pr", "0"),
     "Error: Invalid value for '--pr': 0 is not in the range x>=1."),
])
def test_bad_arguments_are_usage_errors(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    assert _click_error(run_policycheck(*args, cwd=tmp_path)) == expected


def test_bad_github_repository_variable_is_a_usage_error(tmp_path: Path) -> None:
    from conftest import clean_env

    run = run_policycheck("check-issue", "--number", "3", cwd=tmp_path,
                          env=clean_env(GITHUB_REPOSITORY="not a repo", GITHUB_TOKEN="t"))
    assert run.code == 2
    assert _one_line(run) == ("policycheck: error: GITHUB_REPOSITORY 'not a repo': not a GitHub repository name"
                              " (OWNER/NAME)")


def test_issue_zero_is_no_reference(repo: GitRepo) -> None:
    branch_off(repo, "feat/0-zero", "Fixes #0 and see #00")
    run = run_policycheck("check-branch", "--offline", "--format", "json", cwd=repo.path, env=repo.env)
    assert run.code == 1, run.err
    [finding] = json.loads(run.out)["findings"]
    assert (finding["rule"], finding["path"], finding["line"], finding["column"]) == (
        "branch-issue-reference", "branch:feat/0-zero", 1, 1)
    assert "#0" not in finding["message"]


# --- 8: patterns that slip past policy validation --------------------------------------------

def _context(branch: str) -> BranchContext:
    return BranchContext(source="flags", branch=branch, base="main", head=None, root=None)


def test_futurewarning_patterns_never_reach_stderr(repo: GitRepo) -> None:
    repo.write(".policycheck.yaml", 'version: 1\nbranches:\n  exempt: ["^[[]bot[]]"]\n')
    # git refuses `[` in branch names, so no such branch exists here: --head says what to read
    run = run_policycheck("check-branch", "--offline", "--branch", "[bot]-deps", "--head", "HEAD", cwd=repo.path,
                          env=dict(repo.env, PYTHONWARNINGS="default"))
    assert run.code == 0, run.out + run.err
    assert _one_line(run) == ("policycheck: [bot]-deps: exempt branch ([bot]-deps matches the exempt pattern"
                              " '^[[]bot[]]'); no case-study issue needed")  # and no FutureWarning


def test_a_bad_pattern_that_slips_through_is_a_policy_error(tmp_path: Path) -> None:
    policy = load_policy(cwd=tmp_path)
    def exempt(*patterns: object) -> None:  # as a policy built another way than load_policy would hold
        branches = policy.settings.branches._replace(exempt=patterns)  # type: ignore[arg-type]
        policy.settings = policy.settings._replace(branches=branches)

    exempt("(unclosed", "[[x]")
    with pytest.raises(PolicyError, match=r"branches\.exempt: not a valid regular expression \(missing \)"):
        classify("feature/1-x", "main", None, policy)
    exempt(5)
    with pytest.raises(PolicyError, match=r"branches\.exempt: not a regular expression \(a string\): 5"):
        classify("feature/1-x", "main", None, policy)
    exempt("[[q]")  # valid, with a FutureWarning from `re`
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert classify("feature/1-x", "main", None, policy).kind == "feature"
    refs = find_references(_context("feat/0-zero"), policy, None)
    assert refs == [] and all(isinstance(r, Reference) for r in refs)
