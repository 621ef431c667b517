"""A canary for the mistune internals `policycheck.markdown.positions` subclasses: if a
mistune release renames or reshapes them, this fails with the name, before positions drift."""
from __future__ import annotations

import inspect

import mistune
from mistune.core import BlockState, InlineState

from policycheck.markdown.positions import markdown_parser


def test_the_internals_we_subclass_are_still_there() -> None:
    for owner, name in ((BlockState, "append_token"), (BlockState, "prepend_token"), (BlockState, "add_paragraph"),
                        (BlockState, "child_state"), (BlockState, "process"), (InlineState, "append_token"),
                        (mistune.BlockParser, "parse_method"), (mistune.InlineParser, "parse_method")):
        assert callable(getattr(owner, name, None)), f"mistune {mistune.__version__}: {owner.__name__}.{name} is gone"
    assert "lazy_line_starts" in inspect.signature(BlockState.child_state).parameters or \
        list(inspect.signature(BlockState.child_state).parameters) == ["self", "src"]


def test_tokens_still_carry_the_lines_we_stamp() -> None:
    tokens = markdown_parser()("# Title\n\ntext [a link](x.md)\n\n- item\n")
    assert [(t["type"], t.get("_line")) for t in tokens if t["type"] != "blank_line"] == [
        ("heading", 1), ("paragraph", 3), ("list", 5)]
    link = next(c for c in tokens[2]["children"] if c["type"] == "link")
    assert link["attrs"]["url"] == "x.md" and "_pos" in link
