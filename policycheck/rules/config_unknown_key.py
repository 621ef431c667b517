"""config-unknown-key: every key is one MassGen reads.

What (warnings): a key the bundled schema does not list at its place, with a did-you-mean for
near misses (`dispaly_type` -> `display_type`). The known keys are the schema's `properties`
(a mapping that lists them is closed); pass-through mappings (`agent_config`, `extra_body`,
tool `preset_args`, ...) and name mappings (`env`, mapping-form `mcp_servers`) are not
checked. Keys MassGen accepts and ignores on purpose (`orchestrator.session_storage`, which
MassGen's config wizard writes) are listed in the schema, so they are accepted as they are.

Backend keys (a backend mapping, and its `reasoning` and `text`: the places the schema marks
`x-unknown-keys: provider-api`) follow a stricter rule, because MassGen does not drop the
backend keys it does not read: it passes them to the provider's API (to the Claude Agent
SDK's options for claude_code), so `logprobs`, `service_tier` or `response_format` are real
settings, not mistakes. A backend key is reported only when it is a likely misspelling of
exactly one of MassGen's own options:
- the same key once case, `_` and `-` are ignored (`enable_websearch`, `Model`); or
- the same words (split at `_`) but one, and that one is a single edit away from the option's
  word (a letter added, dropped, replaced, or two neighbours swapped: `modle`, `temprature`,
  `enable_web_serach`), both words being at least 3 letters long.
The length floor keeps one-letter words apart (`top_a`, a real API parameter, is not
`top_k`), and the word-by-word comparison keeps a different name from being "corrected"
into an option that means something else (`parallel_tool_calls` is not `allowed_tools`,
`store` is not `stop`). Any other unknown backend key is left to the provider.

Why: outside backends MassGen ignores keys it does not know, silently: a misspelt
`dispaly_type:` leaves the default display, and nobody notices. In a backend a misspelt
option is worse: MassGen's own setting stays at its default and the provider receives a
parameter it may reject.

Fix: correct the spelling, or remove the key. If MassGen gained a new setting, add it to
`schemas/massgen-config.schema.json`. `policycheck fix --unsafe` renames a key to its one
did-you-mean candidate (unsafe: MassGen then reads a setting it ignored before); a key with
several candidates, or whose correction already exists in its mapping, is left to a person.

Waive: `rules: {config-unknown-key: off}`, or a waiver for the path in the policy file.
"""
from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from policycheck.checking import MAX_PER_FILE, CheckContext
from policycheck.configs.document import ConfigDocument, dotted
from policycheck.configs.edits import rename_key
from policycheck.configs.schema_check import SCHEMA, did_you_mean
from policycheck.edits import Edit
from policycheck.findings import WARNING, Fact
from policycheck.loaders.yaml import YamlPath
from policycheck.schemas import load_schema

ID = "config-unknown-key"
SUMMARY = "no keys MassGen does not know (did-you-mean for typos)"
TARGET = "config"
SEVERITY = WARNING
PROVIDER_API = "provider-api"  # the schema's `x-unknown-keys` value for pass-through places
MIN_WORD = 3  # shorter words differ by meaning, not by typing (top_a / top_k)
FIX = ("with --unsafe only: renames a key to its did-you-mean when there is exactly one candidate"
       " and no key of that name in the mapping (MassGen then reads a setting it ignored before)")


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    count = 0
    for unknown in unknown_keys(target.data):
        # past the engine's cap a finding is only counted: its did-you-mean and fix would never show
        fact = _api_fact(target, unknown) if unknown.to_provider else _fact(target, unknown, count < MAX_PER_FILE)
        if fact is not None:
            count += 1
            yield fact


def _fact(target: ConfigDocument, unknown: UnknownKey, suggest: bool = True) -> Fact:
    message = f"{unknown.where}: unknown key {unknown.key!r}"
    close = did_you_mean(unknown.key, unknown.known) if suggest else None
    if close:
        message += f"; did you mean {close!r}?"
    hint = "MassGen ignores keys it does not know"
    if len(unknown.known) <= 12:  # a backend knows ~60 keys: too many to be a hint
        hint += "; known here: " + ", ".join(unknown.known)
    pos = target.key_pos(unknown.path)
    fix = _rename(target, unknown, _one_candidate(unknown)) if suggest else None
    return Fact(message, pos.line, pos.column, hint=hint, fix=fix)


def _api_fact(target: ConfigDocument, unknown: UnknownKey) -> Fact | None:
    option = likely_typo(unknown.key, unknown.known)
    if option is None:
        return None  # a parameter of the provider's API, for all we can tell
    receiver = _receiver(_backend_type(target.data, unknown.path))
    pos = target.key_pos(unknown.path)
    return Fact(f"{unknown.where}: unknown key {unknown.key!r}; did you mean {option!r}?"
                f" MassGen does not read {unknown.key!r} and passes it to {receiver} as it is",
                pos.line, pos.column,
                hint=f"write {option!r}; if {unknown.key!r} is meant for {receiver}, waive this finding",
                fix=_rename(target, unknown, option))


