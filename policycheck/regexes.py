"""Catastrophic shapes in the policy's regular expressions, found before they run.

Python's `re` backtracks: a pattern whose repetition can match the same text in many ways
(`(a+)+$`, `(a*)*`, `(a|a)*`) takes exponential time on a near miss, so an `exempt` pattern
could hold a CI job on a branch name. The policy's patterns are checked when it is loaded:
a repetition holding another unbounded repetition, or alternatives that can start with the
same character, or a backreference, is refused with the key's position. (A heuristic on the parsed pattern: it
refuses some harmless patterns, such as `(?:ab+)+`, which can always be written without
the nesting.)

Patterns the check lets through can still be quadratic (`.*x`, searched, tries every start
and every end), so `PolicyPattern` also bounds the text a policy pattern reads: a name, title
or tag up to `MAX_SUBJECT` characters (GitHub keeps a pull request's title under 256, and git
a ref name's parts under 256 bytes), a file line by line, each line up to the same length.
"""
from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Iterator
from typing import Any

if sys.version_info >= (3, 11):
    from re import _compiler as compiler
    from re import _constants as constants
    from re import _parser as parser
else:  # pragma: no cover - Python 3.10
    import sre_compile as compiler
    import sre_constants as constants
    import sre_parse as parser

_REPEATS = (constants.MAX_REPEAT, constants.MIN_REPEAT) + (
    (constants.POSSESSIVE_REPEAT,) if hasattr(constants, "POSSESSIVE_REPEAT") else ())
_UNBOUNDED = constants.MAXREPEAT
_SINGLE = (constants.LITERAL, constants.NOT_LITERAL, constants.IN, constants.ANY)
_SAMPLE = [chr(code) for code in range(32, 127)] + ["\t", "\n", "é", "٣"]  # what a first character may be


MAX_SUBJECT = 1024  # characters of one name, title, tag or line that a policy pattern reads


class PolicyPattern:
    """A compiled pattern from the policy that reads a bounded text (see the module docstring)."""

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex

    @property
    def groupindex(self) -> Any:
        return self.regex.groupindex

    def search(self, text: str) -> re.Match[str] | None:
        return self.regex.search(text[:MAX_SUBJECT])

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text[:MAX_SUBJECT])

    def search_lines(self, text: str) -> re.Match[str] | None:
        """The first match in a file's text, line by line (a `(?m)^...` pattern reads the same)."""
        return next((m for line in text.splitlines() if (m := self.search(line))), None)


def catastrophic(pattern: str) -> str | None:
    """Why `pattern` may take exponential time (a few words), or None; the pattern compiles."""
    try:
        with warnings.catch_warnings():  # "possible nested set" (`[[`): valid today, and not ours to say
            warnings.simplefilter("ignore")
            parsed = parser.parse(pattern)
        return _walk(parsed, inside_repeat=False)
    except (RecursionError, ValueError):
        return "it nests too deeply to check"


def _walk(items: Any, inside_repeat: bool) -> str | None:
    for op, arg in items:
        reason = _item(op, arg, inside_repeat)
        if reason:
            return reason
    return None


def _item(op: Any, arg: Any, inside_repeat: bool) -> str | None:
    if op in _REPEATS:
        _low, high, body = arg
        many = high > 1
        if many and _nested(body):
            return "a repetition inside a repetition that can match the same text, such as (a+)+"
        return _walk(body, inside_repeat or many)
    if op is constants.SUBPATTERN:
        return _walk(arg[-1], inside_repeat)
    if op is constants.BRANCH:
        branches = arg[1]
        if inside_repeat and _overlapping(branches):
            return "alternatives that can match the same text inside a repetition, such as (a|a)*"
        return next((r for r in (_walk(b, inside_repeat) for b in branches) if r), None)
    if op in (constants.ASSERT, constants.ASSERT_NOT):
        return _walk(arg[1], inside_repeat)
    if op in (constants.GROUPREF, constants.GROUPREF_EXISTS):
        # matching with backreferences is NP-hard in general, and no check can vouch for one
        return "a backreference such as \\1 or (?(1)...), which the check cannot prove safe"
    return None


def _flat(body: Any) -> list[tuple[Any, Any]]:
    """The items of `body`, groups opened (a group changes nothing about the ways to match)."""
    items = []
    for op, arg in body:
        items += _flat(arg[-1]) if op is constants.SUBPATTERN else [(op, arg)]
    return items


def _nested(body: Any) -> bool:
    """A repeated body that can split the same text in many ways: it may match nothing (`(a?)*`),
    or it holds an unbounded repetition and no required character that repetition cannot match
    (`(a+)+`, `(\\w+\\s?)*`, `(.*a){20}`; but `(-[a-z]+)*` is safe: each `-` starts a repetition)."""
    low, high = body.getwidth()
    if low == 0 and high > 0:
        return True
    items = _flat(body)
    inner = [arg[2] for op, arg in items if op in _REPEATS and arg[1] >= 100]
    if not inner:
        return False
    repeated = set().union(*(_chars(b.state, list(b)[:1]) for b in inner))
    separators = [_chars(body.state, [item]) for item in items
                  if item[0] not in _REPEATS and item[0] in _SINGLE]
    return not any(chars and not chars & repeated for chars in separators)


def _chars(state: Any, items: list[Any]) -> set[str]:
    """The sample characters that the items, compiled alone, match as their first character."""
    try:
        regex = compiler.compile(parser.SubPattern(state, items), re.IGNORECASE)
    except (re.error, TypeError, ValueError):
        return set(_SAMPLE)
    return {char for char in _SAMPLE if regex.match(char)}


def _overlapping(branches: list[Any]) -> bool:
    """Two alternatives that may start with the same character (or one that may be empty)."""
    seen: set[str] = set()
    for branch in branches:
        if branch.getwidth()[0] == 0:
            return True
        firsts = {char for char in _SAMPLE if _starts(branch, char)}
        if firsts & seen:
            return True
        seen |= firsts
    return False


def _starts(branch: Any, char: str) -> bool:
    """Whether the alternative can start with `char` (a first item that may match nothing lets
    the next one start: taken as any character)."""
    item = parser.SubPattern(branch.state, [branch[0]])
    return item.getwidth()[0] == 0 or char in _chars(branch.state, [branch[0]])
