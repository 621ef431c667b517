"""Validate a document model (as JSON) against a JSON Schema; errors become Facts with lines.

The schema is the bundled one (`case-study-report` or `case-study-issue`) unless the policy
names a team's own (`case_studies.schema`, a path from the repository root). A failing
subschema's `x-message` is the message; otherwise jsonschema's own, prefixed with where.
The line is that of the nearest model object on the error's path that has one; an error
about something with no line (an empty list) is placed at the caller's anchor for the
model's top-level key (say, the Demo heading for `videos`), else at 1:1.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policycheck import schemas
from policycheck.errors import PolicyError
from policycheck.findings import Fact
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import SUPPORT_MAX_BYTES, read_text


@functools.lru_cache(maxsize=8)
def _custom_validator(path: str, source: str, shown: str, root: str) -> Any:
    import jsonschema
    from referencing import Registry

    try:
        schema = json.loads(read_text(path, SUPPORT_MAX_BYTES, (root,)).text)
    except LoadFailure as failure:
        raise _policy_error(source, shown, failure.fact.message) from None
    except ValueError as exc:
        raise _policy_error(source, shown, str(exc)) from None
    if not isinstance(schema, (dict, bool)):
        raise _policy_error(source, shown, "a JSON Schema is an object or a boolean")
    try:
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise _policy_error(source, shown, f"not a valid JSON Schema: {exc.message}") from None
    # An empty registry that retrieves nothing: a `$ref` to anything outside this one file is
    # an error, never a network request (jsonschema's default registry fetches remote refs).
    return cls(schema, registry=Registry())


def _policy_error(source: str, path: str, message: str) -> PolicyError:
    first = message.splitlines()[0] if message else "cannot be used"
    return PolicyError(source, f"case_studies.schema: {path}: {first}")


def validator_for(bundled: str, custom: str | None, root: Path, source: str = "<policy>") -> Any:
    """The validator for a document model; `source` (the policy file) names a bad custom schema."""
    if custom:
        return _custom_validator(str(root / custom), source, str(custom), str(root))
    return schemas.validator(bundled)


def schema_facts(model: dict[str, Any], validator: Any, source: str = "<policy>",
                 schema_name: str = "the case-study schema",
                 anchors: dict[str, tuple[int, int]] | None = None) -> Iterator[Fact]:
    """`source` (the policy file) and `schema_name` name a custom schema that cannot be used;
    `anchors` maps a top-level key to the (line, column) of errors that find no line."""
    errors = sorted(_errors(model, validator, source, schema_name), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = list(error.absolute_path)
        message = error.schema.get("x-message") if isinstance(error.schema, dict) else None
        if not message:
            where = "/".join(str(p) for p in path) or "document"
            message = f"{where}: {error.message}"
        line = _line(model, path)
        anchor = (anchors or {}).get(str(path[0])) if path else None
        yield Fact(message, *((line, 1) if line is not None else anchor or (1, 1)))


def _errors(model: dict[str, Any], validator: Any, source: str, where: str) -> list[Any]:
    """All validation errors; a schema whose `$ref`s cannot be followed is a policy error.

    References are resolved lazily, while validating, so this is where they fail: a `$ref`
    to another document (nothing is retrieved) or one that refers to itself without end.
    """
    from referencing.exceptions import Unresolvable

    try:
        return list(validator.iter_errors(model))
    except Unresolvable as exc:
        raise PolicyError(source, f"case_studies.schema: {where}: $ref {_ref(exc)} cannot be resolved"
                          " (only references within the schema file are followed; nothing is fetched)") from None
    except RecursionError:
        raise PolicyError(source, f"case_studies.schema: {where}: a $ref refers to itself without end") from None


def _ref(exc: Exception) -> str:
    ref = getattr(getattr(exc, "_wrapped", exc), "ref", None)
    return repr(ref) if ref is not None else str(exc).splitlines()[0]


def _line(model: Any, path: list[Any]) -> int | None:
    line = None
    node = model
    for part in path:
        if isinstance(node, dict) and isinstance(node.get("line"), int):
            line = node["line"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("line"), int):
        line = node["line"]
    return line
