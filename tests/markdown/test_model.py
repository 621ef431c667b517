"""The document model on small documents: positions through containers, headings from
Markdown and HTML, links, videos, commands, config references, checkboxes, front matter."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from policycheck.markdown.model import heading_key, parse_document, parse_version


def parse(text: str, root: Path, name: str = "doc.md"):
    return parse_document(textwrap.dedent(text), str(root / name), root)


def test_heading_key_normalisation() -> None:
    assert heading_key("📋 PLANNING PHASE") == "planning-phase"
    assert heading_key("Results & Failure Modes") == "results-failure-modes"
    assert heading_key("🔧 **Technical Innovation**") == "technical-innovation"
    assert heading_key("[Link](x) `code`") == "link-code"


def test_parse_version_single_and_ranges() -> None:
    assert parse_version("MassGen v0.1.8: Automation") == ("0.1.8", "0.1.8", "0.1.8")
    assert parse_version("MassGen v0.0.12-0.0.14: Logging") == ("0.0.12-0.0.14", "0.0.12", "0.0.14")
    assert parse_version("MassGen v0.0.21-v0.0.22: Paths") == ("0.0.21-0.0.22", "0.0.21", "0.0.22")
    assert parse_version("MassGen Case Study Template") == (None, None, None)


def test_positions_through_lists_quotes_tables_and_setext(tmp_path: Path) -> None:
    doc = parse("""\
        # Title v1.2.3

        - item [a](a.md)
        - item two
          continued [b](b.md)

          para in item [c](c.md)
          - nested [d](d.md)
        - third [e](e.md)

        > quote
        > more [f](f.md)
        >
        > ## Quoted heading

        | col | link |
        |-----|------|
        | x   | [g](g.md) |
        | y   | [h](h.md) |

        Setext heading
        --------------
        """, tmp_path)
    assert [(link.url, link.line, link.column) for link in doc.links] == [
        ("a.md", 3, 8), ("b.md", 5, 13), ("c.md", 7, 16), ("d.md", 8, 12), ("e.md", 9, 9),
        ("f.md", 12, 8), ("g.md", 18, 9), ("h.md", 19, 9)]
    assert [(h.line, h.level, h.text) for h in doc.headings] == [
        (1, 1, "Title v1.2.3"), (14, 2, "Quoted heading"), (21, 2, "Setext heading")]
    assert doc.headings[2].end_line == 22


def test_hash_lines_in_fences_are_code_and_html_headings_count(tmp_path: Path) -> None:
    doc = parse("""\
        # MassGen v0.1.0: T

        ```bash
        # a shell comment
        massgen --config @examples/basic/x "go"
        ```

        <h1 id="planning-phase">📋 PLANNING PHASE</h1>

        <h3 id="new-features">✨ New Features</h2>

        ~~~
        ## not a heading either
        ~~~
        """, tmp_path)
    assert [(h.line, h.level, h.source, h.key) for h in doc.headings] == [
        (1, 1, "markdown", "massgen-v0-1-0-t"), (8, 1, "html", "planning-phase"), (10, 3, "html", "new-features")]
    assert [(c.language, c.line, c.end_line) for c in doc.code_blocks] == [("bash", 3, 6), ("", 12, 14)]
    assert [(c.line, c.config, c.config_line, c.config_column) for c in doc.commands] == [
        (5, "@examples/basic/x", 5, 18)]
    assert [s.text for s in doc.sections] == ["MassGen v0.1.0: T", "📋 PLANNING PHASE"]
    assert [c.text for c in doc.sections[1].children] == ["✨ New Features"]


def test_videos_all_hosts_and_local_files(tmp_path: Path) -> None:
    (tmp_path / "demo.mp4").write_bytes(b"")
    doc = parse("""\
        [![t](https://img.youtube.com/vi/abc/0.jpg)](https://www.youtube.com/watch?v=abc)
        [a](https://youtu.be/abc) [b](https://www.youtube.com/shorts/abc)
        [c](https://www.youtube.com/embed/abc) [d](https://www.youtube.com/live/abc)
        [e](https://vimeo.com/12345) [f](https://www.loom.com/share/abc123)
        [g](https://github.com/user-attachments/assets/0a1b-2c3d)
        [h](demo.mp4) [i](missing.mp4) [j](https://example.com/watch?v=abc)

        <video src="demo.mp4"></video>
        """, tmp_path)
    assert [(v.host, v.line) for v in doc.videos] == [
        ("youtube", 1), ("youtube", 2), ("youtube", 2), ("youtube", 3), ("youtube", 3), ("vimeo", 4), ("loom", 4),
        ("github", 5), ("local", 6), ("local", 8)]
    assert doc.videos[0].thumbnail == "https://img.youtube.com/vi/abc/0.jpg"
    assert doc.videos[0].column == 1


def test_config_refs_three_forms_and_commands(tmp_path: Path) -> None:
    configs = tmp_path / "massgen" / "configs"
    (configs / "tools" / "mcp").mkdir(parents=True)
    (configs / "tools" / "mcp" / "notion.yaml").write_text("agents: []\n")
    doc = parse("""\
        Uses `massgen/configs/tools/mcp/notion.yaml` and [x](../../massgen/configs/tools/mcp/gone.yaml).
        Relative: tools/mcp/notion.yaml, not docs/notes.yaml nor demo_config.yaml.

        ```bash
        uv run massgen \\
          --config @examples/mcp/notion "prompt"
        uv run python -m massgen.cli --config tools/mcp/notion.yaml "p"
        massgen --automation --config [config] "[question]"
        ```
        """, tmp_path)
    assert [(r.line, r.column, r.form, r.resolved, r.exists) for r in doc.config_refs] == [
        (1, 7, "path", "massgen/configs/tools/mcp/notion.yaml", True),
        (1, 54, "path", "massgen/configs/tools/mcp/gone.yaml", False),
        (2, 11, "relative", "massgen/configs/tools/mcp/notion.yaml", True),
        (6, 12, "examples", "massgen/configs/tools/mcp/notion.yaml", True),
        (7, 39, "relative", "massgen/configs/tools/mcp/notion.yaml", True),
    ]
    assert [(c.line, c.config, c.config_line, c.config_exists) for c in doc.commands] == [
        (5, "@examples/mcp/notion", 6, True), (7, "tools/mcp/notion.yaml", 7, True), (8, "[config]", 8, None)]


def test_checkboxes_front_matter_and_comments(tmp_path: Path) -> None:
    doc = parse("""\
        ---
        name: Case study
        labels: [case-study]
        ---

        <!-- a note -->
        - [ ] open item
        - [x] done item
        - [✓] ticked item
        - ✅ emoji item
        ✅ **Paragraph** check
        """, tmp_path)
    assert doc.front_matter == {"line": 1, "data": {"name": "Case study", "labels": ["case-study"]}, "error": None}
    assert [(b.line, b.checked, b.mark, b.text) for b in doc.checkboxes] == [
        (7, False, "[ ]", "open item"), (8, True, "[x]", "done item"), (9, True, "[✓]", "ticked item"),
        (10, True, "✅", "emoji item"), (11, True, "✅", "**Paragraph** check")]
    assert [(c.text, c.line) for c in doc.comments] == [("a note", 6)]


def test_section_bodies_and_content(tmp_path: Path) -> None:
    doc = parse("""\
        # T v0.1.0

        ## Empty
        <!-- only a comment -->

        ## Parent
        ### Child
        text
        """, tmp_path)
    empty, parent = doc.sections[0].children
    assert (empty.body, empty.has_content()) == ("<!-- only a comment -->", False)
    assert (parent.body, parent.has_content()) == ("", True)


def test_front_matter_dates_become_text_and_json_dumps(tmp_path: Path) -> None:
    import json

    doc = parse("---\ndate: 2025-01-01\n1: x\n---\n# MassGen v0.1.0: T\n", tmp_path)
    assert doc.front_matter == {"line": 1, "data": {"date": "2025-01-01", "1": "x"}, "error": None}
    assert doc.title is not None and doc.title.line == 5
    json.dumps(doc.to_json())


def test_broken_front_matter_is_reported_in_the_model(tmp_path: Path) -> None:
    doc = parse("---\nkey: [unclosed\n---\n# MassGen v0.1.0: T\n", tmp_path)
    assert doc.front_matter is not None and doc.front_matter["data"] is None and doc.front_matter["error"]
    assert doc.title is not None and doc.title.line == 4


def test_commented_out_html_heading_is_not_a_heading_and_emoji_item_links_keep_columns(tmp_path: Path) -> None:
    doc = parse("""\
        # MassGen v0.1.0: T

        <!-- <h2 id="old">Old section</h2> -->
        <div>
        <h2 id="real">Real</h2>
        </div>

        - ✅ done, see [notes](notes.md)
        """, tmp_path)
    assert [(h.line, h.text) for h in doc.headings] == [(1, "MassGen v0.1.0: T"), (5, "Real")]
    assert [(c.text, c.line) for c in doc.comments] == [('<h2 id="old">Old section</h2>', 3)]
    assert [(b.line, b.mark) for b in doc.checkboxes] == [(8, "✅")]
    assert [(link.url, link.line, link.column) for link in doc.links] == [("notes.md", 8,
                                                               15)]  # columns count characters: the emoji is one


def test_what_counts_as_a_massgen_command() -> None:
    from policycheck.markdown.refs import find_commands

    def commands(text: str) -> list[tuple[str, str | None]]:
        return [(c.text, c.config) for c in find_commands(text)]

    assert commands("pip install massgen\necho massgen") == []
    assert commands("$ uv run massgen --config=a.yaml") == [("uv run massgen --config=a.yaml", "a.yaml")]
    assert commands('cd x && massgen --config "b c.yaml" "p"') == [('massgen --config "b c.yaml" "p"', "b c.yaml")]
    assert commands("  python -m massgen.cli --config z.yaml") == [("python -m massgen.cli --config z.yaml", "z.yaml")]
    assert commands("# massgen --config commented.yaml") == []


ODD_LISTS = """\
# T v0.1.0

-
  [a](a.md) line 4
- [b](b.md) line 5

3. [c](c.md) line 7
4. [d](d.md) line 8
   ```bash
   massgen --config x9.yaml
   ```
   [e](e.md) line 12

* [f](f.md) line 14
lazy [g](g.md) line 15

> - [h](h.md) line 17
>   - [i](i.md) line 18
> lazy [j](j.md) line 19

1) [k](k.md) line 21
\t- [l](l.md) line 22 (tab)
"""


def test_odd_list_shapes_keep_lines_and_columns(tmp_path: Path) -> None:
    """Empty first item lines, ordered lists not starting at 1, code in items, lazy lines, quotes, tabs."""
    doc = parse_document(ODD_LISTS, str(tmp_path / "odd.md"), tmp_path)
    lines = ODD_LISTS.splitlines()
    for link in doc.links:
        assert f"line {link.line}" in lines[link.line - 1], link
        assert lines[link.line - 1][link.column - 1] == "[", link
    assert [link.url for link in doc.links] == [f"{c}.md" for c in "abcdefghijkl"]
    assert [(c.line, c.config_line) for c in doc.commands] == [(10, 10)]
    assert [(c.line, c.end_line) for c in doc.code_blocks] == [(9, 11)]


def test_html_links_images_and_videos_get_their_real_columns(tmp_path: Path) -> None:
    """Each `<a>`, `<img>`, `<video>` is placed at its `<`, inline, in HTML blocks, in
    containers and in tables (column 1 for all of them hid where the tag was)."""
    (tmp_path / "v.mp4").write_bytes(b"")
    doc = parse("""\
        # T v1.2.3

        Look at this image: <img src="gone.png"> and <a href="nope.md">x</a>

        <p>Block html: <img src="b.png">
          <video src="v.mp4"></video> <a href='c.md'>c</a></p>

        - item <img src="li.png">
        > quote <a href="q.md">q</a>

        | a | b |
        |---|---|
        | c | <img src="t.png"> |
        """, tmp_path)
    assert [(x.url, x.line, x.column) for x in doc.images] == [
        ("gone.png", 3, 21), ("b.png", 5, 16), ("li.png", 8, 8), ("t.png", 13, 7)]
    assert [(x.url, x.line, x.column) for x in doc.links] == [("nope.md", 3, 46), ("v.mp4", 6, 3), ("c.md", 6, 31),
                                                              ("q.md", 9, 9)]
    assert [(v.url, v.line, v.column, v.host) for v in doc.videos] == [("v.mp4", 6, 3, "local")]


def test_heading_text_keeps_a_no_break_space_for_link_columns(tmp_path: Path) -> None:
    """The heading's text is stripped as the inline parser strips it (ASCII whitespace only),
    so a link after a no-break space keeps its column."""
    doc = parse("# T v1.2.3\n\n## \u00a0[link](x.md)\n\n### \u00a0\u00a0![i](i.png) [l](y.md)\n", tmp_path)
    assert [(x.url, x.line, x.column) for x in doc.links] == [("x.md", 3, 5), ("y.md", 5, 19)]
    assert [(x.url, x.line, x.column) for x in doc.images] == [("i.png", 5, 7)]
    assert [h.text for h in doc.headings[1:]] == ["[link](x.md)", "![i](i.png) [l](y.md)"]


def test_front_matter_errors_are_load_failures_only(tmp_path: Path) -> None:
    """Bad YAML is recorded in the model; recursion is a clear message, not a crash."""
    doc = parse("---\na: &x [*x]\n---\n# T v1.2.3\n", tmp_path)
    assert doc.front_matter == {"line": 1, "data": None, "error": "recursive alias: a node contains itself"}
    assert doc.title is not None and doc.title.line == 4


def test_a_bug_in_front_matter_parsing_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only load failures become the model's `error`: anything else is a bug and surfaces."""
    import policycheck.loaders.yaml as yaml_loader

    def broken(text: str) -> None:
        raise TypeError("a bug in the loader")

    monkeypatch.setattr(yaml_loader, "parse_yaml", broken)
    with pytest.raises(TypeError, match="a bug in the loader"):
        parse("---\na: 1\n---\n# T v1.2.3\n", tmp_path)
