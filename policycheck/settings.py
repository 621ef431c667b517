"""The policy's sections as typed, frozen settings, read once when the policy is loaded.

Every value comes from the merged policy (the repository's file over the built-in default,
`policycheck/data/default-policy.yaml`): the default file is the only place a default lives,
so nothing here restates one. The policy schema has already checked each value's type; a
setting a team removes from its own file (say `title: null`) reads as None or empty.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from policycheck.casestudy.profiles import Profile, RequiredSection
from policycheck.versions import version_tuple


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, (list, tuple)) else ()


def _mappings(value: Any) -> tuple[Mapping[str, Any], ...]:
    return tuple(item for item in value if isinstance(item, Mapping)) if isinstance(value, (list, tuple)) else ()


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class BranchSettings(NamedTuple):
    """`branches`: the base branch, what a release and an exempt branch are, references."""

    base: str
    release_head: str | None  # a pattern with (?P<version>...)
    release_title: str | None
    version_file: str | None  # a file whose version, changed into the base, marks a release
    version_pattern: str | None  # a pattern with (?P<version>...) that reads it
    release_tag: str | None  # a tag on the merge that brought a branch in, with (?P<version>...)
    exempt: tuple[str, ...]
    skip_labels: tuple[str, ...]
    docs_only: tuple[str, ...]
    reference_sources: tuple[str, ...]
    reference_branch: str | None  # a pattern with (?P<number>...)
    issue_before_branch: str

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> BranchSettings:
        section = _section(data, "branches")
        release, references = _section(section, "release"), _section(section, "references")
        return cls(str(section.get("base")), _text(release.get("head")), _text(release.get("title")),
                   _text(release.get("version_file")), _text(release.get("version_pattern")),
                   _text(release.get("tag")),
                   _strings(section.get("exempt")), _strings(section.get("skip_labels")),
                   _strings(section.get("docs_only")), _strings(references.get("sources")),
                   _text(references.get("branch")), str(section.get("issue_before_branch")))


class DocumentSettings(NamedTuple):
    """`case_studies` (reports) or `issues` (issue bodies): what a document must hold.

    Keys that only reports have (`directory`, `template`, `schema`, `video_hosts`,
    `status_sections`, `config_sections`) are empty for issues, which have no such options."""

    sections: tuple[RequiredSection, ...]  # required sections (issues); profiles hold a report's
    placeholders: tuple[str, ...]
    labels: tuple[str, ...] = ()
    profiles: tuple[Profile, ...] = ()
    default_profile: str | None = None
    directory: str = ""
    template: str | None = None
    schema: str | None = None
    video_hosts: tuple[str, ...] = ()
    status_sections: tuple[str, ...] = ()
    config_sections: tuple[str, ...] = ()

    @classmethod
    def reports(cls, data: Mapping[str, Any]) -> DocumentSettings:
        section = _section(data, "case_studies")
        return cls(_required(section.get("sections")), _strings(section.get("placeholders")),
                   profiles=tuple(_profile(raw) for raw in _mappings(section.get("profiles"))),
                   default_profile=_text(section.get("default_profile")),
                   directory=str(section.get("directory") or "."), template=_text(section.get("template")),
                   schema=_text(section.get("schema")), video_hosts=_strings(section.get("video_hosts")),
                   status_sections=_strings(section.get("status_sections")),
                   config_sections=_strings(section.get("config_sections")))

    @classmethod
    def issues(cls, data: Mapping[str, Any]) -> DocumentSettings:
        section = _section(data, "issues")
        return cls(_required(section.get("sections")), _strings(section.get("placeholders")),
                   labels=_strings(section.get("labels")))


def _required(value: Any) -> tuple[RequiredSection, ...]:
    return tuple(RequiredSection.from_policy(dict(raw)) for raw in _mappings(value))


def _profile(raw: Mapping[str, Any]) -> Profile:
    return Profile(name=str(raw.get("name", "")), start=version_tuple(raw.get("from")),
                   below=version_tuple(raw.get("below")), require_command=bool(raw.get("require_command")),
                   sections=_required(raw.get("sections")))


class GitHubOptions(NamedTuple):
    """`github`: how to talk to the API (flags and the environment may override the URL)."""

    api_url: str | None
    timeout: float  # seconds for an answer, once connected
    retries: int
    backoff: float
    max_rate_limit_wait: float
    cache: bool
    connect_timeout: float  # seconds for a connection
    deadline: float  # seconds for all of one command's GitHub work
    unreachable: Mapping[str, str]  # where policycheck runs (pre-push, manual, ci) -> offline | error

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> GitHubOptions:
        section = _section(data, "github")
        unreachable = MappingProxyType({str(k): str(v) for k, v in _section(section, "unreachable").items()})
        return cls(_text(section.get("api_url")), float(section["timeout"]), int(section["retries"]),
                   float(section["backoff"]), float(section["max_rate_limit_wait"]), bool(section["cache"]),
                   float(section["connect_timeout"]), float(section["deadline"]), unreachable)


class ScheduleSettings(NamedTuple):
    """`schedule`: when releases ship and when the next feature's case study is due (`audit`)."""

    timezone: str  # an IANA name
    release_days: tuple[str, ...]  # lower-case English day names
    release_time: str  # "HH:MM" in the time zone
    case_study_due: str  # "HH:MM" on release day

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ScheduleSettings:
        section = _section(data, "schedule")
        return cls(str(section.get("timezone")), tuple(day.lower() for day in _strings(section.get("release_days"))),
                   str(section.get("release_time")), str(section.get("case_study_due")))


class Settings(NamedTuple):
    branches: BranchSettings
    reports: DocumentSettings
    issues: DocumentSettings
    github: GitHubOptions
    timezone: str  # schedule.timezone: today's date, for waiver expiry, is read there
    max_file_bytes: int  # limits.max_file_bytes
    max_yaml_values: int  # limits.max_yaml_values: a config's parse budget
    max_markdown_marks: int  # limits.max_markdown_marks: a Markdown document's parse budget
    allowed_roots: tuple[str, ...]  # limits.allowed_roots: folders outside the root a file may resolve into
    schedule: ScheduleSettings

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Settings:
        limits = _section(data, "limits")
        return cls(BranchSettings.read(data), DocumentSettings.reports(data), DocumentSettings.issues(data),
                   GitHubOptions.read(data), str(_section(data, "schedule").get("timezone")),
                   int(limits["max_file_bytes"]), int(limits["max_yaml_values"]), int(limits["max_markdown_marks"]),
                   _strings(limits.get("allowed_roots")), ScheduleSettings.read(data))
