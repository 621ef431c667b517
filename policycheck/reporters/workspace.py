"""Where a finding is as GitHub names it: a path relative to the workspace, a non-file finding
at its anchor, and a link to the lines at the head commit when the repository is known.

Shared by the `github`, `markdown` and `sarif` reporters (and `policycheck ci`, which builds a
`GitHubRun` from the event instead of the environment).
"""
from __future__ import annotations

import dataclasses
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from policycheck.findings import Finding, Location, Report
from policycheck.policy import relative_posix

DEFAULT_SERVER = "https://github.com"
_MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass(frozen=True)
class GitHubRun:
    """What the GitHub reporters know of the run: the workspace that paths are relative to
    (GITHUB_WORKSPACE, else the working directory), and for links the server, the repository
    (`owner/name`) and the head commit, when known."""

    workspace: str
    repository: str | None = None
    sha: str | None = None
    server_url: str = DEFAULT_SERVER

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> GitHubRun:
        env = os.environ if env is None else env
        return cls(workspace=env.get("GITHUB_WORKSPACE") or os.getcwd(),
                   repository=env.get("GITHUB_REPOSITORY") or None, sha=env.get("GITHUB_SHA") or None,
                   server_url=(env.get("GITHUB_SERVER_URL") or DEFAULT_SERVER).rstrip("/"))

    def relpath(self, path: str) -> str:
        """`path` (as the finding names it, relative to the working directory or absolute)
        relative to the workspace in POSIX form; outside the workspace, absolute."""
        return relative_posix(path, self.workspace)

    def place(self, report: Report, finding: Finding) -> Location:
        """The file `finding` is shown at (its own, or its rule's anchor), named relative to
        the workspace."""
        location = report.anchor(finding)
        return dataclasses.replace(location, name=self.relpath(location.name))

    def blob_url(self, location: Location) -> str | None:
        """`SERVER/OWNER/REPO/blob/SHA/PATH#L10-L12` for a file in the workspace, when the
        repository and the commit are known; else None."""
        if not (self.repository and self.sha) or PurePosixPath(location.name).is_absolute():
            return None
        path = urllib.parse.quote(location.name)
        # GitHub shows a Markdown file rendered, where line anchors do nothing; `plain=1` shows its source.
        query = "?plain=1" if location.name.lower().endswith(_MARKDOWN_SUFFIXES) else ""
        lines = f"L{location.line}"
        if location.end_line is not None and location.end_line > location.line:
            lines += f"-L{location.end_line}"
        return f"{self.server_url}/{self.repository}/blob/{self.sha}/{path}{query}#{lines}"
