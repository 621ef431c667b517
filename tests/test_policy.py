from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from policycheck.errors import PolicyError
from policycheck.policy import DEFAULT_SOURCE, default_policy_text, load_policy


def test_no_policy_file_gives_massgen_defaults(tmp_path: Path) -> None:
    policy = load_policy(cwd=tmp_path)
    assert policy.source == DEFAULT_SOURCE
    configs = policy.fileset("configs")
    assert configs.selects("massgen/configs/basic/single/a.yaml")
    assert configs.selects("massgen/configs/x.yml")
    assert not configs.selects("massgen/configs/rate_limits/rate_limits.yaml")
    assert not configs.selects("docs/a.yaml")
    reports = policy.fileset("case_studies")
    assert reports.selects("docs/source/examples/case_studies/x.md")
    assert not reports.selects("docs/source/examples/case_studies/case-study-template.md")
    assert not reports.selects("docs/source/examples/case_studies/README.md")
    assert policy.max_file_bytes == 1048576


def test_policy_file_is_found_upwards_and_merged_over_defaults(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits:\n  max_file_bytes: 10\nconfigs:\n  include: ['cfg/*.yaml']\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    policy = load_policy(cwd=nested)
    assert policy.source == str(tmp_path / ".policycheck.yaml")
    assert policy.root == tmp_path
    assert policy.max_file_bytes == 10
    assert policy.fileset("configs").include == ("cfg/*.yaml",)
    # the exclude list was not given, so the default's stays
    assert policy.fileset("configs").exclude == ("massgen/configs/rate_limits/**",)
    assert policy.section("schedule")["timezone"] == "America/Los_Angeles"


def test_explicit_policy_overrides_discovery(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("version: 1\nlimits: {max_file_bytes: 10}\n")
    other = tmp_path / "ci" / "other.yaml"
    other.parent.mkdir()
    other.write_text("version: 1\nlimits: {max_file_bytes: 20}\n")
    policy = load_policy(str(other), cwd=tmp_path)
    assert policy.max_file_bytes == 20
    assert policy.root == tmp_path  # a policy of another name applies where we stand, not in ci/


def test_an_explicit_dot_policycheck_file_marks_its_root(tmp_path: Path) -> None:
    demo = tmp_path / "examples" / "demo"
    demo.mkdir(parents=True)
    (demo / ".policycheck.yaml").write_text("version: 1\n")
    assert load_policy(str(demo / ".policycheck.yaml"), cwd=tmp_path).root == demo


@pytest.mark.parametrize(("text", "where", "words"), [
    ("version: 1\nconfig:\n  include: []\n", ":2:1:", "unknown key 'config'"),
    ("version: 1\nlimits:\n  max_file_bytes: lots\n", ":3:19:", "limits.max_file_bytes"),
    ("version: 1\nrules:\n  config-schema: fatal\n", ":3:18:", "rules.config-schema"),
    ("version: 2\n", ":1:10:", "version"),
    ("version: 1\nlimits: [1\n", ":3:1:", "YAML syntax error"),
    ("version: 1\nversion: 1\n", ":2:1:", "duplicate key 'version'"),
    ("version: 1\nwaivers:\n  - rule: x\n    path: y\n    reason: z\n", ":3:5:", "'expires' is a required property"),
    ("version: 1\nrules:\n  config-unknwn-key: warning\n", ":3:3:", "unknown rule id 'config-unknwn-key'"),
    ("waivers:\n  - {rule: no-such-rule, path: '*', reason: r, expires: 2099-01-01}\n", ":2:12:", "waivers[0].rule"),
    ("schedule:\n  timezone: Mars/Olympus\n", ":2:13:", "unknown time zone 'Mars/Olympus'"),
    ("branches:\n  exempt:\n    - '^main$'\n    - '(unclosed'\n", ":4:7:", "branches.exempt.1: '(unclosed' is not a 'regex'"),
    ("branches:\n  release:\n    head: '[['\n", ":3:11:", "is not a 'regex'"),
    ("limits: {max_file_bytes: 999999999999999999999999999999}\n", ":1:26:", "limits.max_file_bytes"),
    ("waivers:\n  - {rule: yaml-syntax, path: '*', reason: r, expires: 2024-13-45}\n", ":2:56:", "not a date: '2024-13-45'"),
])
def test_bad_policy_is_an_error_naming_file_line_and_key(tmp_path: Path, text: str, where: str, words: str) -> None:
    path = tmp_path / ".policycheck.yaml"
    path.write_text(text)
    with pytest.raises(PolicyError) as info:
        load_policy(cwd=tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}{where} invalid policy:"), message
    assert words in message


def test_missing_explicit_policy(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no such file"):
        load_policy(str(tmp_path / "nope.yaml"), cwd=tmp_path)


def test_default_policy_text_is_valid_and_equals_builtin(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text(default_policy_text())
    from_file = load_policy(cwd=tmp_path)
    builtin = load_policy(cwd=tmp_path / "..")  # tmp_path's parent has no policy file
    assert from_file.data == builtin.data


def test_waivers_are_parsed_with_their_lines(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text(
        "version: 1\nwaivers:\n  - rule: config-unknown-key\n    path: 'massgen/**'\n"
        "    reason: legacy\n    expires: 2030-01-31\n")
    [waiver] = load_policy(cwd=tmp_path).waivers
    assert (waiver.rule, waiver.path, waiver.reason, waiver.line) == ("config-unknown-key", "massgen/**", "legacy", 3)
    assert waiver.expires == datetime.date(2030, 1, 31)
    assert not waiver.expired(datetime.date(2030, 1, 31)) and waiver.expired(datetime.date(2030, 2, 1))


def test_unquoted_off_and_a_missing_version_are_accepted(tmp_path: Path) -> None:
    (tmp_path / ".policycheck.yaml").write_text("rules:\n  config-unknown-key: off\n")
    policy = load_policy(cwd=tmp_path)
    assert policy.severity_override("config-unknown-key") == "off"


def test_the_default_policy_snapshot_is_the_parse_of_its_yaml() -> None:
    """`data/default-policy.json` saves the YAML parse on every start; it must be of this text
    (else it is ignored and the YAML parsed: see the next test). After editing the YAML run
    `python -c "from policycheck.policy import write_default_snapshot; write_default_snapshot()"`."""
    import zlib

    from policycheck import policy

    text = policy.default_policy_text()
    saved = json.loads((policy._DATA / policy.SNAPSHOT).read_text(encoding="utf-8"))
    assert saved["crc32"] == zlib.crc32(text.encode("utf-8")), "stale: run write_default_snapshot()"
    assert saved["data"] == policy._parse(text, policy.DEFAULT_SOURCE).data


def test_a_snapshot_of_another_text_is_ignored(tmp_path: Path) -> None:
    from policycheck import policy

    (tmp_path / "default-policy.yaml").write_text(policy.default_policy_text().replace("base: main", "base: trunk"))
    (tmp_path / policy.SNAPSHOT).write_text((policy._DATA / policy.SNAPSHOT).read_text())  # of the real text
    assert policy._default_doc(tmp_path).data["branches"]["base"] == "trunk"
    assert policy._default_doc().data["branches"]["base"] == "main"
