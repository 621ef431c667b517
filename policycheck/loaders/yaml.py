"""YAML to plain data plus a position for every key and value.

ruamel.yaml's C composer builds the node tree (fast, and every node carries its marks); this
module constructs plain JSON-like data from it, recording 1-based positions by path, and turns
the YAML hazards a checker meets into LoadFailures or notes: syntax errors, several documents,
duplicate keys, alias bombs. The round-trip loader would give positions too, at ~10x the cost.
"""
from __future__ import annotations

import datetime
import gc
import re
import warnings
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from policycheck.findings import Fact
from policycheck.loaders import LoadFailure

YamlPath = tuple[Any, ...]
MERGE_TAG = "tag:yaml.org,2002:merge"
BOOL_TAG = "tag:yaml.org,2002:bool"
STR_TAG = "tag:yaml.org,2002:str"
FLOAT_TAG = "tag:yaml.org,2002:float"
MAX_ALIAS_NODES = 100_000  # values reached again through aliases; far more is a "billion laughs"
MAX_DEPTH = 100  # a MassGen config nests about ten levels; Python's own stack ends near 500
# An upper estimate of a file's values (see _items): the largest MassGen config of the corpus
# has 575. Composing and checking costs ~20 us a value, so a 1 MiB file of 400,000 values
# (`[[[1]]]`, `[1,2,3...]`) took 4-11 s (bench/adversarial.py). A config's budget is the
# policy's limits.max_yaml_values; this one bounds what is read without a policy (the policy
# file itself, front matter, profile files).
MAX_ITEMS = 50_000
_INT = re.compile(r"-?[1-9][0-9]{0,17}|0")  # plain decimal: read without ruamel's constructor
INT_TAG = "tag:yaml.org,2002:int"


class Pos(NamedTuple):
    line: int
    column: int


@dataclass(eq=False, repr=False)
class YamlDocument:
    """Plain data with positions: `keys[path]` is where a mapping key (or list item) starts,
    `values[path]` where its value starts."""

    data: Any
    keys: dict[YamlPath, Pos] = field(default_factory=dict)
    values: dict[YamlPath, Pos] = field(default_factory=dict)
    duplicates: list[tuple[YamlPath, Pos, Pos]] = field(default_factory=list)

    def key_pos(self, path: YamlPath) -> Pos:
        """Position of the key at `path`, else of the nearest ancestor that has one."""
        for length in range(len(path), 0, -1):
            pos = self.keys.get(tuple(path[:length]))
            if pos is not None:
                return pos
        return self.values.get((), Pos(1, 1))

    def value_pos(self, path: YamlPath) -> Pos:
        pos = self.values.get(tuple(path))
        return pos if pos is not None else self.key_pos(path)


_yaml = None
_TAGS: dict[str, Any] = {}  # ruamel Tag objects by name, shared by the scalars resolved to them


def _parser() -> Any:
    global _yaml
    if _yaml is None:
        from ruamel.yaml import YAML
        from ruamel.yaml.nodes import ScalarNode
        from ruamel.yaml.resolver import VersionedResolver
        from ruamel.yaml.tag import Tag

        class Yaml11Resolver(VersionedResolver):
            """ruamel looks the version up per scalar through failing attribute lookups
            (half the time of composing a large file); ours is fixed."""

            processing_version = (1, 1)

            def add_version_implicit_resolver(self, version: Any, tag: Any, regexp: Any, first: Any) -> None:
                # ruamel wraps its patterns in a lazy proxy whose every attribute lookup is a
                # Python call; the compiled pattern itself is what each scalar is matched with.
                unwrap = getattr(regexp, "lazy_self", None)
                super().add_version_implicit_resolver(version, tag, unwrap() if unwrap else regexp, first)

            def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
                """ruamel's own, for the plain scalars of a file without path resolvers: one
                Tag per tag name, not one per scalar."""
                if kind is not ScalarNode or not implicit[0] or self.yaml_path_resolvers:
                    return super().resolve(kind, value, implicit)
                for tag, regexp in self.versioned_resolver.get(value[:1], ()):
                    if regexp.match(value):
                        return _TAGS.setdefault(tag, Tag(suffix=tag))
                return self.DEFAULT_SCALAR_TAG

        try:
            _yaml = YAML(typ="safe", pure=False)
        except Exception:  # no C extension on this interpreter: same results, slower
            _yaml = YAML(typ="safe", pure=True)
        # MassGen reads configs with PyYAML, which implements YAML 1.1 (`yes`/`on` are true):
        # resolve scalars the same way so that we check the values MassGen will see.
        _yaml.version = (1, 1)
        _yaml.Resolver = Yaml11Resolver
    return _yaml


