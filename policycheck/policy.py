"""The policy: which files are what, which rules apply how strictly, and what is waived.

A repository's `.policycheck.yaml` (found by walking up from the working directory, or given
with `--policy`) is validated against `schemas/policy.schema.json`, then merged over the
built-in default (`policycheck/data/default-policy.yaml`, which `policycheck init` writes):
mappings merge key by key, lists and scalars replace. Area-specific sections (`case_studies`,
`issues`, `branches`, `schedule`) are read by their own modules through `Policy.section`.
"""
from __future__ import annotations

import datetime
import functools
import json
import math
import os
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from policycheck.errors import PolicyError
from policycheck.fastschema import compile_schema
from policycheck.findings import POLICY, Location
from policycheck.globs import match_any
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import SUPPORT_MAX_BYTES, read_text
from policycheck.loaders.yaml import YamlDocument, parse_yaml
from policycheck.regexes import catastrophic
from policycheck.rules import RULES
from policycheck.schemas import load_schema, validator
from policycheck.settings import Settings

POLICY_FILENAME = ".policycheck.yaml"
# The policy section that governs the rules of each target kind (see `Policy.anchor`).
_SECTIONS = {"branch": "branches", "release": "branches", "issue": "issues", "case-study": "case_studies",
             "config": "configs"}
DEFAULT_SOURCE = "<built-in default policy>"
_DATA = Path(__file__).resolve().parent / "data"
SNAPSHOT = "default-policy.json"  # the default policy parsed (see _default_doc)


class FileSet(NamedTuple):
    include: tuple[str, ...]
    exclude: tuple[str, ...]

    def selects(self, relpath: str) -> bool:
        return match_any(self.include, relpath) and not match_any(self.exclude, relpath)


class Waiver(NamedTuple):
    rule: str
    path: str
    reason: str
    expires: datetime.date
    line: int  # where the waiver stands in the policy file, for expiry findings

    def expired(self, today: datetime.date) -> bool:
        return self.expires < today


@dataclass(eq=False, repr=False)
class Policy:
    source: str  # the policy file's path, or DEFAULT_SOURCE
    root: Path  # the repository root: paths in the policy are relative to it
    data: dict[str, Any]
    settings: Settings  # the sections as typed settings, read once (policycheck.settings)
    waivers: list[Waiver] = field(default_factory=list)
    # Where each top-level section and each `rules` entry stands in the policy file (line),
    # for findings that have no file of their own (see `anchor`). Empty for the default.
    key_lines: dict[str, int] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}

    def fileset(self, name: str) -> FileSet:
        section = self.section(name)
        return FileSet(tuple(section.get("include", ())), tuple(section.get("exclude", ())))

    @property
    def max_file_bytes(self) -> int:
        return self.settings.max_file_bytes

    @property
    def read_roots(self) -> tuple[Path, ...]:
        """Where a checked file may resolve: the root, then the policy's limits.allowed_roots."""
        return (self.root, *(self.root / folder for folder in self.settings.allowed_roots))

    @property
    def timezone(self) -> str:
        """The team's time zone (schedule.timezone): today's date, for waiver expiry, is read there."""
        return self.settings.timezone

    def anchor(self, rule: str, target: str) -> Location:
        """A real file and line for a finding that has none (a branch, a commit, a PR body,
        an issue), for channels that need one (annotations, SARIF): the policy file's line
        that governs the rule (its `rules` entry, else its section), else the file's first
        line; with the built-in policy, where a policy file would be (`.policycheck.yaml`)."""
        if self.source == DEFAULT_SOURCE:
            return Location(POLICY, str(self.root / POLICY_FILENAME))
        section = _SECTIONS.get(target, "rules")
        line = self.key_lines.get(f"rules.{rule}") or self.key_lines.get(section) or 1
        return Location(POLICY, self.source, line)

    @property
    def location(self) -> Location:
        """Where findings about the policy itself (expired waivers) are reported."""
        return Location(POLICY, self.source)

    def severity_override(self, rule: str) -> str | None:
        return self.section("rules").get(rule)

    def relpath(self, path: str | os.PathLike[str]) -> str:
        """`path` relative to the root in POSIX form, as globs and waivers match it."""
        return relative_posix(path, self.root)


