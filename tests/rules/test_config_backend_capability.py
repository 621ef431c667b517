"""config-backend-capability: a capability switched on where the backend type lacks it, at the key."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "config-backend-capability"
CONFIG = "massgen/configs/a.yaml"
BACKEND = "agents:\n  - id: a\n    backend:\n      type: {type}\n      model: m\n      enable_web_search: true\n"


def test_web_search_on_a_backend_without_it(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: BACKEND.format(type="groq")})
    document = assert_rule(RULE, ["check-config"], root, [(6, 7)])
    assert "the 'groq' backend does not support web search" in document["findings"][0]["message"]


def test_web_search_where_supported(tmp_path: Path) -> None:
    assert_rule(RULE, ["check-config"], repository(tmp_path, {CONFIG: BACKEND.format(type="gemini")}), [])
