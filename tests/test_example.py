"""The bundled example repository shows what the README says it shows."""
from __future__ import annotations

import json

from conftest import PROJECT

DEMO = PROJECT / "examples" / "massgen-demo"


def _findings(cli, command: str) -> tuple[int, set[tuple[str, str, int, int, str]], list[dict]]:
    run = cli(command, "--format", "json", cwd=DEMO)
    document = json.loads(run.out)
    found = {(f["path"].rsplit("/", 1)[-1], f["rule"], f["line"], f["column"], f["severity"])
             for f in document["findings"]}
    return run.code, found, document["waived"]


def test_demo_configs(cli) -> None:
    code, found, waived = _findings(cli, "check-config")
    assert code == 1
    assert found == {
        ("broken_yaml.yaml", "yaml-syntax", 6, 1, "error"),
        ("typo_and_capability.yaml", "config-schema", 4, 5, "error"),
        ("typo_and_capability.yaml", "config-unknown-key", 6, 7, "warning"),
        ("typo_and_capability.yaml", "config-agent-ids", 8, 9, "error"),
        ("typo_and_capability.yaml", "config-backend-capability", 12, 7, "error"),
        ("typo_and_capability.yaml", "config-schema", 15, 23, "error"),
        ("unsafe_mcp.yaml", "config-mcp-server", 8, 15, "error"),
        ("unsafe_mcp.yaml", "config-mcp-server", 10, 18, "error"),
        ("unsafe_mcp.yaml", "config-mcp-server", 12, 15, "error"),
    }
    assert [(w["rule"], w["line"]) for w in waived] == [("config-ineffective-key", 7)]


def test_demo_case_studies(cli) -> None:
    code, found, _ = _findings(cli, "check-case-study")
    assert code == 1
    assert {f for f in found if f[0] == "research-pair-web-search.md"} == set()
    assert found == {
        ("filesystem-review-draft.md", "case-study-schema", 37, 1, "error"),
        ("filesystem-review-draft.md", "case-study-placeholder", 8, 1, "error"),
        ("filesystem-review-draft.md", "case-study-broken-link", 11, 5, "error"),
        ("filesystem-review-draft.md", "case-study-config-missing", 15, 25, "error"),
        ("filesystem-review-draft.md", "case-study-placeholder", 15, 47, "error"),
        ("filesystem-review-draft.md", "case-study-section-empty", 23, 1, "error"),
        ("filesystem-review-draft.md", "case-study-section-empty", 43, 1, "error"),
        ("filesystem-review-draft.md", "case-study-unchecked-box", 50, 1, "warning"),
    }
