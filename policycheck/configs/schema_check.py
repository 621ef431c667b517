"""Validate a config against the bundled schema and turn each error into a sentence.

jsonschema's own messages are written for schema authors (`'opnai' is not one of [...]`,
`{} should not be valid under ...`). Config authors get the dotted place in their file, what is
wrong there, a did-you-mean for near misses, and the line and column. The schema's custom
keywords steer this: `x-rule` names the policycheck rule that reports a failure (default
config-schema), `x-message`/`x-hint` give its sentence, `x-severity` downgrades it to a
warning, `x-at` points at a key of the failing mapping instead of the mapping itself.

The schema-routed rules (config-schema, config-v1-keys, config-backend-capability and the
schema half of config-mcp-server) read their facts from here through `facts_for`.

Validation runs once per document (the rules share the result): `is_valid` first, since
almost every file is valid and collecting errors costs more than checking.
"""
from __future__ import annotations

import difflib
import functools
import itertools
from collections.abc import Callable
from typing import Any, NamedTuple

from policycheck.configs.document import ConfigDocument, dotted
from policycheck.fastschema import compile_schema
from policycheck.findings import WARNING, Fact
from policycheck.schemas import load_schema, validator

SCHEMA = "massgen-config"
DEFAULT_RULE = "config-schema"
_TYPE_WORDS = {"string": "a string", "boolean": "true or false", "integer": "a whole number",
               "number": "a number", "object": "a mapping", "array": "a list", "null": "empty"}
# When one value breaks several keywords, the first in this order says the most.
MAX_ERRORS = 250  # schema errors collected per file (the engine shows 100 per rule)
_PRIORITY = {"type": 0, "required": 1, "not": 2, "enum": 3, "const": 3}


class SchemaProblem(NamedTuple):
    rule: str
    fact: Fact
    path: tuple[Any, ...]
    order: int


def schema_problems(target: ConfigDocument) -> list[SchemaProblem]:
    """All schema problems of a document, computed once and shared by the rules."""
    cached = target.cache.get("schema")
    if cached is None:
        cached = target.cache["schema"] = _validate(target)
    return cached


def facts_for(target: ConfigDocument, rule: str) -> list[Fact]:
    return [p.fact for p in schema_problems(target) if p.rule == rule]


@functools.cache
def _fast_check() -> Callable[[Any], bool] | None:
    return compile_schema(load_schema(SCHEMA))


def _validate(target: ConfigDocument) -> list[SchemaProblem]:
    fast = _fast_check()
    if fast is not None and fast(target.data):
        return []  # the common case, without importing jsonschema
    # jsonschema costs about a millisecond per error (and difflib per did-you-mean): a file
    # of 1 MiB holds 100,000 errors, so collecting stops at MAX_ERRORS and says so.
    errors = list(itertools.islice(validator(SCHEMA).iter_errors(target.data), MAX_ERRORS + 1))
    problems = _dedupe([p for error in errors[:MAX_ERRORS] for p in _translate(error, target)])
    if len(errors) > MAX_ERRORS:
        problems.insert(0, _stopped(errors[MAX_ERRORS], target))
    return problems


def _stopped(error: Any, target: ConfigDocument) -> SchemaProblem:
    """The first problem listed when collecting stopped: where the next error is."""
    path = tuple(error.absolute_path)
    pos = target.value_pos(path)
    message = (f"the schema check stopped after {MAX_ERRORS} errors, here: later schema problems of"
               " this file are not reported")
    return SchemaProblem(DEFAULT_RULE, Fact(message, pos.line, pos.column, hint="fix the errors listed and"
                                            " check again"), path, -1)


def _dedupe(problems: list[SchemaProblem]) -> list[SchemaProblem]:
    """Per place, the problems of the keyword that says the most; several of one keyword (each
    missing key of a mapping) all stay, each once."""
    best: dict[tuple[Any, ...], list[SchemaProblem]] = {}
    for problem in problems:
        key = (problem.path, problem.fact.line, problem.fact.column)
        kept = best.setdefault(key, [problem])
        if problem.order < kept[0].order:
            best[key] = [problem]
        elif problem.order == kept[0].order and all(p.fact.message != problem.fact.message for p in kept):
            kept.append(problem)
    return [p for kept in best.values() for p in kept]


