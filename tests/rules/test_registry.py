"""The rule registry: every rule has a stable id, a valid default and target, its documentation
in its docstring (What, Why, Fix, Waive), and a test file of its own."""
from __future__ import annotations

import re
from pathlib import Path

from policycheck.findings import SEVERITIES
from policycheck.rules import AREAS, RULES

TARGETS = {"file", "config", "case-study", "issue", "branch", "release", "policy"}
HERE = Path(__file__).parent


def test_every_rule_documents_what_why_fix_and_waive() -> None:
    for rule_id, module in RULES.items():
        doc = getattr(module, "__doc__", None) or ""
        assert doc.startswith(f"{rule_id}: "), rule_id
        # "What:" or "What, per server ...:" opens the first paragraph; the others are labels
        assert re.search(r"\n\nWhat\b", doc) and all(f"\n{part}" in doc for part in ("Why:", "Fix:", "Waive:")), rule_id


def test_every_rule_has_a_valid_default_target_and_a_test_file() -> None:
    for rule_id, module in RULES.items():
        assert module.SEVERITY in SEVERITIES and module.TARGET in TARGETS, rule_id
        name = getattr(module, "__name__", "").rsplit(".", 1)[-1]
        assert name == rule_id.replace("-", "_") and (HERE / f"test_{name}.py").is_file(), rule_id


def test_each_module_is_its_id_and_sits_in_the_area_of_its_target() -> None:
    for targets, names in AREAS:
        for name in names:
            module = RULES[name.replace("_", "-")]
            assert module.ID == name.replace("_", "-") and module.TARGET in targets, name
    assert len(RULES) == sum(len(names) for _, names in AREAS) == len(set(RULES))
