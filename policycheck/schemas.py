"""Bundled JSON Schemas, read from the installed package (never from the network)."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from policycheck.errors import UsageError


def _schema_dir() -> Path:
    # The package's own folder, not importlib.resources: installed, the files are on disk
    # (policycheck is never run from a zip), and importing importlib.resources also imports
    # tempfile, shutil, zipfile and the compression modules, about 7 ms of each start.
    bundled = Path(__file__).resolve().parent / "schemas"
    if bundled.is_dir():
        return bundled
    # An editable install or a source checkout: the wheel's copy is the top-level folder.
    return Path(__file__).resolve().parent.parent / "schemas"


def schema_names() -> list[str]:
    return sorted(p.name[: -len(".schema.json")] for p in _schema_dir().glob("*.schema.json"))


def schema_text(name: str) -> str:
    path = _schema_dir() / f"{name}.schema.json"
    if not path.is_file():
        raise UsageError(f"no bundled schema named {name!r}; choose from: {', '.join(schema_names())}")
    return path.read_text(encoding="utf-8")


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_text(name))


@functools.cache
def validator(name: str, formats: tuple[str, ...] = ()) -> Any:
    """A compiled validator for a bundled schema; jsonschema is imported only when needed.

    `formats` lists the `format` values to assert (e.g. "regex"); others stay annotations.
    """
    import jsonschema

    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    checker = jsonschema.FormatChecker(formats=formats) if formats else None
    return cls(schema, format_checker=checker)