def _translate(error: Any, target: ConfigDocument) -> list[SchemaProblem]:
    path = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    rule = schema.get("x-rule") or ("config-mcp-server" if "mcp_servers" in path else DEFAULT_RULE)
    severity = WARNING if schema.get("x-severity") == "warning" else None
    order = _PRIORITY.get(kind, 5)
    if kind == "required" and "x-at" not in schema and "x-message" not in schema:
        pos = target.key_pos(path)  # the key of the mapping that lacks it (the root: its start)
        return [SchemaProblem(rule, Fact(f"{dotted(path) or 'the config'}: missing required key '{missing}'",
                                         pos.line, pos.column, hint=f"add `{missing}:` to this mapping",
                                         severity=severity), path, order)
                for missing in _missing(error)]
    message, at_key = _message(error, kind, path, schema, target)
    if "x-at" in schema:
        pos = target.key_pos((*path, schema["x-at"]))
    else:
        pos = target.key_pos(path) if at_key else target.value_pos(path)
    fact = Fact(message, pos.line, pos.column, hint=schema.get("x-hint"), severity=severity)
    return [SchemaProblem(rule, fact, path, order)]


def _message(error: Any, kind: str, path: tuple[Any, ...], schema: dict[str, Any],
             target: ConfigDocument) -> tuple[str, bool]:
    where = dotted(path) or "the config"
    value = error.instance
    template = schema.get("x-message")
    if template and kind not in ("type",):
        parent = _parent(target.data, path)
        at_key = kind in ("not", "required", "maxItems", "maxProperties")
        return template.format(where=where, value=value, parent=_Lenient(parent)), at_key
    if kind == "type" and not path:
        return ("the top level must be a mapping of settings (agents:, orchestrator:, ui:),"
                f" not {_describe(value)}"), False
    if kind == "type":
        return f"{where}: must be {_expected(error.validator_value)}, not {_describe(value)}", False
    if kind == "enum":
        return _enum_message(where, value, error.validator_value, schema), False
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        sign = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}[kind]
        return f"{where}: {value!r} is out of range: must be {sign} {error.validator_value}", False
    if kind in ("maxLength", "minLength"):
        limit = "at most" if kind == "maxLength" else "at least"
        return f"{where}: must be {limit} {error.validator_value} characters long (it has {len(value)})", False
    return f"{where}: {error.message}", False


def _enum_message(where: str, value: Any, allowed: list[Any], schema: dict[str, Any]) -> str:
    what = schema.get("title", "an accepted value")
    article = "an" if what[:1].lower() in "aeiou" else "a"
    message = f"{where}: {value!r} is not {article} {what}"
    if isinstance(value, str):
        close = did_you_mean(value, [str(a) for a in allowed])
        if close:
            message += f"; did you mean '{close}'?"
    return message + f" (choose one of: {', '.join(str(a) for a in allowed)})"


def did_you_mean(value: str, choices: list[str]) -> str | None:
    """The choice a typo most likely meant: a close spelling, else the one choice that
    contains it (`bypass` -> `bypassPermissions`), case ignored."""
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return lowered[close[0]]
    containing = [c for c in choices if value and value.lower() in c.lower()]
    return containing[0] if len(containing) == 1 else None


def _expected(types: Any) -> str:
    names = types if isinstance(types, list) else [types]
    return " or ".join(_TYPE_WORDS.get(str(n), str(n)) for n in names)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if value is None:
        return "empty (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    kind = {int: "a whole number", float: "a number", str: "a string"}.get(type(value), type(value).__name__)
    text = repr(value)
    return f"{text if len(text) <= 40 else text[:37] + '...'} ({kind})"


def _missing(error: Any) -> list[str]:
    """Every key the failing `required` lists that the mapping lacks: jsonschema raises one
    error per missing key without naming it, so each error stands for all of them (the
    duplicates merge in `_dedupe`)."""
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [str(k) for k in error.validator_value if k not in instance]


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return node


class _Lenient(dict[str, Any]):
    """Lets `{parent[type]}` in a message template work on any value."""

    def __init__(self, value: Any):
        super().__init__(value if isinstance(value, dict) else {})

    def __missing__(self, key: str) -> str:
        return "?"
