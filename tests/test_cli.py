"""The installed console script, run as a user runs it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from policycheck import __version__

GOOD = "agents:\n  - id: a\n    backend:\n      type: openai\n      model: gpt-5\n"


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\n")
    for name, body in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return tmp_path


def test_version_and_module_entry_point(cli, tmp_path: Path) -> None:
    run = cli("--version", cwd=tmp_path)
    assert (run.code, run.out.strip()) == (0, f"policycheck, version {__version__}")
    module = subprocess.run([sys.executable, "-m", "policycheck", "--version"], capture_output=True, text=True)
    assert module.returncode == 0 and __version__ in module.stdout


def test_exit_codes_0_1_and_strict(cli, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"massgen/configs/good.yaml": GOOD, "massgen/configs/bad.yaml": "agents: [\n",
                            "massgen/configs/bom.yaml": "\ufeff" + GOOD})
    ok = cli("check-config", "massgen/configs/good.yaml", cwd=repo)
    assert ok.code == 0 and ok.out.endswith("1 file checked: 0 errors, 0 warnings\n")
    bad = cli("check-config", "massgen/configs/bad.yaml", cwd=repo)
    assert bad.code == 1 and bad.err == ""
    assert bad.out.startswith("massgen/configs/bad.yaml:2:1: error yaml-syntax ")
    warn = cli("check-config", "massgen/configs/bom.yaml", cwd=repo)
    assert warn.code == 0 and "massgen/configs/bom.yaml:1:1: warning file-encoding" in warn.out
    assert cli("check-config", "--strict", "massgen/configs/bom.yaml", cwd=repo).code == 1


def test_no_paths_checks_what_the_policy_selects(cli, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"massgen/configs/a.yaml": GOOD, "massgen/configs/rate_limits/r.yaml": "x: [\n",
                            "other/b.yaml": "x: [\n"})
    run = cli("check-config", "--format", "json", cwd=repo / "massgen")
    document = json.loads(run.out)
    assert run.code == 0 and document["summary"]["files"] == 1


def test_filter_by_policy_skips_files_outside_the_globs(cli, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"other/b.yaml": "x: [\n", "massgen/configs/a.yaml": GOOD})
    run = cli("check-config", "--filter-by-policy", "other/b.yaml", "massgen/configs/a.yaml", cwd=repo)
    assert run.code == 0 and "1 file checked" in run.out
    assert cli("check-config", "other/b.yaml", cwd=repo).code == 1  # named explicitly: checked


def test_bad_policy_is_exit_2_with_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimts: {}\n")
    run = cli("check-config", cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert run.err.startswith(f"policycheck: error: {tmp_path / '.policycheck.yaml'}:2:1: invalid policy: unknown key 'limts'")


def test_usage_errors_are_exit_2(cli, tmp_path: Path) -> None:
    bad_format = cli("check-config", "--format", "xml", cwd=tmp_path)
    assert bad_format.code == 2 and bad_format.out == ""
    assert bad_format.err == ("policycheck: error: Invalid value for '--format': 'xml' is not one of 'github', 'json', 'markdown', 'sarif', 'text'."
                              " (see 'policycheck check-config --help')\n")
    assert cli("no-such-command", cwd=tmp_path).code == 2
    run = cli("explain", "no-such-rule", cwd=tmp_path)
    assert run.code == 2 and "unknown rule 'no-such-rule'" in run.err



def test_an_empty_folder_is_a_finding_and_the_rest_is_still_checked(cli, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"massgen/configs/a.yaml": "agents: [\n"})
    (repo / "docs").mkdir()
    run = cli("check-config", "docs", "massgen/configs", cwd=repo)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == "docs:1:1: error file-unreadable no files in this folder are selected by the policy's configs.include globs"
    assert any(line.startswith("massgen/configs/a.yaml:2:1: error yaml-syntax") for line in lines)


def test_checking_nothing_says_so(cli, tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"elsewhere/a.yaml": GOOD})
    run = cli("check-config", cwd=repo)
    assert run.code == 0 and run.out == "0 files checked: 0 errors, 0 warnings\n"
    assert run.err.startswith("policycheck: warning: no files checked: the policy's configs.include globs select none")


def test_explain_prints_the_rule_docs(cli, tmp_path: Path) -> None:
    run = cli("explain", "yaml-duplicate-key", cwd=tmp_path)
    assert run.code == 0
    assert run.out.startswith("yaml-duplicate-key (error by default, checks: config)\n")
    assert "Fix:" in run.out and "Waive:" in run.out
    listing = cli("explain", cwd=tmp_path)
    assert "policy-waiver-expired" in listing.out and "file-encoding" in listing.out


def test_schema_prints_bundled_schemas(cli, tmp_path: Path) -> None:
    names = cli("schema", cwd=tmp_path)
    assert {"policy", "findings"} <= set(names.out.split())
    policy_schema = json.loads(cli("schema", "policy", cwd=tmp_path).out)
    assert policy_schema["title"].startswith("policycheck policy file")
    assert cli("schema", "nope", cwd=tmp_path).code == 2


def test_init_writes_the_default_and_refuses_to_overwrite(cli, tmp_path: Path) -> None:
    run = cli("init", cwd=tmp_path)
    written = (tmp_path / ".policycheck.yaml").read_text()
    assert run.code == 0 and "configs:" in written and written.startswith("# policycheck policy file")
    again = cli("init", cwd=tmp_path)
    assert again.code == 2 and "already exists" in again.err
    assert (tmp_path / ".policycheck.yaml").read_text() == written
    assert cli("check-config", "--format", "json", cwd=tmp_path).code == 0


def test_config_check_of_valid_files_imports_nothing_heavy(tmp_path: Path) -> None:
    """A hook runs on every commit: a valid config under a valid policy file needs neither
    PyGithub, nor the Markdown parser, nor jsonschema (compiled checks answer "valid")."""
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nrules: {config-unknown-key: error}\n"
                                                "branches: {exempt: ['^main$']}\n")
    code = ("import sys; from policycheck.cli import main; rc = main(['check-config', 'a.yaml']);"
            "heavy = sorted(m for m in ('github', 'mistune', 'jsonschema') if m in sys.modules); print(rc, heavy)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "0 []", proc.stderr


def test_the_lazy_command_table_names_every_command_of_every_module() -> None:
    """`cli.COMMAND_MODULES` is how the group finds a command without importing the others."""
    import importlib
    import pkgutil

    import policycheck.commands
    from policycheck.cli import COMMAND_MODULES

    defined = {}
    for info in pkgutil.iter_modules(policycheck.commands.__path__):
        module = importlib.import_module(f"policycheck.commands.{info.name}")
        defined.update({command.name: info.name for command in getattr(module, "COMMANDS", [])})
    assert defined == COMMAND_MODULES


def test_a_command_imports_only_its_own_command_module(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    code = ("import sys; from policycheck.cli import main; rc = main(['check-config', 'a.yaml']);"
            "print(rc, sorted(m for m in sys.modules if m.startswith('policycheck.commands.')))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.strip().splitlines()[-1] == "0 ['policycheck.commands.config']", proc.stderr


def test_no_command_shows_the_help_and_exits_2(cli, tmp_path: Path) -> None:
    for args in ([], ["new"]):
        run = cli(*args, cwd=tmp_path)
        assert run.code == 2 and run.out == ""
        assert run.err.startswith(f"Usage: policycheck {' '.join(args)}".rstrip() + " [OPTIONS] COMMAND"), run.err
        assert "\\n" not in run.err and "Commands:" in run.err
