"""Policy-driven requirements: profiles chosen by the report's version, required sections.

A profile (`case_studies.profiles` in the policy) applies to reports whose title version
lies in `[from, below)`; the first that matches wins; a report without a version gets
`default_profile`. For a version range (`v0.0.12-0.0.14`) the range's first version decides.
"""
from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, NamedTuple

from policycheck.errors import PolicyError
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import SUPPORT_MAX_BYTES, read_text
from policycheck.loaders.yaml import parse_yaml
from policycheck.markdown.text import heading_key
from policycheck.versions import version_tuple

if TYPE_CHECKING:  # the policy module imports the rule registry, which imports this one
    from policycheck.markdown.model import CaseStudyDocument, Heading
    from policycheck.policy import Policy
    from policycheck.settings import DocumentSettings


class RequiredSection(NamedTuple):
    name: str
    aliases: tuple[str, ...]
    expect: str = "text"  # text | config | command

    @classmethod
    def from_policy(cls, raw: dict[str, Any]) -> RequiredSection:
        name = str(raw.get("name", ""))
        aliases = tuple(heading_key(str(a)) for a in raw.get("aliases") or ()) or (heading_key(name),)
        return cls(name, aliases, str(raw.get("expect", "text")))

    def find(self, doc: CaseStudyDocument) -> Heading | None:
        return doc.find_section(self.aliases)


class Profile(NamedTuple):
    name: str
    start: tuple[int, ...] | None = None
    below: tuple[int, ...] | None = None
    require_command: bool = False
    sections: tuple[RequiredSection, ...] = ()

    def holds(self, version: tuple[int, ...]) -> bool:
        return (self.start is None or version >= self.start) and (self.below is None or version < self.below)


def case_study_settings(policy: Policy) -> DocumentSettings:
    """The policy's `case_studies` settings, once their cross-field rules hold.

    The policy schema checks each key alone; that `default_profile` names one of `profiles`
    can only be checked here. A name the policy file writes that is not a profile raises
    PolicyError (exit 2) at its line, rather than silently falling back. The built-in
    `default_profile` (`legacy`), inherited by a policy that brings its own `profiles`
    without one of that name and without setting it, falls back to the last profile, as the
    default policy's comment says.
    """
    settings = policy.settings.reports
    default = settings.default_profile
    names = [p.name for p in settings.profiles]
    if default is None or default in names:
        return settings
    pos = _written_at(policy.source, ("case_studies", "default_profile"))
    if pos is not None:
        known = ", ".join(repr(n) for n in names) or "none are defined"
        raise PolicyError(policy.source, f"case_studies.default_profile: {default!r} is not one of"
                                         f" case_studies.profiles ({known}); name one of them", *pos)
    return settings


def _written_at(source: str, path: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the policy file itself sets `path` (None: inherited from the built-in policy)."""
    try:
        stat = os.stat(source)
    except OSError:
        return None  # the built-in policy (or a file gone since it was loaded)
    return _positions(source, stat.st_mtime_ns, stat.st_size).get(path)


@functools.lru_cache(maxsize=8)
def _positions(source: str, mtime_ns: int, size: int) -> dict[tuple[str, ...], tuple[int, int]]:
    try:
        doc = parse_yaml(read_text(source, SUPPORT_MAX_BYTES, (os.path.dirname(os.path.abspath(source)),)).text)
    except LoadFailure:
        return {}  # load_policy has read and validated it already; nothing to add here
    return {tuple(str(p) for p in key): (pos.line, pos.column) for key, pos in doc.values.items()}


def select_profile(doc: CaseStudyDocument, settings: DocumentSettings) -> Profile:
    """The profile for a report; an empty profile when the policy defines none."""
    candidates = settings.profiles
    version = version_tuple(doc.title.version_start) if doc.title else None
    if version is not None:
        for profile in candidates:
            if profile.holds(version):
                return profile
    default = settings.default_profile
    chosen = next((p for p in candidates if p.name == default), None)
    return chosen or (candidates[-1] if candidates else Profile("none"))
