"""The case-study document model: a Markdown file as data rules and schemas can check.

Public API (a contract: `schemas/case-study-document.schema.json` describes `to_json()`):

    parse_document(text: str, path: str, root: pathlib.Path) -> CaseStudyDocument

`path` is the document's path (as given; links resolve from its folder), `root` the
repository root (config references resolve from it). Lines are 1-based. The document holds:

- `title`: the first level-1 heading (`Title`: text, line, `version` like "0.1.8" or a range
  "0.0.12-0.0.14" with `version_start`/`version_end`), or None.
- `headings` (flat, in order) and `sections` (the same headings as a tree): level, text as
  written, `key` (normalised: case, emoji, punctuation and markup removed), line, end_line,
  `source` ("markdown" for ATX/setext, "html" for `<h1>`..`<h6>` in raw HTML, whose closing
  tag may not match), `body` (the source text under the heading up to the next heading).
  Lines starting with `#` inside fenced code are code, never headings.
- `links`, `images` (Markdown and HTML `<a href>`, `<img src>`), `videos` (links whose target
  is a video: YouTube watch/youtu.be/shorts/embed/live, Vimeo, Loom, GitHub user-attachments,
  or a link / `<video>` / `<source>` to an existing local .mp4/.webm/.mov).
- `code_blocks` (language, line of the fence, text), `commands` (MassGen invocations in code
  blocks and code spans, with the `--config` value and its line), `config_refs` (every config
  the document names, with `resolved` path, `exists` and `context`: a command's `--config`,
  a link's target, a code block or text), `checkboxes` (`- [ ]`, `- [x]`,
  `- [✓]`, `✅` lines), `front_matter`, and `comments` (HTML comments, for inline waivers).

mistune is imported only when a document is parsed (see `positions.py`), ruamel.yaml only
when it has front matter.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from policycheck.loaders import LoadFailure
from policycheck.loaders import yaml as yaml_loader
from policycheck.loaders.files import is_file
from policycheck.markdown import refs
from policycheck.markdown.positions import parse_tokens
from policycheck.markdown.text import blank_comments, comment_spans, heading_key, strip_comments

MODEL_VERSION = 2  # 2: links carry no `in_code` (links are never collected from code)

# a range is written with a hyphen or an en dash (U+2013)
_VERSION_RE = re.compile(r"\bv(\d+\.\d+\.\d+)(?:\s*[-\u2013]\s*v?(\d+\.\d+\.\d+))?", re.I)
# Linear on hostile input: no part of a tag runs over another `<` (nor a heading's text over
# another heading tag), so each start scans only up to the next tag, never a fixed 500-2000
# characters ahead (a megabyte of `<h1>` or `<` took seconds to minutes).
_HTML_HEADING_RE = re.compile(r"<h([1-6])\b([^<>]{0,500})>((?:[^<]|<(?!/?h[1-6])){0,2000}?)</h[1-6]\s*>", re.I | re.S)
_HTML_ID_RE = re.compile(r"""\bid\s*=\s*["']?([^"'\s>]+)""", re.I)
_HTML_TAG_RE = re.compile(r"<[^<>]{0,500}>")
_HTML_ATTR_LINK_RE = re.compile(
    r"<(a|img|video|source)\b[^<>]{0,500}?\b(href|src)\s*=\s*[\"']([^\"'<>]{0,2000})[\"']", re.I | re.S)
_CHECKBOX_RE = re.compile(r"^\s*\[([ xX✓✔])\]\s*(.*)$", re.S)
_CHECKED_LINE_RE = re.compile(r"^\s*(?:[-*+]\s+)?([✅✔☑])\s*(.*)$")
# What mistune strips from a block's text before its inline parse (not str.strip()'s
# Unicode whitespace: a no-break space stays); inline `_pos` offsets count from there.
_INLINE_STRIP = " \r\n\t\f"
_SHELL_LANGS = {"", "bash", "sh", "shell", "console", "zsh", "text", "shell-session", "cmd", "powershell", "ps"}


@dataclass
class Title:
    text: str
    line: int
    version: str | None
    version_start: str | None
    version_end: str | None


@dataclass
class Heading:
    level: int
    text: str
    key: str
    line: int
    end_line: int
    source: str  # markdown | html
    html_id: str | None = None
    body: str = ""
    children: list[Heading] = field(default_factory=list)

    def has_content(self) -> bool:
        """Anything but whitespace and HTML comments under it, subsections included."""
        return bool(strip_comments(self.body).strip()) or any(c.has_content() for c in self.children)

    def all_text(self) -> str:
        return "\n".join([self.body, *(c.all_text() for c in self.children)])


@dataclass
class Link:
    url: str
    text: str
    line: int
    column: int
    source: str  # markdown | html | autolink


@dataclass
class Video:
    url: str
    line: int
    column: int
    host: str  # youtube | vimeo | loom | github | local
    thumbnail: str | None = None


@dataclass
class CodeBlock:
    language: str
    line: int  # the opening fence (or first line of indented code)
    end_line: int
    text: str
    fenced: bool


@dataclass
class Command:
    text: str
    line: int
    config: str | None
    config_line: int | None
    config_column: int | None = None
    config_resolved: str | None = None
    config_exists: bool | None = None


@dataclass
class ConfigRef:
    text: str
    form: str  # path | relative | examples
    line: int
    column: int
    resolved: str | None
    exists: bool
    context: str  # text | link | code | command


@dataclass
class Checkbox:
    text: str
    checked: bool
    mark: str
    line: int


@dataclass
class Comment:
    text: str
    line: int
    end_line: int


@dataclass
class Block:
    """A top-level block: what a `disable=` waiver comment covers when it precedes it."""

    type: str
    line: int
    end_line: int


@dataclass
class CaseStudyDocument:
    path: str
    lines: list[str]
    title: Title | None = None
    headings: list[Heading] = field(default_factory=list)
    sections: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[Link] = field(default_factory=list)
    videos: list[Video] = field(default_factory=list)
    code_blocks: list[CodeBlock] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    config_refs: list[ConfigRef] = field(default_factory=list)
    checkboxes: list[Checkbox] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    front_matter: dict[str, Any] | None = None

    def find_section(self, keys: list[str] | tuple[str, ...] | set[str]) -> Heading | None:
        """The first heading whose key is one of `keys`."""
        wanted = set(keys)
        return next((h for h in self.headings if h.key in wanted), None)

    def to_json(self) -> dict[str, Any]:
        def heading(h: Heading) -> dict[str, Any]:
            return {"level": h.level, "text": h.text, "key": h.key, "line": h.line, "end_line": h.end_line,
                    "source": h.source, "id": h.html_id, "body": h.body,
                    "children": [heading(c) for c in h.children]}

        return {
            "model_version": MODEL_VERSION,
            "path": self.path,
            "line_count": len(self.lines),
            "title": asdict(self.title) if self.title else None,
            "front_matter": self.front_matter,
            "sections": [heading(h) for h in self.sections],
            "links": [asdict(x) for x in self.links],
            "images": [asdict(x) for x in self.images],
            "videos": [asdict(x) for x in self.videos],
            "code_blocks": [asdict(x) for x in self.code_blocks],
            "commands": [asdict(x) for x in self.commands],
            "config_refs": [asdict(x) for x in self.config_refs],
            "checkboxes": [asdict(x) for x in self.checkboxes],
            "comments": [asdict(x) for x in self.comments],
        }


def parse_version(text: str) -> tuple[str | None, str | None, str | None]:
    m = _VERSION_RE.search(text)
    if not m:
        return None, None, None
    start, end = m.group(1), m.group(2)
    return (f"{start}-{end}" if end else start), start, end or start


def parse_document(text: str, path: str, root: Path) -> CaseStudyDocument:
    """The document model of one Markdown text (never raises on odd input)."""
    # `positions` is the mistune adapter: imported here, like mistune, so that commands
    # that parse no Markdown (check-config) never load it.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    doc = CaseStudyDocument(path=path, lines=lines)
    body_text = _front_matter(doc, text)
    builder = _Builder(doc, Path(path).parent, root)
    tokens = parse_tokens(body_text)
    builder.top(tokens)
    builder.finish()
    return doc


def _front_matter(doc: CaseStudyDocument, text: str) -> str:
    """YAML front matter between `---` lines at the top; blanked out (lines kept) for mistune."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 3)
    if end < 0 or text[end + 4:end + 5] not in ("\n", ""):
        return text
    raw = text[4:end + 1]
    try:
        data = _json_safe(yaml_loader.parse_yaml(raw).data)
        doc.front_matter = {"line": 1, "data": data if isinstance(data, dict) else {"value": data}, "error": None}
    except LoadFailure as failure:
        doc.front_matter = {"line": 1, "data": None, "error": failure.fact.message}
    except RecursionError:  # nesting deeper than the composer can follow: still only data
        doc.front_matter = {"line": 1, "data": None, "error": "front matter nested too deeply to parse"}
    blank = "\n" * (raw.count("\n") + 2)
    return blank + text[end + 5:]


def _json_safe(value: Any) -> Any:
    """YAML gives dates and other scalars JSON has no word for: the model holds them as text."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return str(value)


class _Builder:
    """Walks mistune's tokens once and fills the document."""

    def __init__(self, doc: CaseStudyDocument, folder: Path, root: Path):
        self.doc = doc
        self.folder = folder
        self.root = root
        self.config_dirs = refs.config_dirs(str(root))
        self.seen_refs: set[tuple[int, str | None]] = set()
        self._newlines: tuple[str, list[int]] = ("", [])
        self.checkbox_lines: set[int] = set()

    def nl(self, text: str, pos: int) -> int:
        """Newlines in `text` before `pos` (bisect over a cached index: one block may be
        scanned thousands of times, and str.count on each would be quadratic)."""
        cached_text, index = self._newlines
        if cached_text is not text:
            index = []
            at = text.find("\n")
            while at >= 0:
                index.append(at)
                at = text.find("\n", at + 1)
            self._newlines = (text, index)
        return bisect.bisect_left(index, pos)

    # --- blocks -------------------------------------------------------------------------
    def top(self, tokens: list[dict[str, Any]]) -> None:
        real = [t for t in tokens if t.get("type") != "blank_line"]
        for index, token in enumerate(real):
            line = token.get("_line", 1)
            nxt = real[index + 1].get("_line", line + 1) if index + 1 < len(real) else len(self.doc.lines)
            self.doc.blocks.append(Block(token.get("type", ""), line, max(line, nxt - 1)))
        self.walk(tokens)

    def walk(self, tokens: list[dict[str, Any]]) -> None:
        for token in tokens:
            kind = token.get("type")
            line = token.get("_line", 1)
            if kind == "heading":
                self.md_heading(token, line)
            elif kind == "block_code":
                self.code(token, line)
            elif kind == "block_html":
                self.block_html(token.get("raw", ""), line)
            elif kind in ("paragraph", "block_text"):
                self.paragraph(token, line)
            elif kind == "list_item":
                self.list_item(token, line)
            elif kind == "table":
                self.table(token, line)
            elif isinstance(token.get("children"), list):
                self.walk(token["children"])

    def md_heading(self, token: dict[str, Any], line: int) -> None:
        level = int(token.get("attrs", {}).get("level", 1))
        raw = token.get("text", "").strip(_INLINE_STRIP)
        # a setext heading's text may span lines; its underline is the last line
        end = line + raw.count("\n") + 1 if token.get("style") == "setext" else line
        text = " ".join(raw.split())
        self.doc.headings.append(Heading(level, text, heading_key(text), line, end, "markdown"))
        self.inline(token.get("children", []), raw, line)

    def code(self, token: dict[str, Any], line: int) -> None:
        raw = token.get("raw", "")
        fenced = token.get("style") != "indent"
        info = (token.get("attrs") or {}).get("info", "") or ""
        language = info.split()[0].lower() if info.split() else ""
        first = line + 1 if fenced else line
        end = first + raw.count("\n") - (1 if raw.endswith("\n") else 0)
        if fenced:
            closing = end + 1  # the closing fence, unless the fence never closes
            lines = self.doc.lines
            if closing <= len(lines) and lines[closing - 1].strip()[:3] in ("```", "~~~"):
                end = closing
        self.doc.code_blocks.append(CodeBlock(language, line, max(line, end), raw, fenced))
        if language in _SHELL_LANGS:
            self.commands(raw, first)
        self.refs(raw, first, "code")

    def block_html(self, raw: str, line: int) -> None:
        for begin, stop in comment_spans(raw):
            start = line + self.nl(raw, begin)
            body = raw[begin + 4:stop].removesuffix("-->")
            # an unterminated comment runs to the end of the block, whose final newline ends
            # its last line rather than starting another
            end = start + raw[begin:stop].rstrip("\n").count("\n")
            self.doc.comments.append(Comment(body.strip(), start, end))
        visible = blank_comments(raw)
        for m in _HTML_HEADING_RE.finditer(visible):
            start = line + self.nl(visible, m.start())
            inner = html.unescape(_HTML_TAG_RE.sub("", m.group(3)))
            text = " ".join(inner.split())
            ident = _HTML_ID_RE.search(m.group(2))
            self.doc.headings.append(Heading(int(m.group(1)), text, heading_key(text), start,
                                             start + m.group(0).count("\n"), "html",
                                             ident.group(1) if ident else None))
        self.html_links(visible, line)
        self.refs(visible, line, "text")

    def paragraph(self, token: dict[str, Any], line: int) -> None:
        raw = token.get("text", "")
        stripped = raw.strip(_INLINE_STRIP)
        self.inline(token.get("children", []), stripped, line)
        self.refs(raw, line, "text")
        for index, text_line in enumerate(raw.split("\n")):
            m = _CHECKED_LINE_RE.match(text_line)
            if m and line + index not in self.checkbox_lines:
                self.doc.checkboxes.append(Checkbox(m.group(2).strip(), True, m.group(1), line + index))

    def list_item(self, token: dict[str, Any], line: int) -> None:
        children = token.get("children", [])
        first = children[0] if children else None
        if first and first.get("type") in ("paragraph", "block_text"):
            text = first.get("text", "")
            m = _CHECKBOX_RE.match(text)
            line = first.get("_line", line)
            if m:
                mark = m.group(1)
                label = m.group(2).split("\n", 1)[0].strip()
                self.doc.checkboxes.append(Checkbox(label, mark != " ", f"[{mark}]", line))
            else:
                m2 = _CHECKED_LINE_RE.match(text.split("\n", 1)[0])
                if m2:
                    self.doc.checkboxes.append(Checkbox(m2.group(2).strip(), True, m2.group(1), line))
            self.checkbox_lines.add(line)  # the paragraph walker must not count this line again
        self.walk(children)

    def table(self, token: dict[str, Any], line: int) -> None:
        row_line = line
        for part in token.get("children", []):
            if part.get("type") == "table_head":
                self.cells(part.get("children", []), row_line)
                row_line += 2  # the head row and the delimiter row
            else:
                for row in part.get("children", []):
                    self.cells(row.get("children", []), row_line)
                    row_line += 1

    def cells(self, cells: list[dict[str, Any]], line: int) -> None:
        for cell in cells:
            text = cell.get("text", "")
            self.inline(cell.get("children", []), text.strip(_INLINE_STRIP), line)
            self.refs(text, line, "text")

    # --- inline -------------------------------------------------------------------------
    def inline(self, tokens: list[dict[str, Any]], text: str, line: int) -> None:
        for token in tokens:
            kind = token.get("type")
            pos = token.get("_pos") or 0
            at = line + self.nl(text, pos)
            column = self.column(at, text, pos)
            if kind in ("link", "image"):
                url = (token.get("attrs") or {}).get("url", "")
                label = _plain(token.get("children", []))
                item = Link(url, label, at, column, "markdown")
                (self.doc.links if kind == "link" else self.doc.images).append(item)
                if kind == "link":
                    thumb = next((c.get("attrs", {}).get("url") for c in token.get("children", [])
                                  if c.get("type") == "image"), None)
                    self.video(url, at, column, thumb)
                self.inline(token.get("children", []), text, line)
            elif kind == "inline_html":
                raw = token.get("raw", "")
                if raw.startswith("<!--"):
                    self.doc.comments.append(Comment(raw[4:-3].strip(), at, at + raw.count("\n")))
                else:
                    self.html_links(raw, at, column)
            elif kind == "codespan":
                for command in refs.find_commands(token.get("raw", "")):
                    self.add_command(command, at, at)
            elif isinstance(token.get("children"), list):
                self.inline(token["children"], text, line)

    def column(self, line: int, text: str, pos: int, first_column: int = 1) -> int:
        """Source column of `text[pos]` on document line `line`. Inside lists and quotes the
        text handed to the inline parser has its markers stripped, so the offset within the
        line is only a lower bound: the fragment is looked up on the source line from there.
        `first_column` is where `text` itself starts on its first line (an inline tag)."""
        start = text.rfind("\n", 0, pos) + 1
        offset = pos - start + (first_column - 1 if start == 0 else 0)
        fragment = text[pos:pos + 24].split("\n", 1)[0]
        if 0 < line <= len(self.doc.lines) and fragment:
            found = self.doc.lines[line - 1].find(fragment, offset)
            if found >= 0:
                return found + 1
        return offset + 1

    def html_links(self, raw: str, line: int, first_column: int = 1) -> None:
        """`<a href>`, `<img src>`, `<video src>`, `<source src>` in raw HTML starting at
        `line`:`first_column`; each is placed at its tag's `<`."""
        for m in _HTML_ATTR_LINK_RE.finditer(raw):
            at = line + self.nl(raw, m.start())
            column = self.column(at, raw, m.start(), first_column)
            tag, url = m.group(1).lower(), html.unescape(m.group(3))
            item = Link(url, "", at, column, "html")
            if tag == "img":
                self.doc.images.append(item)
            else:
                self.doc.links.append(item)
                self.video(url, at, column, None, force_local=tag in ("video", "source"))

    def video(self, url: str, line: int, column: int, thumb: str | None, force_local: bool = False) -> None:
        host = refs.video_host(url)
        if host is None and (force_local or refs.is_local_video(url)) and "://" not in url:
            target = (self.folder / url.split("#", 1)[0].split("?", 1)[0])
            if is_file(target):
                host = "local"
        if host:
            self.doc.videos.append(Video(url, line, column, host, thumb))

    # --- commands and config references --------------------------------------------------
    def commands(self, raw: str, first_line: int) -> None:
        for command in refs.find_commands(raw):
            line = first_line + self.nl(raw, command.offset)
            config_line = None if command.config_offset is None else first_line + self.nl(raw, command.config_offset)
            self.add_command(command, line, config_line)

    def add_command(self, command: refs.RawCommand, line: int, config_line: int | None) -> None:
        resolved = exists = None
        if command.config and not refs.is_placeholder_arg(command.config):
            resolved, exists = self.resolve_command_config(command.config)
        column = None
        if command.config and config_line and 0 < config_line <= len(self.doc.lines):
            column = self.doc.lines[config_line - 1].find(command.config) + 1 or None
        self.doc.commands.append(Command(command.text, line, command.config, config_line, column, resolved, exists))

    def resolve_command_config(self, value: str) -> tuple[str | None, bool]:
        """As MassGen's CLI does: @examples by name, else the path as given, else under configs/."""
        if value.startswith("@examples/"):
            return self.found(refs.resolve_examples(value[len("@examples/"):], self.root))
        form = refs.classify_config_arg(value)
        if refs.inside_root(value, self.root):
            if is_file(self.root / value):
                return value, True
        elif form != "path":
            return value, False  # outside the repository (`/etc/x`, `../../x`): never looked at
        # an absolute path from someone's machine resolves through its massgen/configs/ part
        return self.found(refs.resolve_config(value, form, self.root))

    def found(self, resolved: str | None) -> tuple[str | None, bool]:
        return resolved, self.exists(resolved)

    def exists(self, resolved: str | None) -> bool:
        """A config file inside the repository (outside it, nothing is stat'ed or read)."""
        return resolved is not None and refs.inside_root(resolved, self.root) and is_file(self.root / resolved)

    def refs(self, text: str, line: int, context: str) -> None:
        for raw in refs.find_config_refs(text, self.config_dirs):
            at = line + self.nl(text, raw.offset)
            resolved = refs.resolve_config(raw.text, raw.form, self.root)
            if (at, resolved) in self.seen_refs:
                continue
            self.seen_refs.add((at, resolved))
            column = self.column(at, text, raw.offset)
            exists = self.exists(resolved)
            self.doc.config_refs.append(ConfigRef(raw.text, raw.form, at, column, resolved, exists, context))

    # --- after the walk -----------------------------------------------------------------
    def finish(self) -> None:
        doc = self.doc
        doc.headings.sort(key=lambda h: h.line)
        doc.code_blocks.sort(key=lambda c: c.line)
        for items in (doc.links, doc.images, doc.videos, doc.commands, doc.config_refs, doc.checkboxes, doc.comments):
            items.sort(key=lambda x: (x.line, getattr(x, "column", 0)))
        self.bodies()
        self.tree()
        self.ref_contexts()
        first = next((h for h in doc.headings if h.level == 1), None)
        if first is not None:
            version, start, end = parse_version(first.text)
            doc.title = Title(first.text, first.line, version, start, end)

    def ref_contexts(self) -> None:
        """A reference found by scanning a block's text is a command's `--config` value or a
        link's target when that is where it stands (the scan itself sees only text or code)."""
        for ref in self.doc.config_refs:
            if any(_is_config_value(ref, command) for command in self.doc.commands):
                ref.context = "command"
            elif any(_is_link_target(ref, link) for link in self.doc.links):
                ref.context = "link"

    def bodies(self) -> None:
        lines = self.doc.lines
        heads = self.doc.headings
        for index, heading in enumerate(heads):
            stop = heads[index + 1].line - 1 if index + 1 < len(heads) else len(lines)
            heading.body = "\n".join(lines[heading.end_line:max(heading.end_line, stop)]).strip("\n")

    def tree(self) -> None:
        stack: list[Heading] = []
        for heading in self.doc.headings:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            (stack[-1].children if stack else self.doc.sections).append(heading)
            stack.append(heading)


def _is_config_value(ref: ConfigRef, command: Command) -> bool:
    """Whether `ref` is (part of) the command's `--config` value, as written on its line."""
    if command.config is None or command.config_line != ref.line or command.config_column is None:
        return False
    return command.config_column <= ref.column < command.config_column + len(command.config)


def _is_link_target(ref: ConfigRef, link: Link) -> bool:
    """Whether `ref` names what the link points at (its target, or its label when the target
    names the same path, as in `[massgen/configs/x.yaml](https://.../massgen/configs/x.yaml)`)."""
    return ref.line == link.line and ref.column >= link.column and ref.text in link.url


def _plain(tokens: list[dict[str, Any]]) -> str:
    out = []
    for token in tokens:
        if "raw" in token:
            out.append(token["raw"])
        elif token.get("type") == "image":
            out.append(_plain(token.get("children", [])))
        elif isinstance(token.get("children"), list):
            out.append(_plain(token["children"]))
    return "".join(out)
