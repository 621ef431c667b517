"""Rule docs for the summary and SARIF: the labelled paragraphs of each rule's docstring."""
from __future__ import annotations

import pytest

from policycheck.reporters.ruledocs import rule_doc
from policycheck.rules import RULES


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_what_and_fix(rule: str) -> None:
    doc = rule_doc(rule)
    assert doc.section("What") and doc.section("Fix")
    assert not doc.section("Fix").startswith("Fix") and "\n" not in doc.section("Fix")


def test_a_labelled_paragraph_runs_until_the_next_label() -> None:
    doc = rule_doc("config-unknown-key")
    labels = [label for label, _ in doc.sections]
    assert labels == ["What", "Why", "Fix", "Waive"]
    assert doc.section("What").count("\n\n") == 1  # its "Backend keys" paragraph belongs to What
    assert doc.markdown().startswith(f"**config-unknown-key**: {RULES['config-unknown-key'].SUMMARY}\n\n**What:** ")


def test_an_unknown_rule_has_its_id_alone() -> None:
    assert rule_doc("no-such-rule").summary == "no-such-rule" and rule_doc("no-such-rule").section("Fix") == ""