def parse_yaml(text: str, max_values: int = MAX_ITEMS) -> YamlDocument:
    """Parse one YAML document; raise LoadFailure for anything that is not one valid document,
    or that holds more than `max_values` values (a config: the policy's `limits.max_yaml_values`;
    the policy file itself and front matter, read before or beside the policy: MAX_ITEMS)."""
    yaml = _parser()
    items = _items(text)
    if items > max_values:
        raise LoadFailure("file-too-large", Fact(
            f"too large to check: about {items} YAML values (counting `:`, `,`, `- `, `[` and `{{`),"
            f" more than the {max_values} policycheck parses in one file (limits.max_yaml_values)",
            hint="a config holds settings, not data: move long lists to a file the config names"))
    # The node tree of a large file is hundreds of thousands of objects, none garbage before
    # the parse ends; the cycle collector's passes over them took most of the time of a 1 MiB
    # file. It runs again once the parse is over.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(yaml, text)
    finally:
        if collecting:
            gc.enable()


def _items(text: str) -> int:
    """An upper estimate of the values in `text`, in a few milliseconds: each value of a
    mapping follows a `:`, each item of a list a `- `, a `,` or a `[`. Characters inside
    strings count too: a long prose value raises the estimate, never lowers it."""
    return sum(text.count(mark) for mark in (":", ",", "- ", "[", "{"))


def _parse(yaml: Any, text: str) -> YamlDocument:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    with warnings.catch_warnings():
        # ruamel.yaml warns on stderr about YAML 1.1 oddities (`1e-3`); the value is still read.
        warnings.simplefilter("ignore")
        try:
            node = yaml.compose(text)
            doc = YamlDocument(data=None)
            if node is not None:
                doc.values[()] = _pos(node)
                doc.data = _Builder(yaml.constructor, doc).build(node, (), 0)
            return doc
        except MarkedYAMLError as exc:
            raise LoadFailure("yaml-syntax", _marked_fact(exc)) from None
        except YAMLError as exc:
            raise LoadFailure("yaml-syntax", _reader_fact(exc, text)) from None
        except RecursionError:  # the composer recurses per nesting level, before our own limit
            raise LoadFailure("yaml-syntax", Fact(f"nested more than {MAX_DEPTH} levels deep")) from None


def _marked_fact(exc: Any) -> Fact:
    mark, context_mark = exc.problem_mark or exc.context_mark, exc.context_mark
    context = exc.context or ""
    if context and context_mark is not None and context_mark is not mark:
        context += f" started at line {context_mark.line + 1}, column {context_mark.column + 1}"
    message = ": ".join(p for p in (context, exc.problem) if p) or "invalid YAML"
    if "expected a single document" in message:
        message = "more than one YAML document in the file (a config is a single document)"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Fact(f"YAML syntax error: {message}", line, column)


def _reader_fact(exc: Any, text: str) -> Fact:
    offset = getattr(exc, "position", None)
    if not isinstance(offset, int):
        return Fact(f"YAML error: {exc}")
    before = text[:offset]
    line, column = before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
    reason = getattr(exc, "reason", None) or "unacceptable character"
    char = getattr(exc, "character", None)
    code = f" #x{ord(char):04x}" if isinstance(char, str) and len(char) == 1 else ""
    return Fact(f"YAML error: {reason}{code}", line, column)


def _fact(message: str, node: Any) -> Fact:
    pos = _pos(node)
    return Fact(message, pos.line, pos.column)


def _tag(node: Any) -> str:
    """`node.tag` without its cost: the property decodes %-escapes and builds a string each time."""
    ctag = node.ctag
    if ctag is not None and ctag.handle is None and "%" not in ctag.suffix:
        return str(ctag.suffix)
    return str(node.tag)


