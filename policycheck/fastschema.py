"""A yes/no JSON Schema check for the keywords the bundled schemas use, compiled once.

Why: importing jsonschema costs ~0.1 s and validating the 214 real configs with it ~0.2 s,
more than the whole hook may take. Nearly every checked file is valid, so this compiled
predicate answers "valid?" alone, and jsonschema (imported then) is asked for the errors only
when the answer is no. A schema using any keyword not handled here is never fast-pathed
(`compile_schema` returns None) so the answer can never differ from jsonschema's; a test
checks both agree on the corpus and on every broken config of the test suite.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
_ANNOTATIONS = {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}


class Unsupported(Exception):
    """The schema uses a keyword this module does not implement."""


def compile_schema(schema: dict[str, Any]) -> Check | None:
    try:
        return _Compiler(schema).compile(schema)
    except Unsupported:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _is_regex(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            re.compile(value)
        except (re.error, RecursionError, OverflowError):
            return False
    return True


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, and 1 equals 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b and (type(a) is type(b) or (_is_number(a) and _is_number(b)))


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]

    def check(v: Any) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True
    return check


class _Compiler:
    def __init__(self, root: dict[str, Any]):
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, node: Any) -> Check:
        if node is True or node == {}:
            return lambda v: True
        if node is False:
            return lambda v: False
        if not isinstance(node, dict):
            raise Unsupported(repr(node))
        checks = [self._keyword(k, w, node) for k, w in node.items()
                  if k not in _ANNOTATIONS and not k.startswith("x-") and k not in ("then", "else")]
        return _all([c for c in checks if c is not None])

    def _keyword(self, key: str, value: Any, node: dict[str, Any]) -> Check | None:
        method = getattr(self, "_k_" + key.lstrip("$"), None)
        if method is None:
            raise Unsupported(key)
        return method(value, node)

    def _k_ref(self, ref: str, node: dict[str, Any]) -> Check:
        if not ref.startswith("#/"):
            raise Unsupported(ref)
        if ref not in self.refs:
            self.refs[ref] = lambda v: True  # a placeholder while compiling recursive refs
            target: Any = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            self.refs[ref] = self.compile(target)
        return lambda v: self.refs[ref](v)

    def _k_type(self, types: Any, node: dict[str, Any]) -> Check:
        preds = [_TYPES[t] for t in (types if isinstance(types, list) else [types])]
        return lambda v: any(p(v) for p in preds)

    def _k_enum(self, allowed: list[Any], node: dict[str, Any]) -> Check:
        if all(isinstance(a, str) for a in allowed):  # the usual case: a set lookup
            names = frozenset(allowed)
            return lambda v: isinstance(v, str) and v in names
        return lambda v: any(_same(v, a) for a in allowed)

    def _k_const(self, const: Any, node: dict[str, Any]) -> Check:
        return lambda v: _same(v, const)

    def _k_properties(self, props: dict[str, Any], node: dict[str, Any]) -> Check:
        compiled = {name: self.compile(sub) for name, sub in props.items()}

        def check(v: Any) -> bool:
            if isinstance(v, dict):  # configs set few of the many known keys: walk the data
                for name, child in v.items():
                    sub = compiled.get(name)
                    if sub is not None and not sub(child):
                        return False
            return True
        return check

    def _k_additionalProperties(self, sub: Any, node: dict[str, Any]) -> Check:
        check, known = self.compile(sub), set(node.get("properties", ()))
        if "patternProperties" in node:
            raise Unsupported("patternProperties")
        return lambda v: not isinstance(v, dict) or all(check(x) for k, x in v.items() if k not in known)

    def _k_items(self, sub: Any, node: dict[str, Any]) -> Check:
        if "prefixItems" in node or not isinstance(sub, (dict, bool)):
            raise Unsupported("prefixItems")
        check = self.compile(sub)
        return lambda v: not isinstance(v, list) or all(check(x) for x in v)

    def _k_required(self, names: list[str], node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or all(n in v for n in names)

    def _k_not(self, sub: Any, node: dict[str, Any]) -> Check:
        check = self.compile(sub)
        return lambda v: not check(v)

    def _k_allOf(self, subs: list[Any], node: dict[str, Any]) -> Check:
        return _all([self.compile(s) for s in subs])

    def _k_if(self, sub: Any, node: dict[str, Any]) -> Check:
        cond = self.compile(sub)
        then = self.compile(node.get("then", True))
        other = self.compile(node.get("else", True))
        return lambda v: then(v) if cond(v) else other(v)

    def _k_pattern(self, pattern: str, node: dict[str, Any]) -> Check:
        regex = re.compile(pattern)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None

    def _k_minLength(self, n: int, node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) >= n

    def _k_maxLength(self, n: int, node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, str) or len(v) <= n

    def _k_maxItems(self, n: int, node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, list) or len(v) <= n

    def _k_maxProperties(self, n: int, node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) <= n

    def _k_minimum(self, n: float, node: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v >= n

    def _k_maximum(self, n: float, node: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v <= n

    def _k_exclusiveMinimum(self, n: float, node: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v > n

    def _k_minItems(self, n: int, node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, list) or len(v) >= n

    def _k_minProperties(self, n: int, node: dict[str, Any]) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) >= n

    def _k_uniqueItems(self, unique: bool, node: dict[str, Any]) -> Check:
        def check(v: Any) -> bool:
            if not unique or not isinstance(v, list):
                return True
            return all(not _same(a, b) for i, a in enumerate(v) for b in v[i + 1:])
        return check

    def _k_format(self, name: str, node: dict[str, Any]) -> Check | None:
        """Only `regex` is asserted (as the policy's validator does); other formats annotate."""
        return _is_regex if name == "regex" else None

    def _k_exclusiveMaximum(self, n: float, node: dict[str, Any]) -> Check:
        return lambda v: not _is_number(v) or v < n