def _one_candidate(unknown: UnknownKey) -> str | None:
    """The did-you-mean when it is the only close spelling (did_you_mean picks the best of
    several; a fix must not guess between them)."""
    lowered = {k.lower(): k for k in unknown.known}
    close = difflib.get_close_matches(unknown.key.lower(), list(lowered), n=2, cutoff=0.6)
    if len(close) > 1:
        return None
    return did_you_mean(unknown.key, unknown.known)


def _rename(target: ConfigDocument, unknown: UnknownKey, option: str | None) -> Edit | None:
    rename = None if option is None else rename_key(target, unknown.path, option)
    if rename is None:
        return None
    return Edit(target.path, (rename,), f"renamed {unknown.key!r} to {option!r}", safe=False)


def likely_typo(key: str, options: list[str]) -> str | None:
    """The one option `key` is a likely misspelling of (see the module docstring), else None."""
    return _likely_typo(key, tuple(options))


@functools.lru_cache(maxsize=4096)  # a hostile config repeats one key in thousands of backends
def _likely_typo(key: str, options: tuple[str, ...]) -> str | None:
    squashed, forms = _squash(key), _forms(options)
    same = [o for o, (squash, _) in zip(options, forms, strict=True) if squash == squashed]
    if same:
        return same[0] if len(same) == 1 else None
    words = key.lower().split("_")
    close = [o for o, (_, split) in zip(options, forms, strict=True) if _one_word_misspelt(words, split)]
    return close[0] if len(close) == 1 else None


@functools.lru_cache(maxsize=64)
def _forms(options: tuple[str, ...]) -> tuple[tuple[str, list[str]], ...]:
    """Each option squashed and split into words, once per set of options."""
    return tuple((_squash(o), o.lower().split("_")) for o in options)


def _squash(key: str) -> str:
    return key.lower().replace("_", "").replace("-", "")


def _one_word_misspelt(words: list[str], option: list[str]) -> bool:
    if len(words) != len(option):
        return False
    differing = [(a, b) for a, b in zip(words, option, strict=True) if a != b]
    if len(differing) != 1:
        return False
    typed, meant = differing[0]
    return min(len(typed), len(meant)) >= MIN_WORD and _one_edit(typed, meant)


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    a_rest, b_rest = a[prefix:], b[prefix:]
    if len(a) == len(b):
        swapped = len(a_rest) >= 2 and a_rest[0] == b_rest[1] and a_rest[1] == b_rest[0] and a_rest[2:] == b_rest[2:]
        return swapped or a_rest[1:] == b_rest[1:]
    return a_rest[1:] == b_rest if len(a) > len(b) else a_rest == b_rest[1:]


def _backend_type(data: Any, path: YamlPath) -> str:
    if "backend" not in path:
        return ""
    node = data
    for step in path[: path.index("backend") + 1]:
        node = node[step]
    kind = node.get("type") if isinstance(node, dict) else None
    return kind if isinstance(kind, str) else ""


def _receiver(backend_type: str) -> str:
    # claude_code builds the Claude Agent SDK's options from the backend keys, not an API call.
    return "the Claude Agent SDK's options" if backend_type == "claude_code" else "the provider's API"


# --- the known keys, read from the schema's `properties` (one source of truth) ---------------

class UnknownKey(NamedTuple):
    path: YamlPath
    known: list[str]  # the keys known in its mapping
    to_provider: bool  # MassGen passes unknown keys here to the provider's API

    @property
    def key(self) -> str:
        return str(self.path[-1])

    @property
    def where(self) -> str:
        return dotted(self.path[:-1]) or "top level"


@dataclass(eq=False, repr=False)
class _View:
    """A schema node flattened: every subschema that applies to each key, items, extra keys.

    A mapping whose schema lists `properties` (in itself, its `allOf` parts or its `if`/
    `then`/`else` branches) and gives no schema for other keys is closed: any other key is
    unknown. Mappings described without `properties` are open."""

    closed: bool = False
    to_provider: bool = False
    props: dict[str, list[Any]] = field(default_factory=dict)
    items: list[Any] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)


def unknown_keys(data: Any) -> Iterator[UnknownKey]:
    root = load_schema(SCHEMA)
    yield from _walk(root, root, data, ())


def _walk(root: dict[str, Any], node: Any, value: Any, path: YamlPath) -> Iterator[UnknownKey]:
    view = _view(root, node)
    if isinstance(value, dict):
        for key, child in value.items():
            subs = view.props.get(key)
            if subs is None:
                subs = view.extra
                if not subs and view.closed:
                    yield UnknownKey((*path, key), sorted(view.props), view.to_provider)
            for sub in subs:
                yield from _walk(root, sub, child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            for sub in view.items:
                yield from _walk(root, sub, child, (*path, index))


_VIEWS: dict[int, _View] = {}  # by id() of the schema node: the loaded schema lives for the run


def _view(root: dict[str, Any], node: Any) -> _View:
    view = _VIEWS.get(id(node))
    if view is None:
        view = _VIEWS[id(node)] = _View()
        _flatten(root, node, view)
    return view


def _flatten(root: dict[str, Any], node: Any, view: _View) -> None:
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        _flatten(root, _resolve(root, node["$ref"]), view)
    if node.get("x-unknown-keys") == PROVIDER_API:
        view.to_provider = True
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
