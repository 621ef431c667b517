"""The compiled yes/no check must agree with jsonschema, on the corpus and on broken variants."""
from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policycheck.fastschema import compile_schema
from policycheck.loaders.yaml import parse_yaml
from policycheck.schemas import load_schema, validator

SCHEMA = "massgen-config"


@pytest.fixture(scope="module")
def fast() -> Any:
    check = compile_schema(load_schema(SCHEMA))
    assert check is not None, "the bundled schema must stay within the compiled keywords"
    return check


def _configs(corpus: Path) -> list[Path]:
    return sorted((corpus / "massgen" / "configs").rglob("*.yaml"))


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))
    else:
        yield path


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copied = copy.deepcopy(data)
    node = copied
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copied


# Every leaf swapped for values of other JSON types and edge values: most break the schema.
SWAPS = ["x", 0, -1, 1.5, True, None, [], {}, "high", 301, 70000]


def test_agrees_with_jsonschema_on_the_corpus(fast: Any, corpus: Path) -> None:
    slow = validator(SCHEMA)
    for path in _configs(corpus):
        data = parse_yaml(path.read_text(encoding="utf-8")).data
        assert fast(data) == slow.is_valid(data), path


def test_agrees_with_jsonschema_on_broken_variants(fast: Any, corpus: Path) -> None:
    slow = validator(SCHEMA)
    disagreements, invalid = [], 0
    for path in _configs(corpus)[::9]:  # a sample of ~24 files keeps this test quick
        data = parse_yaml(path.read_text(encoding="utf-8")).data
        for leaf in list(_leaves(data))[:40]:
            for value in SWAPS:
                variant = _replaced(data, leaf, value)
                expected = slow.is_valid(variant)
                invalid += not expected
                if fast(variant) != expected:
                    disagreements.append((path.name, leaf, value))
    assert disagreements == []
    assert invalid > 500  # the variants did exercise failures


def test_json_equality_is_not_python_equality() -> None:
    check = compile_schema({"enum": [1, "a"], "type": ["integer", "string", "boolean"]})
    assert check is not None
    assert check(1) and check(1.0) and check("a")
    assert not check(True)  # true is not 1 in JSON Schema
    const = compile_schema({"const": True})
    assert const is not None and const(True) and not const(1)


def test_unsupported_keywords_fall_back_to_jsonschema() -> None:
    assert compile_schema({"type": "object", "patternProperties": {"^x": {}}}) is None
    assert compile_schema({"$ref": "https://example.invalid/other.json"}) is None
