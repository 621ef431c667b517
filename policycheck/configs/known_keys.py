"""Which keys the bundled schema knows, read from its `properties` (one source of truth).

A mapping whose schema lists `properties` (in itself, its `allOf` parts or its `if`/`then`/
`else` branches) and gives no schema for other keys is closed for reporting: any other key is
unknown. Mappings described without `properties` (backend pass-through settings such as
`agent_config`) and name-to-value mappings (`env`, mapping-form `mcp_servers`) are open.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from policycheck.loaders.yaml import YamlPath

SCHEMA = "massgen-config"


@dataclass
class _View:
    """A schema node flattened: every subschema that applies to each key, items, extra keys."""

    closed: bool = False
    props: dict[str, list[Any]] = field(default_factory=dict)
    items: list[Any] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)


def unknown_keys(data: Any) -> Iterator[tuple[YamlPath, list[str]]]:
    """(path of each unknown key, the keys known in its mapping)."""
    from policycheck.schemas import load_schema

    root = load_schema(SCHEMA)
    yield from _walk(root, root, data, ())


def _walk(root: dict[str, Any], node: Any, value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, list[str]]]:
    view = _view(root, id(node), node)
    if isinstance(value, dict):
        for key, child in value.items():
            subs = view.props.get(key)
            if subs is None:
                subs = view.extra
                if not subs and view.closed:
                    yield (*path, key), sorted(view.props)
            for sub in subs:
                yield from _walk(root, sub, child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            for sub in view.items:
                yield from _walk(root, sub, child, (*path, index))


_VIEWS: dict[int, _View] = {}


def _view(root: dict[str, Any], key: int, node: Any) -> _View:
    view = _VIEWS.get(key)
    if view is None:
        view = _VIEWS[key] = _View()
        _flatten(root, node, view)
    return view


def _flatten(root: dict[str, Any], node: Any, view: _View) -> None:
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        _flatten(root, _resolve(root, node["$ref"]), view)
    if "properties" in node:
        view.closed = True
        for name, sub in node["properties"].items():
            view.props.setdefault(name, []).append(sub)
    if isinstance(node.get("items"), dict):
        view.items.append(node["items"])
    if isinstance(node.get("additionalProperties"), dict):
        view.extra.append(node["additionalProperties"])
    for part in node.get("allOf", ()):
        _flatten(root, part, view)
    for branch in ("then", "else"):
        if branch in node:
            _flatten(root, node[branch], view)


def _resolve(root: dict[str, Any], ref: str) -> Any:
    """Local references only: the bundled schema refers to its own `$defs`."""
    if not ref.startswith("#/"):
        return {}
    node: Any = root
    for part in ref[2:].split("/"):
        node = node.get(part, {}) if isinstance(node, dict) else {}
    return node
