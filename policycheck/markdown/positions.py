"""mistune with source lines: every block token carries `_line`, every inline token `_pos`.

mistune (3.x) gives no source positions, but its block parser's state knows where each
block starts: `BlockParser.parse` calls `parse_method(m, state)` with `state.cursor` at the
block's first character, and paragraphs and indented code are added with the cursor at
their start. Subclasses of `BlockState` and `BlockParser` stamp the line there.

Container blocks (lists, block quotes) are parsed from a *child* state whose source is the
container's text with the markers stripped, line for line. A child's first line is the
line of the container block (a block quote) or, for the items of one list, the line after
the previous item (items are collected contiguously: each item's source runs from its
marker line to the line before the next marker). So each child state carries an offset,
and its tokens' lines are `offset + line within the child`.

Inline tokens get `_pos`, the offset of their first character in the text handed to the
inline parser (a link's `[`, an image's `!`), taken from the match the inline parser is
dispatching; the caller turns that into a line within the block.

mistune is imported only inside `markdown_parser()` so that nothing else pays for it.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Any

_EMPTY_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]*\n?$")
_INLINE_TRIGGER = re.compile(r"[\[<`]|https?:|www\.|@")


@functools.lru_cache(maxsize=1)
def markdown_parser() -> Any:
    """A mistune `Markdown` (AST renderer, tables, bare URLs) whose tokens carry positions."""
    import mistune
    from mistune.core import BlockState, InlineState

    class _Tokens(list[dict[str, Any]]):
        """Remembers the position of the first token deleted by a slice delete: when a link
        closes, mistune deletes its opener `[` (and the link text) and appends the link."""

        deleted_pos: int | None = None

        def __delitem__(self, index: Any) -> None:
            if isinstance(index, slice):
                removed = self[index]
                if removed:
                    self.deleted_pos = removed[0].get("_pos")
            super().__delitem__(index)

    class PosInlineState(InlineState):
        def __init__(self, env: Any) -> None:
            super().__init__(env)
            self.deletions = _Tokens()
            self.tokens = self.deletions
            self.match_pos = 0

        def append_token(self, token: dict[str, Any]) -> None:
            if "_pos" not in token:
                if token.get("type") in ("link", "image") and self.deletions.deleted_pos is not None:
                    token["_pos"] = self.deletions.deleted_pos
                    self.deletions.deleted_pos = None
                else:
                    token["_pos"] = self.match_pos
            super().append_token(token)

    class PosInlineParser(mistune.InlineParser):
        state_cls = PosInlineState

        def parse_method(self, m: Any, state: Any) -> Any:
            state.match_pos = m.start()
            return super().parse_method(m, state)

    class PosBlockState(BlockState):
        def __init__(self, parent: Any = None) -> None:
            super().__init__(parent)
            self.offset = 0  # document line of this state's line 1, minus one
            self.block_start: int | None = None  # cursor where the block being parsed starts
            self._starts: list[int] = [0]
            # block start -> document line where that block's next child begins (list items
            # are placed one after another; a block parsed while collecting an item can
            # create its own child in between)
            self._next_child: dict[int, int] = {}

        def process(self, src: str) -> None:
            super().process(src)
            starts = [0]
            find = src.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._starts = starts

        def line_at(self, pos: int) -> int:
            """Document line (1-based) of a position in this state's source."""
            return self.offset + bisect.bisect_right(self._starts, pos)

        def local_line(self, line: int) -> str:
            """The text of document line `line` within this state's source ('' if outside)."""
            index = line - self.offset - 1
            if not 0 <= index < len(self._starts):
                return ""
            end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self.src)
            return self.src[self._starts[index]:end]

        def _stamp(self, token: dict[str, Any]) -> None:
            if "_line" not in token:
                start = self.cursor if self.block_start is None else self.block_start
                token["_line"] = self.line_at(start)

        def append_token(self, token: dict[str, Any]) -> None:
            self._stamp(token)
            super().append_token(token)

        def prepend_token(self, token: dict[str, Any]) -> None:
            self._stamp(token)
            super().prepend_token(token)

        def add_paragraph(self, text: str) -> None:
            last = self.last_token()
            super().add_paragraph(text)
            if self.last_token() is not last:
                self._stamp(self.tokens[-1])

        def child_state(self, src: str, lazy_line_starts: Any = None) -> Any:
            child: Any = super().child_state(src, lazy_line_starts)  # a PosBlockState (state_cls)
            start = self.block_start if self.block_start is not None else self.cursor
            first = self._next_child.get(start) or self.line_at(start)
            if _EMPTY_ITEM.match(self.local_line(first)):
                first += 1  # "-" alone on its line: the item's text starts on the next line
            child.offset = first - 1
            self._next_child[start] = first + src.count("\n") + (0 if src.endswith("\n") else 1)
            return child

    class PosBlockParser(mistune.BlockParser):
        state_cls = PosBlockState

        def parse_method(self, m: Any, state: Any) -> Any:
            saved = state.block_start
            state.block_start = state.cursor
            count = len(state.tokens)
            try:
                end = super().parse_method(m, state)
            finally:
                state.block_start = saved
            # lists may be inserted at an earlier index than the end: stamp what is new
            for token in state.tokens[max(0, count - 1):]:
                if "_line" not in token:
                    token["_line"] = state.line_at(m.start())
            return end

    block = PosBlockParser(max_nested_level=16)
    inline = PosInlineParser(max_nested_level=16)
    md = mistune.Markdown(renderer=None, block=block, inline=inline)
    from mistune.plugins.table import table
    from mistune.plugins.url import url

    table(md)
    url(md)
    # Emphasis and hard line breaks never hold a position the model needs; skipping them
    # skips mistune's delimiter matching, a third of the inline parser's time.
    inline.rules = [rule for rule in inline.rules if rule not in ("emphasis", "linebreak")]
    return md


def parse_tokens(text: str) -> list[dict[str, Any]]:
    """Block tokens with `_line`; a token with `text` keeps it and gets its inline tokens
    (each with `_pos` into `text.strip()`) as `children`, as mistune's AST renderer would."""
    md = markdown_parser()
    state = md.block.state_cls()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    state.process(text if text.endswith("\n") else text + "\n")
    md.block.parse(state)
    _inline(md, state.tokens, state.env)
    return state.tokens


def _inline(md: Any, tokens: list[dict[str, Any]], env: Any) -> None:
    for token in tokens:
        children = token.get("children")
        if isinstance(children, list):
            _inline(md, children, env)
        elif "text" in token:
            text = token["text"].strip(" \r\n\t\f")
            # Only links, images, code spans and inline HTML matter to the model: text that
            # cannot hold any of them skips the inline parser (most of the parse time).
            if _INLINE_TRIGGER.search(text):
                token["children"] = md.inline(text, env)
            else:
                token["children"] = [{"type": "text", "raw": text, "_pos": 0}]
