"""Hostile files: symlinks out of the repository, /proc, FIFOs, unreadable and vanished files,
folders that cannot be listed, paths too long for the system. Each is a finding (or one
error line), never a read of what lies outside, never a hang, never a traceback."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import clean_env, policycheck_script

from policycheck.loaders import LoadFailure
from policycheck.loaders.files import read_text
from policycheck.pipeline import KINDS, check_file, select_files
from policycheck.policy import load_policy
from policycheck.runner import Runner

SECRET = "TOP-SECRET-VALUE-42"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their permissions")


def run(*args: str, cwd: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """The installed console script, killed (and the test failed) if it hangs."""
    return subprocess.run([policycheck_script(), *args], cwd=cwd, env=clean_env(), capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "massgen" / "configs").mkdir(parents=True)
    return root


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "credentials.yaml"
    path.write_text(f"{SECRET}: 1\n", encoding="utf-8")
    return path


def test_a_config_linked_out_of_the_repository_is_not_read(repo: Path, secret: Path) -> None:
    (repo / "massgen/configs/a.yaml").symlink_to(secret)
    for fmt in ("text", "json"):
        result = run("check-config", "--format", fmt, "massgen/configs/a.yaml", cwd=repo)
        assert result.returncode == 1 and SECRET not in result.stdout + result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["line"], finding["column"]) == ("file-unreadable", 1, 1)
    assert finding["message"] == f"resolves outside the repository root (a symlink to {secret}): not read"


def test_a_folder_linked_out_of_the_repository_is_not_read(repo: Path, secret: Path) -> None:
    (repo / "massgen/configs/shared").symlink_to(secret.parent, target_is_directory=True)
    result = run("check-config", "--format", "json", "massgen/configs/shared/credentials.yaml", cwd=repo)
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["message"] == "resolves outside the repository root (through a symlinked folder): not read"
    assert SECRET not in result.stdout


def test_an_allowed_root_lets_a_linked_file_be_read(repo: Path, secret: Path) -> None:
    (repo / "massgen/configs/a.yaml").symlink_to(secret)
    (repo / ".policycheck.yaml").write_text(f"version: 1\nlimits:\n  allowed_roots: [{secret.parent}]\n")
    result = run("check-config", "--format", "json", "massgen/configs/a.yaml", cwd=repo)
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "file-unreadable" not in rules and "config-schema" in rules  # read, and checked


def test_proc_is_never_read_even_when_allowed(repo: Path) -> None:
    (repo / "massgen/configs/env.yaml").symlink_to("/proc/self/environ")
    (repo / ".policycheck.yaml").write_text("version: 1\nlimits:\n  allowed_roots: [/]\n")
    result = run("check-config", "--format", "json", "massgen/configs/env.yaml", cwd=repo)
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["message"] == "resolves to a special file (a symlink to /proc/self/environ): not read"
    assert "PATH=" not in result.stdout


def test_a_file_named_outside_the_repository_is_the_users_choice(repo: Path, secret: Path) -> None:
    # Only a path inside the root that leads out is refused; one given outside is read.
    loaded = read_text(str(secret), 1000, (repo,))
    assert loaded.text == f"{SECRET}: 1\n"


def test_a_fifo_is_never_opened_named_or_found(repo: Path) -> None:
    os.mkfifo(repo / "massgen/configs/pipe.yaml")
    for args in (("massgen/configs/pipe.yaml",), ()):
        result = run("check-config", *args, cwd=repo)
        assert result.returncode == 1
        assert "massgen/configs/pipe.yaml:1:1: error file-unreadable not a regular file" in result.stdout


def test_a_fifo_report_and_linked_fifo_never_block(repo: Path) -> None:
    reports = repo / "docs/source/examples/case_studies"
    reports.mkdir(parents=True)
    os.mkfifo(repo / "video.mp4")
    (reports / "r.md").write_text("# Case study v0.1.0\n\n[video](../../../../video.mp4)\n"
                                  "<video src=\"../../../../video.mp4\"></video>\n")
    os.mkfifo(reports / "fifo.md")
    result = run("check-case-study", "--format", "json", cwd=repo)
    assert result.returncode == 1
    messages = {(f["path"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert ("docs/source/examples/case_studies/fifo.md", "file-unreadable") in messages


def test_a_policy_linked_out_of_the_repository_is_not_read(repo: Path, secret: Path) -> None:
    (repo / ".policycheck.yaml").symlink_to(secret)
    result = run("check-config", cwd=repo)
    assert result.returncode == 2 and SECRET not in result.stderr
    assert result.stderr == (f"policycheck: error: {repo}/.policycheck.yaml: invalid policy: resolves outside"
                             f" the repository root (a symlink to {secret}): not read\n")


def test_a_fifo_policy_named_on_the_command_line_is_not_opened(repo: Path) -> None:
    os.mkfifo(repo / "policy.yaml")
    result = run("check-config", "--policy", "policy.yaml", cwd=repo)
    assert (result.returncode, result.stderr) == (
        2, "policycheck: error: policy.yaml: invalid policy: not a regular file (a pipe, socket or device)\n")


def test_a_custom_schema_or_template_linked_out_is_not_read(repo: Path, secret: Path) -> None:
    (repo / "schema.json").symlink_to(secret)
    (repo / "template.md").symlink_to(secret)
    (repo / ".policycheck.yaml").write_text("version: 1\ncase_studies:\n  schema: schema.json\n"
                                            "  template: template.md\n")
    new = run("new", "case-study", "--version", "0.1.0", "--title", "x", cwd=repo)
    assert new.returncode == 2 and SECRET not in new.stderr
    assert new.stderr.startswith(f"policycheck: error: case_studies.template {repo}/template.md: cannot read:"
                                 " resolves outside the repository root")
    reports = repo / "docs/source/examples/case_studies"
    reports.mkdir(parents=True)
    (reports / "r.md").write_text("# Case study v0.1.0\n")
    checked = run("check-case-study", "docs/source/examples/case_studies/r.md", cwd=repo)
    assert checked.returncode == 2 and SECRET not in checked.stderr + checked.stdout
    assert "case_studies.schema: schema.json: resolves outside the repository root" in checked.stderr


def test_init_never_writes_onto_a_fifo(repo: Path) -> None:
    os.mkfifo(repo / "out.yaml")
    result = run("init", "--force", "out.yaml", cwd=repo, timeout=10)  # hung before
    assert (result.returncode, result.stderr) == (
        2, "policycheck: error: cannot write out.yaml: not a regular file (a pipe, socket, device or folder)\n")


def test_init_never_writes_through_a_symlink_or_outside(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.yaml"
    (repo / "link.yaml").symlink_to(target)
    linked = run("init", "--force", "link.yaml", cwd=repo)
    assert (linked.returncode, linked.stderr) == (
        2, "policycheck: error: cannot write link.yaml: it is a symbolic link (policycheck never writes through"
           " one)\n")
    outside = run("init", str(target), cwd=repo)
    assert (outside.returncode, outside.stderr) == (
        2, f"policycheck: error: cannot write {target}: it is outside the repository root {repo}\n")
    (repo / "up").symlink_to(tmp_path, target_is_directory=True)
    through = run("init", "up/new.yaml", cwd=repo)
    assert through.returncode == 2 and "outside the repository root" in through.stderr
    assert not target.exists() and not (tmp_path / "new.yaml").exists()


def test_init_force_overwrites_a_regular_file(repo: Path) -> None:
    (repo / "p.yaml").write_text("old\n" * 10_000)
    assert run("init", "--force", "p.yaml", cwd=repo).returncode == 0
    assert (repo / "p.yaml").read_text().startswith("# policycheck policy file")


def test_new_case_study_never_writes_through_a_symlink(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.md"
    (repo / "r.md").symlink_to(target)
    result = run("new", "case-study", "--version", "0.1.0", "--title", "x", "--output", "r.md", cwd=repo)
    assert (result.returncode, result.stderr) == (
        2, "policycheck: error: cannot write r.md: it is a symbolic link (policycheck never writes through one)\n")
    os.mkfifo(repo / "f.md")
    fifo = run("new", "case-study", "--version", "0.1.0", "--title", "x", "--output", "f.md", cwd=repo)
    assert fifo.returncode == 2 and "not a regular file" in fifo.stderr
    assert not target.exists()


def test_paths_too_long_for_the_system_are_findings(repo: Path) -> None:
    long = "a" * 300
    reports = repo / "docs/source/examples/case_studies"
    reports.mkdir(parents=True)
    (reports / "r.md").write_text(f"# Case study v0.1.0\n\n[x]({long}.md)\n\n<video src=\"{long}.mp4\"></video>\n\n"
                                  f"```bash\nmassgen --config massgen/configs/{long}.yaml \"hi\"\n```\n")
    result = run("check-case-study", "--format", "json", "docs/source/examples/case_studies/r.md", cwd=repo)
    assert result.returncode == 1 and "internal error" not in result.stderr  # an OSError before
    found = {(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert {("case-study-broken-link", 3), ("case-study-config-missing", 8)} <= found
    named = run("check-config", f"massgen/configs/{long}.yaml", cwd=repo)
    assert named.stdout.startswith(f"massgen/configs/{long}.yaml:1:1: error file-unreadable cannot read file:"
                                   " the path is too long for this system\n")


def test_a_folder_too_deep_to_list_is_a_finding(repo: Path) -> None:
    deep = repo / "massgen/configs"
    parts = ["d" * 250] * 18  # more than PATH_MAX (4096) bytes in all
    os.makedirs(deep / parts[0], exist_ok=True)
    fd = os.open(deep / parts[0], os.O_RDONLY)
    try:
        for part in parts[1:]:  # made relative to an open folder: a full path would be too long
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    result = run("check-config", "--format", "json", cwd=repo)
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "file-unreadable"]
    assert finding["message"] == "cannot list this folder: the path is too long for this system; its files are not checked"
    assert result.returncode == 1


def test_a_file_that_vanishes_after_listing_is_a_finding(repo: Path) -> None:
    (repo / "massgen/configs/a.yaml").write_text("agents: []\n")
    policy = load_policy(cwd=repo)
    [path] = select_files(KINDS["config"], [], policy, False).files
    os.remove(repo / "massgen/configs/a.yaml")
    [finding] = check_file(Runner(policy), KINDS["config"], str(repo / path))
    assert (finding.rule, finding.message, finding.line) == ("file-unreadable", "no such file", 1)


@needs_permissions
def test_an_unreadable_file_is_a_finding(repo: Path) -> None:
    path = repo / "massgen/configs/a.yaml"
    path.write_text("agents: []\n")
    path.chmod(0)
    try:
        result = run("check-config", "massgen/configs/a.yaml", cwd=repo)
    finally:
        path.chmod(0o644)
    assert result.stdout.startswith("massgen/configs/a.yaml:1:1: error file-unreadable cannot read file:"
                                    " permission denied\n")


@needs_permissions
def test_an_unlistable_folder_is_a_finding(repo: Path) -> None:
    folder = repo / "massgen/configs/locked"
    folder.mkdir()
    (folder / "a.yaml").write_text("agents: []\n")
    folder.chmod(0)
    try:
        result = run("check-config", "--format", "json", cwd=repo)
    finally:
        folder.chmod(0o755)
    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["path"], finding["message"]) == (
        "massgen/configs/locked", "cannot list this folder: permission denied; its files are not checked")


def test_read_text_refuses_before_opening(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "dev.yaml").symlink_to("/dev/zero")
    with pytest.raises(LoadFailure) as info:
        read_text(str(root / "dev.yaml"), 1000, (root,))
    assert info.value.fact.message == "resolves to a special file (a symlink to /dev/zero): not read"
