"""policy-waiver-expired: a waiver past its date no longer waives and is reported once, at its
line in the policy file."""
from __future__ import annotations

from pathlib import Path

from rules.support import assert_rule, repository

RULE = "policy-waiver-expired"
CONFIG = "massgen/configs/a.yaml"
BROKEN = "agent:\n  backend: {type: openai, model: gpt-4o}\n"  # no id: a config-schema error
POLICY = ("version: 1\nwaivers:\n"
          "  - {rule: config-schema, path: 'massgen/configs/*.yaml', reason: old, expires: 2020-01-01}\n"
          "  - {rule: config-schema, path: 'massgen/configs/*.yaml', reason: current, expires: 2999-01-01}\n")


def test_an_expired_waiver_is_reported_at_its_line_and_no_longer_waives(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: BROKEN}, policy=POLICY.replace("expires: 2999-01-01", "expires: 2020-01-02"))
    document = assert_rule(RULE, ["check-config"], root, [(3, 1), (4, 1)])
    assert document["findings"][0]["path"] == ".policycheck.yaml" and document["exit"] == 1
    assert "config-schema" in {f["rule"] for f in document["findings"]}


def test_a_current_waiver_waives_and_is_not_reported(tmp_path: Path) -> None:
    root = repository(tmp_path, {CONFIG: BROKEN}, policy=POLICY)
    document = assert_rule(RULE, ["check-config"], root, [(3, 1)])
    assert [f["rule"] for f in document["waived"]] == ["config-schema"]
