"""Property tests: whatever a config, a Markdown report or a policy file holds, a command
exits 0, 1 or 2 with findings or one clear line on stderr, never an internal error, and
never writes to the file it checks. Examples are bounded so that the suite stays fast."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from helpers import run_in_process as run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BOUNDED = settings(max_examples=40, deadline=datetime.timedelta(seconds=10), derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

YAML_TOKENS = ["agents:", "agent:", "  - id: a", "    backend:", "      type: openai", "      model: m", "orchestrator:",
               "  context_paths:", "    - path: x", "ui: {display_type: rich}", "&a ", "*a", "<<: *a", "<<: [*a, *a]",
               "!!int", "!!bool maybe", "!!float", "!!timestamp", "!!binary", "!!python/object:os.system", "!!set",
               "? ", ": ", "- ", "[", "]", "{", "}", ",", "'", "\"", "|", ">", "#", "%YAML 1.2", "---", "...", "\t",
               "~", "null", "yes", "0x1F", "1e3", "2025-02-30", "é", "\x85", "\ufeff", "\u2028", "\n", "\n  ", " "]
MD_TOKENS = ["# Case study v0.1.0", "## Prompt", "## Demo", "### x", "```yaml", "```bash", "```", "~~~", "---",
             "title: x", "[link](", "](../", "x.md)", "![img](a.png)", "<video src=\"a.mp4\">", "</video>",
             "massgen --config massgen/configs/a.yaml \"q\"", "@examples/x", "- [ ] ", "- [x] ", "<!-- ", "-->",
             "<!-- policycheck: waive case-study-placeholder reason -->", "TBD", "<details>", "<h2>Results</h2>",
             "|a|b|", "|-|-|", "> ", "*", "_", "\\", "&amp;", "é", "\x00", "\r", "\n", "\n\n", " ", "\t"]
POLICY_TOKENS = ["version: 1", "version: 2", "limits:", "  max_file_bytes: 10", "  max_file_bytes: !!int",
                 "  allowed_roots: [/tmp]", "rules:", "  config-schema: off", "  nope: error", "waivers:",
                 "  - rule: config-schema", "    path: '**'", "    reason: r", "    expires: 2020-01-01",
                 "    expires: nope", "configs:", "  include: ['*.yaml']", "schedule:", "  timezone: Mars/Base",
                 "case_studies:", "  profiles: []", "  default_profile: x", "branches:", "  exempt: ['[']",
                 "github:", "  timeout: 1", "&a {x: 1}", "<<: *a", "!!bool maybe", ":", "-", "{", "[", "'", "\n", " "]


def documents(tokens: list[str]) -> st.SearchStrategy[str]:
    """Text made of meaningful fragments (valid-looking, so deeper code is reached) and noise."""
    fragment = st.one_of(st.sampled_from(tokens), st.text(max_size=8))
    return st.lists(fragment, max_size=60).map("".join)


def assert_clean(code: int, out: str, err: str) -> None:
    assert "internal error" not in err and "Traceback" not in err, err
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("policycheck: error: "), err
    else:
        assert code in (0, 1), (code, err)
        assert out.splitlines()[-1].startswith("1 file checked: "), out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".policycheck.yaml").write_text("version: 1\n")
    return tmp_path


def check_written(repo: Path, name: str, text: str, *args: str) -> None:
    path = repo / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = path.read_bytes()
    assert_clean(*run(*args, "--policy", str(repo / ".policycheck.yaml"), str(path)))
    assert path.read_bytes() == before  # never a write to a checked file


@BOUNDED
@given(text=documents(YAML_TOKENS))
def test_any_config_gives_findings_or_one_line(repo: Path, text: str) -> None:
    check_written(repo, "c.yaml", text, "check-config")


@BOUNDED
@given(text=documents(MD_TOKENS))
def test_any_report_gives_findings_or_one_line(repo: Path, text: str) -> None:
    check_written(repo, "r.md", text, "check-case-study")


@BOUNDED
@given(text=documents(POLICY_TOKENS))
def test_any_policy_gives_findings_or_one_line(repo: Path, text: str) -> None:
    policy = repo / "policy.yaml"
    policy.write_bytes(text.encode("utf-8", "surrogatepass"))
    (repo / "c.yaml").write_text("agents: []\n")
    assert_clean(*run("check-config", "--policy", str(policy), str(repo / "c.yaml")))