def relative_posix(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> str:
    """`path` relative to `root` in POSIX form; outside it, absolute (only absolute globs match)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return absolute.as_posix()


@functools.lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The built-in default policy's settings (for code that runs without a policy)."""
    return Settings.read(_default_doc().data)


def default_policy_text(folder: Path = _DATA) -> str:
    # beside this module, as schemas.py finds the bundled schemas (not importlib.resources)
    return (folder / "default-policy.yaml").read_text(encoding="utf-8")


def _default_doc(folder: Path = _DATA) -> YamlDocument:
    """The built-in default policy, parsed: from its snapshot (`default-policy.json`: the
    parse of `default-policy.yaml` and that text's CRC-32, which tells a stale snapshot from a
    fresh one; importing hashlib would take most of the time saved) when the snapshot is of
    this text, which skips the YAML parse on every start (`python -X importtime`, and timing
    `_parse(default_policy_text(), DEFAULT_SOURCE)` warm, show both); else parsed. A fresh copy
    each call (the merge and normalisation work on it)."""
    text = default_policy_text(folder)
    try:
        saved = json.loads((folder / SNAPSHOT).read_text(encoding="utf-8"))
        if saved.get("crc32") == zlib.crc32(text.encode("utf-8")):
            return YamlDocument(saved["data"])
    except (OSError, ValueError, AttributeError):
        pass  # no snapshot, or not of this text: the YAML is the source
    return _parse(text, DEFAULT_SOURCE)


def write_default_snapshot() -> Path:
    """Rewrite `default-policy.json` after editing `default-policy.yaml`
    (`python -c "from policycheck.policy import write_default_snapshot; write_default_snapshot()"`;
    `tests/test_policy.py` fails while the snapshot is stale)."""
    text = default_policy_text()
    data = _parse(text, DEFAULT_SOURCE).data
    target = _DATA / SNAPSHOT
    target.write_text(json.dumps({"crc32": zlib.crc32(text.encode("utf-8")), "data": data}, indent=1) + "\n",
                      encoding="utf-8")
    return target


def find_policy_file(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / POLICY_FILENAME
        if candidate.is_file():
            return candidate
    return None


def find_root(start: Path) -> Path:
    """The nearest folder holding a policy file or `.git`; else `start` itself."""
    for folder in (start, *start.parents):
        if (folder / POLICY_FILENAME).is_file() or (folder / ".git").exists():
            return folder
    return start


def load_policy(explicit: str | None = None, cwd: Path | None = None) -> Policy:
    cwd = Path(os.path.abspath(cwd or Path.cwd()))
    default = _default_doc()
    path = Path(explicit) if explicit else find_policy_file(cwd)
    if path is None:
        return builtin_policy(find_root(cwd), default)
    # A `.policycheck.yaml` marks its repository's root; a policy file of another name (say
    # `ci/strict.yaml` given with --policy) applies to the repository we are standing in.
    root = Path(os.path.abspath(path)).parent if path.name == POLICY_FILENAME else find_root(cwd)
    return policy_from_text(_policy_text(path, root), str(path), root, default)


def builtin_policy(root: Path, default: YamlDocument | None = None) -> Policy:
    """The built-in default policy, for the repository at `root`."""
    base = default or _default_doc()
    return _build(DEFAULT_SOURCE, root, base.data, base)


def policy_from_text(text: str, source: str, root: Path, default: YamlDocument | None = None) -> Policy:
    """The policy `text` says, merged over the built-in default; `source` is the file it
    stands for (errors name it, and non-file findings anchor at its lines), which under
    `pull_request_target` is the work tree's path of a text read from the base commit."""
    base = default or _default_doc()
    doc = _parse(text, source)
    _validate(doc, source)
    return _build(source, root, _merge(base.data, doc.data), doc)


def _policy_text(path: Path, root: Path) -> str:
    """The policy file's text, read as checked files are: never a pipe or device, never
    through a symlink out of the repository."""
    try:
        return read_text(str(path), SUPPORT_MAX_BYTES, (root,)).text
    except LoadFailure as failure:
        at = (failure.fact.line, failure.fact.column) if failure.rule == "file-encoding" else (None, None)
        raise PolicyError(str(path), failure.fact.message, *at) from None


def _parse(text: str, source: str) -> YamlDocument:
    try:
        doc = parse_yaml(text)
    except LoadFailure as exc:
        raise PolicyError(source, exc.fact.message, exc.fact.line, exc.fact.column) from None
    if doc.duplicates:
        path, _, pos = doc.duplicates[0]
        raise PolicyError(source, f"duplicate key {'.'.join(map(str, path))!r}", pos.line, pos.column)
    if doc.data is None:
        doc.data = {"version": 1}  # an empty policy file means "the defaults"
    return doc


def _validate(doc: YamlDocument, source: str) -> None:
    _normalize(doc.data)
    if _fast_policy_check()(doc.data):  # the usual case: valid, and jsonschema never imported
        _check_names(doc, source)
        return
    with warnings.catch_warnings():  # `re` warns about patterns such as "[[": the schema says it
        warnings.simplefilter("ignore")
        found = validator("policy", ("regex",)).iter_errors(doc.data)
        errors = sorted(found, key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        _check_names(doc, source)
        return
    error = errors[0]
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        path = (*path, extra[0]) if extra else path
        message = f"unknown key {'.'.join(map(str, path))!r}"
        if allowed:
            message += f" (allowed here: {', '.join(sorted(allowed))})"
    else:
        where = ".".join(map(str, path)) or "the file"
        message = f"{where}: {error.message}"
    pos = doc.key_pos(path) if error.validator == "additionalProperties" else doc.value_pos(path)
    raise PolicyError(source, message, pos.line, pos.column)


@functools.lru_cache(maxsize=1)
def _fast_policy_check() -> Callable[[Any], bool]:
    return compile_schema(load_schema("policy")) or (lambda data: False)


def _normalize(data: Any) -> None:
    """`off` unquoted is a YAML 1.1 boolean; in `rules` it can only mean the severity "off"."""
    rules = data.get("rules") if isinstance(data, dict) else None
    if isinstance(rules, dict):
        for rule, severity in rules.items():
            if severity is False:
                rules[rule] = "off"


def _check_names(doc: YamlDocument, source: str) -> None:
    """Names the schema cannot know: rule ids from the registry, time zones from the system."""
    def fail(path: tuple[Any, ...], message: str, key: bool = False) -> None:
        pos = doc.key_pos(path) if key else doc.value_pos(path)
        raise PolicyError(source, message, pos.line, pos.column)

    for rule in (doc.data.get("rules") or {}):
        if rule not in RULES:
            fail(("rules", rule), f"rules: unknown rule id {rule!r} (`policycheck explain` lists them)", key=True)
    for index, waiver in enumerate(doc.data.get("waivers") or []):
        if waiver["rule"] not in RULES and waiver["rule"] != "*":
            fail(("waivers", index, "rule"), f"waivers[{index}].rule: unknown rule id {waiver['rule']!r}")
    timezone = (doc.data.get("schedule") or {}).get("timezone")
    if timezone is not None and not _known_timezone(timezone):
        fail(("schedule", "timezone"),
             f"schedule.timezone: unknown time zone {timezone!r} (an IANA name such as Europe/Berlin)")
    for path, pattern in _patterns(doc.data):
        if isinstance(pattern, str) and (reason := catastrophic(pattern)):
            fail(path, f"{'.'.join(map(str, path))}: the pattern may take exponential time on a near miss"
                       f" ({reason}): {pattern!r}")
    github = doc.data.get("github") or {}
    for key in _FINITE:
        value = github.get(key) if isinstance(github, dict) else None
        if isinstance(value, float) and not math.isfinite(value):
            fail(("github", key), f"github.{key}: must be a finite number of seconds, not {value}")


# The GitHub settings that are seconds: `.inf` or `.nan` there would wait forever (or break)
_FINITE = ("timeout", "connect_timeout", "backoff", "max_rate_limit_wait", "deadline")
_RELEASE_PATTERNS = ("head", "title", "tag", "version_pattern")


def _patterns(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    """(path, pattern) for every regular expression the policy holds (they run on branch names,
    titles, tags and the version file, so each must be safe to run on anything)."""
    branches = _mapping(data.get("branches"))
    found: list[tuple[tuple[Any, ...], Any]] = [
        (("branches", "exempt", index), pattern) for index, pattern in enumerate(branches.get("exempt") or [])]
    release, references = _mapping(branches.get("release")), _mapping(branches.get("references"))
    found += [(("branches", "release", key), release[key]) for key in _RELEASE_PATTERNS if key in release]
    if "branch" in references:
        found.append((("branches", "references", "branch"), references["branch"]))
    return found


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _known_timezone(name: str) -> bool:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base.get(key), value)
        return merged
    return override


def _build(source: str, root: Path, data: dict[str, Any], doc: YamlDocument) -> Policy:
    waivers = []
    for index, raw in enumerate(data.get("waivers") or []):
        line = doc.key_pos(("waivers", index)).line if source != DEFAULT_SOURCE else 1
        try:
            expires = datetime.date.fromisoformat(str(raw["expires"]))
        except ValueError:
            pos = doc.value_pos(("waivers", index, "expires"))
            message = f"waivers[{index}].expires: not a date: {raw['expires']!r}"
            raise PolicyError(source, message, pos.line, pos.column) from None
        waivers.append(Waiver(raw["rule"], raw["path"], raw["reason"], expires, line))
    return Policy(source=source, root=root, data=data, waivers=waivers, settings=Settings.read(data),
                  key_lines=_key_lines(doc, source))


def _key_lines(doc: YamlDocument, source: str) -> dict[str, int]:
    if source == DEFAULT_SOURCE:
        return {}
    lines = {str(path[0]): pos.line for path, pos in doc.keys.items() if len(path) == 1}
    lines.update({f"rules.{path[1]}": pos.line for path, pos in doc.keys.items()
                  if len(path) == 2 and path[0] == "rules"})
    return lines
