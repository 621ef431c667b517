"""Key renames in a config's source text, for the config rules' fixes.

A rename replaces the key's token and nothing else, so comments, quoting, order, line endings
and a missing final newline all stay. The positions come from `policycheck.loaders.yaml`. A
rename is refused (None) where it would not be that simple: a key already present under the
new name, a key in a mapping that an anchor shares with other places (an edit there would
change them too) or that an alias or a merge key brings in (its token is elsewhere), and a
token that is not the key as written (an anchor or a tag on the key, escapes in quotes).
"""
from __future__ import annotations

import re

from policycheck.configs.document import ConfigDocument
from policycheck.edits import Replacement
from policycheck.loaders.yaml import Pos, YamlPath

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_COLON = re.compile(r"[ \t]*:")


def rename_key(target: ConfigDocument, path: YamlPath, new: str) -> Replacement | None:
    """The replacement that renames the mapping key at `path` to `new`, or None (see above)."""
    pos = target.doc.keys.get(tuple(path))
    parent = _mapping_at(target.data, path[:-1])
    if pos is None or parent is None or new in parent or not _own_token(target, path):
        return None
    offset = target.offset(pos)
    token = _key_token(target.text, offset, str(path[-1]))
    if token is None or not _PLAIN_KEY.match(new):
        return None
    return Replacement(pos.line, pos.column, token, token.replace(str(path[-1]), new))


def _mapping_at(data: object, path: YamlPath) -> dict[str, object] | None:
    node = data
    for step in path:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
    return node if isinstance(node, dict) else None


def _own_token(target: ConfigDocument, path: YamlPath) -> bool:
    """Whether every mapping on the way to the key is written here, once: an aliased or merged
    value starts before its key (anchors come first in YAML), an anchored one starts with `&`."""
    keys, values = target.doc.keys, target.doc.values
    previous = keys.get(tuple(path[:1]))
    for length in range(1, len(path)):
        key, value = keys.get(tuple(path[:length])), values.get(tuple(path[:length]))
        if key is None or value is None or _before(value, key) or previous is None or _before(key, previous):
            return False
        if target.text.startswith(("&", "*"), target.offset(value)):
            return False
        previous = value
    own = keys.get(tuple(path))
    return own is not None and previous is not None and not _before(own, previous)


def _before(a: Pos, b: Pos) -> bool:
    return (a.line, a.column) < (b.line, b.column)


def _key_token(text: str, offset: int, key: str) -> str | None:
    """The key as written at `offset` (plain, or in the same quotes), when a `:` follows it."""
    for token in (key, f'"{key}"', f"'{key}'"):
        if text.startswith(token, offset):
            if _COLON.match(text, offset + len(token)):  # a match in place: no copy of the rest
                return token
    return None