def _pos(node: Any) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Walks composed nodes; aliases share node objects, so a budget stops alias bombs.

    Every value built again through an alias, and every key (with its positions) copied by a
    merge key (`<<: [*a, *a]`), spends from one budget: merges nest, so without it a few
    hundred bytes copy billions of keys. While a merged mapping is built its positions are
    journaled, so that the merge copies those alone, not a scan of every position so far."""

    def __init__(self, constructor: Any, doc: YamlDocument):
        self.constructor, self.doc = constructor, doc
        self.seen: set[int] = set()
        self.repeats = 0
        self.active: set[int] = set()
        self.journal: list[tuple[dict[YamlPath, Pos], YamlPath, Pos]] = []
        self.merging = 0  # merged mappings being built (positions are journaled only then)

    def build(self, node: Any, path: YamlPath, depth: int) -> Any:
        self._count(node, depth)
        if node.id == "scalar":
            return self._scalar(node)
        if id(node) in self.active:
            raise LoadFailure("yaml-syntax", _fact("recursive alias: a node contains itself", node))
        self.active.add(id(node))
        try:
            if node.id == "mapping":
                return self._mapping(node, path, depth + 1)
            return self._sequence(node, path, depth + 1)
        finally:
            self.active.discard(id(node))

    def _count(self, node: Any, depth: int) -> None:
        """Aliases share node objects: count each node built again, to stop alias bombs."""
        if depth > MAX_DEPTH:
            raise LoadFailure("yaml-syntax", _fact(f"nested more than {MAX_DEPTH} levels deep", node))
        if id(node) in self.seen:
            self._spend(1, node)
        else:
            self.seen.add(id(node))

    def _spend(self, copies: int, node: Any) -> None:
        self.repeats += copies
        if self.repeats > MAX_ALIAS_NODES:
            raise LoadFailure("yaml-syntax", _fact(
                f"aliases expand to more than {MAX_ALIAS_NODES} copied values"
                " (a \"billion laughs\" document)", node))

    def _place(self, table: dict[YamlPath, Pos], path: YamlPath, pos: Pos, replace: bool = True) -> None:
        if replace or path not in table:
            table[path] = pos
            if self.merging:
                self.journal.append((table, path, pos))

    def _scalar(self, node: Any) -> Any:
        tag = _tag(node)
        if tag == STR_TAG:
            return node.value  # most scalars; skipping the constructor saves a third of the parse
        if tag == INT_TAG and not node.style and _INT.fullmatch(node.value):
            return int(node.value)  # most numbers: the constructor costs ten times more
        if tag == BOOL_TAG and node.value in ("y", "Y", "n", "N"):
            return node.value  # ruamel's YAML 1.1 reads these as booleans; PyYAML does not
        if tag == FLOAT_TAG and "." not in node.value:
            return node.value  # PyYAML reads `1e-3` as a string (its floats need a dot): so does MassGen
        try:
            return _plain(self.constructor.construct_object(node, deep=True))
        except (ValueError, OverflowError):  # an impossible date such as 2025-02-30: keep the text
            return node.value
        except (IndexError, KeyError, TypeError):  # ruamel's own failures: `!!int` empty, `!!bool maybe`
            short = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise LoadFailure("yaml-syntax", _fact(f"{short} cannot hold the value {node.value!r}", node)) from None
        # An unsafe tag (!!python/object) raises ruamel's ConstructorError, a MarkedYAMLError:
        # parse_yaml turns it into a yaml-syntax finding at the tag.

    def _sequence(self, node: Any, path: YamlPath, depth: int) -> list[Any]:
        items = []
        for index, child in enumerate(node.value):
            sub = (*path, index)
            self._place(self.doc.keys, sub, _pos(child), replace=False)
            self._place(self.doc.values, sub, _pos(child), replace=False)
            items.append(self.build(child, sub, depth))
        return items

    def _mapping(self, node: Any, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[_Merged] = []
        for key_node, value_node in node.value:
            tag = _tag(key_node)
            if tag == MERGE_TAG:
                merged.extend(self._merge_sources(value_node, path, depth))
                continue
            if tag == STR_TAG and key_node.id == "scalar":
                key = key_node.value  # the usual key: a string copied through an alias costs nothing
            else:
                key = self.build(key_node, path, depth)
                key = key if isinstance(key, str) else str(key)
            sub = (*path, key)
            if key in result:
                # PyYAML (MassGen's reader) keeps the last value: so do we, and report the first.
                self.doc.duplicates.append((sub, self.doc.keys[sub], _pos(key_node)))
            self._place(self.doc.keys, sub, _pos(key_node))
            self._place(self.doc.values, sub, _pos(value_node))
            result[key] = self.build(value_node, sub, depth)
        for source in merged:
            taken = {key for key in source.data if key not in result}  # explicit keys win, as in PyYAML
            result.update((key, source.data[key]) for key in taken)
            self._copy_positions(source, path, taken, node)
        return result

    def _merge_sources(self, node: Any, path: YamlPath, depth: int) -> list[_Merged]:
        """Merged mappings are built at a path of their own, so they never move explicit keys.
        The same mapping merged twice (`<<: [*a, *a]`) adds nothing the second time."""
        nodes = node.value if node.id == "sequence" else [node]
        sources, done = [], set()
        for index, child in enumerate(nodes):
            if id(child) in done:
                self._spend(1, child)
                continue
            done.add(id(child))
            source_path = (*path, f"<<{index}@{child.start_mark.line}:{child.start_mark.column}>")
            start = len(self.journal)
            self.merging += 1
            try:
                built = self.build(child, source_path, depth)
            finally:
                self.merging -= 1
            if isinstance(built, dict):
                sources.append(_Merged(source_path, built, start, len(self.journal)))
        return sources

    def _copy_positions(self, source: _Merged, target: YamlPath, taken: set[str], node: Any) -> None:
        """A merged key is reported where the anchor wrote it (each copied position is spent)."""
        width = len(source.path)
        copies = [(table, found, pos) for table, found, pos in self.journal[source.start:source.end]
                  if len(found) > width and found[width] in taken]
        self._spend(len(copies), node)
        for table, found, pos in copies:
            self._place(table, (*target, *found[width:]), pos, replace=False)


class _Merged(NamedTuple):
    """A mapping merged in, built at `path`; `journal[start:end]` are the positions it recorded."""

    path: YamlPath
    data: dict[str, Any]
    start: int
    end: int


def _plain(value: Any) -> Any:
    """Make scalars JSON-like: what a JSON Schema and MassGen's json-style checks expect."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
