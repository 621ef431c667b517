"""What a case-study document points at: videos, MassGen commands, config references.

Pure text functions (no Markdown parsing here), shared by the document model and the
issue checks.

Config references come in the three forms the real reports use:
- `path`: anything containing `massgen/configs/...yaml` (a repository path, a relative
  link like `../../massgen/configs/x.yaml`, an absolute path from someone's machine, or a
  GitHub URL); it resolves to the part from `massgen/configs/` on.
- `relative`: configs-relative `tools/x/y.yaml`, recognised only when its first folder is a
  folder of `massgen/configs/` (so `demo_config.yaml` or `docs/x.yaml` are not references).
- `examples`: `@examples/NAME` with or without `.yaml`, which MassGen resolves by matching
  NAME against the config paths: `massgen/configs/NAME.yaml` if it exists, else (with a
  leading `configs/` dropped) the one config whose configs-relative path ends with NAME.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from policycheck.loaders.files import is_file

CONFIGS_DIR = "massgen/configs"

_VIDEO_PATTERNS = (
    ("youtube", re.compile(
        r"^https?://(?:www\.|m\.)?youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)[\w-]+", re.I)),
    ("youtube", re.compile(r"^https?://youtu\.be/[\w-]+", re.I)),
    ("youtube", re.compile(r"^https?://(?:www\.)?youtube-nocookie\.com/embed/[\w-]+", re.I)),
    ("vimeo", re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?\d+", re.I)),
    ("loom", re.compile(r"^https?://(?:www\.)?loom\.com/(?:share|embed)/[\w-]+", re.I)),
    ("github", re.compile(r"^https?://github\.com/user-attachments/assets/[\w-]+", re.I)),
)
LOCAL_VIDEO_SUFFIXES = (".mp4", ".webm", ".mov")

# A config path: `massgen/configs/...yaml`, extended backwards over path characters (a URL,
# ../.., an absolute path); a configs-relative path `dir/.../name.yaml`; or `@examples/NAME`.
# Every repetition is bounded: hostile input (`a/a/a/...` for a megabyte) must stay linear.
# (A match does not run over the next `massgen/configs/`: each start then scans only up to it.)
_PATH_CORE_RE = re.compile(r"massgen/configs/(?:(?!massgen/configs/)[\w./+-]){0,300}?[\w+-]\.ya?ml\b")
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.~:/%+-")
_MAX_PREFIX = 300
_RELATIVE_RE = re.compile(r"(?<![\w./@~:-])([A-Za-z0-9_-]{1,100}(?:/[\w.+-]{1,100}){1,12}\.ya?ml)\b")
_EXAMPLES_RE = re.compile(r"@examples/([\w./+-]{0,300}[\w+-])")

# A MassGen invocation starts a shell command: at the start of a line (after an optional
# `$ ` prompt) or after `;`, `&&`, `|`, `(`, a backtick; so `pip install massgen` is not one.
_COMMAND_RE = re.compile(
    r"(?:^\s*(?:\$\s+)?|[;&|(`]\s*)((?:uv run\s+)?(?:python3?\s+-m\s+massgen(?:\.cli)?|massgen)(?=\s|$).*)")
_CONFIG_ARG_RE = re.compile(r"--config(?:\s+|=)(\"[^\"]*\"|'[^']*'|\S+)")
_PLACEHOLDER_ARG_RE = re.compile(r"^(?:\[.*\]|<.*>|\{.*\}|\$\w+|\$\{.*\})$")


def video_host(url: str) -> str | None:
    """The host kind of a video URL (youtube, vimeo, loom, github), or None."""
    for host, pattern in _VIDEO_PATTERNS:
        if pattern.match(url.strip()):
            return host
    return None


def is_local_video(url: str) -> bool:
    path = url.split("#", 1)[0].split("?", 1)[0].lower()
    return "://" not in url and path.endswith(LOCAL_VIDEO_SUFFIXES)


@dataclass(frozen=True)
class RawRef:
    text: str  # as written
    form: str  # path | relative | examples
    offset: int  # in the scanned text


def find_config_refs(text: str, config_dirs: frozenset[str]) -> list[RawRef]:
    """Config references in a piece of text, in order, without overlaps."""
    if ".y" not in text and "@examples/" not in text:
        return []  # the common case, decided without running three regular expressions
    found: list[RawRef] = []
    taken: list[tuple[int, int]] = []
    for m in _PATH_CORE_RE.finditer(text):
        start = m.start()
        limit = max(0, start - _MAX_PREFIX)
        while start > limit and text[start - 1] in _PATH_CHARS:
            start -= 1
        found.append(RawRef(text[start:m.end()], "path", start))
        taken.append((start, m.end()))
    for m in _EXAMPLES_RE.finditer(text):
        found.append(RawRef(m.group(0), "examples", m.start()))
        taken.append(m.span())
    if config_dirs:
        for m in _RELATIVE_RE.finditer(text):
            if any(a <= m.start(1) < b for a, b in taken):
                continue
            if m.group(1).split("/", 1)[0] in config_dirs:
                found.append(RawRef(m.group(1), "relative", m.start(1)))
    return sorted(found, key=lambda r: r.offset)


def resolve_config(text: str, form: str, root: Path) -> str | None:
    """The repository-relative path a reference resolves to (None: cannot resolve)."""
    if form == "path":
        index = text.find(CONFIGS_DIR + "/")
        return text[index:] if index >= 0 else None
    if form == "relative":
        return f"{CONFIGS_DIR}/{text}"
    if form == "examples":
        name = text[len("@examples/"):]
        return resolve_examples(name, root)
    return None


def resolve_examples(name: str, root: Path) -> str | None:
    stem = re.sub(r"\.ya?ml$", "", name)
    if stem.startswith("configs/"):
        direct = _existing(root, stem[len("configs/"):])
        if direct:
            return direct
    direct = _existing(root, stem)
    if direct:
        return direct
    matches = examples_matches(name, root)
    if len(matches) == 1:
        return matches[0]
    # unresolved (no match, or several: see examples_matches): name the most likely path
    return f"{CONFIGS_DIR}/{_wanted(stem)}.yaml"


def examples_matches(name: str, root: Path) -> list[str]:
    """Every config whose configs-relative path ends with NAME (more than one: ambiguous)."""
    wanted = _wanted(re.sub(r"\.ya?ml$", "", name))
    return [f"{CONFIGS_DIR}/{path}" for stem, path in config_index(str(root))
            if stem == wanted or stem.endswith("/" + wanted)]


def _wanted(stem: str) -> str:
    return stem.split("configs/", 1)[-1]


def _existing(root: Path, stem: str) -> str | None:
    for suffix in (".yaml", ".yml"):
        candidate = f"{CONFIGS_DIR}/{stem}{suffix}"
        if inside_root(candidate, root) and is_file(root / candidate):
            return candidate
    return None


def inside_root(path: str, root: Path) -> bool:
    """Whether a path (from the root, or absolute) stays inside the repository once `..` and
    symbolic links are followed. What lies outside is never opened, not even to stat it:
    a report naming `/etc/passwd` or `../../secret.yaml` is a finding, not a read."""
    base = os.path.realpath(root)
    # normpath first: `..` is resolved by text, so nothing outside the root is ever looked up
    lexical = os.path.normpath(os.path.join(base, path))
    if not _under(lexical, base):
        return False
    return _under(os.path.realpath(lexical), base)


def _under(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


@functools.lru_cache(maxsize=8)
def config_index(root: str) -> tuple[tuple[str, str], ...]:
    """Configs under massgen/configs as (path without suffix, path), configs-relative, for
    @examples matching."""
    base = os.path.join(root, CONFIGS_DIR)
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")):
                rel = os.path.relpath(os.path.join(dirpath, name), base).replace(os.sep, "/")
                out.append((rel.rsplit(".", 1)[0], rel))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def config_dirs(root: str) -> frozenset[str]:
    """Top-level folders of massgen/configs: the first segment of a configs-relative path."""
    base = os.path.join(root, CONFIGS_DIR)
    try:
        return frozenset(e.name for e in os.scandir(base) if e.is_dir())
    except OSError:
        return frozenset()


@dataclass(frozen=True)
class RawCommand:
    text: str  # the whole command, continuation lines joined
    offset: int  # of the command's start in the scanned text
    config: str | None  # the --config argument as written
    config_offset: int | None


def find_commands(text: str) -> list[RawCommand]:
    """MassGen invocations in shell text; `\\`-continued lines are joined."""
    if "massgen" not in text:
        return []
    out: list[RawCommand] = []
    lines = text.split("\n")
    offset = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        start = offset
        m = _COMMAND_RE.search(line)
        joined = line
        consumed = 1
        while joined.rstrip().endswith("\\") and index + consumed < len(lines):
            joined = joined.rstrip()[:-1] + " " + lines[index + consumed]
            consumed += 1
        if m and not line.lstrip().startswith("#"):
            cmd_start = start + m.start(1)
            command = joined[m.start(1):].strip()
            arg = _CONFIG_ARG_RE.search(command)
            config = arg.group(1).strip("\"'") if arg else None
            config_offset = None
            if config is not None:
                config_offset = _offset_in_lines(lines, index, consumed, start, config)
            out.append(RawCommand(command, cmd_start, config, config_offset))
        for i in range(consumed):
            offset += len(lines[index + i]) + 1
        index += consumed
    return out


def _offset_in_lines(lines: list[str], index: int, count: int, start: int, needle: str) -> int:
    """Where the --config value stands among the joined lines (for its line number)."""
    pos = start
    for i in range(count):
        line = lines[index + i]
        at = line.find(needle)
        if at >= 0:
            return pos + at
        pos += len(line) + 1
    return start


def is_placeholder_arg(value: str) -> bool:
    """`[config]`, `<config>`, `{config}`, `$CONFIG`: a metavariable, not a path."""
    return bool(_PLACEHOLDER_ARG_RE.match(value))


def classify_config_arg(value: str) -> str:
    """The reference form of a `--config` value."""
    if value.startswith("@examples/"):
        return "examples"
    if CONFIGS_DIR + "/" in value:
        return "path"
    return "relative"
