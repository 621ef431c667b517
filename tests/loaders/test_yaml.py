from __future__ import annotations

import pytest

from policycheck.loaders import LoadFailure
from policycheck.loaders.yaml import MAX_ALIAS_NODES, Pos, parse_yaml


def test_positions_of_keys_values_and_items() -> None:
    doc = parse_yaml("agents:\n  - id: a\n    backend:\n      type: openai\nui: {display_type: simple}\n")
    assert doc.data == {"agents": [{"id": "a", "backend": {"type": "openai"}}], "ui": {"display_type": "simple"}}
    assert doc.keys[("agents",)] == Pos(1, 1)
    assert doc.keys[("agents", 0)] == Pos(2, 5)
    assert doc.keys[("agents", 0, "backend", "type")] == Pos(4, 7)
    assert doc.values[("agents", 0, "backend", "type")] == Pos(4, 13)
    assert doc.values[("ui", "display_type")] == Pos(5, 20)


def test_missing_path_falls_back_to_nearest_key() -> None:
    doc = parse_yaml("agent:\n  backend:\n    type: openai\n")
    assert doc.key_pos(("agent", "backend", "model")) == Pos(2, 3)
    assert doc.value_pos(("nothing",)) == Pos(1, 1)


def test_duplicate_keys_keep_the_last_value_as_pyyaml_does() -> None:
    doc = parse_yaml("a: 1\nb: 2\na: 3\n")
    assert doc.data == {"a": 3, "b": 2}
    assert doc.duplicates == [(("a",), Pos(1, 1), Pos(3, 1))]
    assert doc.keys[("a",)] == Pos(3, 1) and doc.values[("a",)] == Pos(3, 4)


def test_scalars_become_json_like_with_yaml_11_booleans_as_massgen_reads_them() -> None:
    doc = parse_yaml("d: 2025-01-02\nn: null\nf: 1.5\nb: yes\nk:\n  1: x\n")
    assert doc.data == {"d": "2025-01-02", "n": None, "f": 1.5, "b": True, "k": {"1": "x"}}


def test_merge_keys_and_small_aliases_are_accepted() -> None:
    doc = parse_yaml("base: &b {type: openai}\nx:\n  <<: *b\n  model: m\n")
    assert doc.data["x"] == {"type": "openai", "model": "m"}


def test_explicit_keys_keep_their_positions_over_merged_ones() -> None:
    doc = parse_yaml("b: &b\n  x: 1\n  y: 2\nchild:\n  <<: *b\n  x: 5\n")
    assert doc.data["child"] == {"x": 5, "y": 2}
    assert doc.keys[("child", "x")] == Pos(6, 3)  # the explicit key, not the anchor's
    assert doc.keys[("child", "y")] == Pos(3, 3)  # a merged key: where the anchor wrote it
    assert not any("<<" in str(p) for p in doc.keys if p[:1] == ("child",) and len(p) == 2)


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("a: [1,\n b: 2\n", 3, 1, "flow sequence"),
    ("a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document"),
    ("a: *nowhere\n", 1, 4, "undefined alias"),
    ("a: b\x07\n", 1, 5, "control characters"),
    ("key: value\n  bad indent: 1\n", 2, 13, "mapping values are not allowed"),
])
def test_syntax_errors_are_load_failures_with_positions(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(LoadFailure) as info:
        parse_yaml(text)
    assert info.value.rule == "yaml-syntax"
    assert (info.value.fact.line, info.value.fact.column) == (line, column)
    assert words in info.value.fact.message


def test_alias_bomb_is_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(LoadFailure) as info:
        parse_yaml("\n".join(lines) + "\n")
    assert info.value.rule == "yaml-syntax"
    assert str(MAX_ALIAS_NODES) in info.value.fact.message


def test_empty_document_has_no_data() -> None:
    assert parse_yaml("").data is None
    assert parse_yaml("# only a comment\n").data is None


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    for depth in (150, 600, 5000):
        with pytest.raises(LoadFailure) as info:
            parse_yaml("a: " + "[" * depth + "]" * depth + "\n")
        assert info.value.rule == "yaml-syntax" and "nested more than 100 levels" in info.value.fact.message


def test_large_plain_document_is_not_mistaken_for_an_alias_bomb() -> None:
    doc = parse_yaml("agents: []\nnotes: [" + ",".join(["1"] * 45_000) + "]\n")  # within MAX_ITEMS
    assert len(doc.data["notes"]) == 45_000


def test_impossible_dates_stay_text_and_unsafe_tags_are_findings() -> None:
    assert parse_yaml("expires: 2025-02-30\n").data == {"expires": "2025-02-30"}
    with pytest.raises(LoadFailure) as info:
        parse_yaml("a: 1\nb: !!python/object:os.system ls\n")
    assert (info.value.rule, info.value.fact.line, info.value.fact.column) == ("yaml-syntax", 2, 4)


def test_ruamel_warnings_never_reach_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    # PyYAML (which MassGen uses) reads a float without a dot as a string; so do we.
    assert parse_yaml("temperature: 1e-3\nt2: 1.0e-3\nt3: .inf\n").data == {"temperature": "1e-3", "t2": 0.001,
                                                                            "t3": float("inf")}
    assert capfd.readouterr().err == ""
