"""Release history from git: did each past release ship a report for its version with a video?

A release is a `vX.Y.Z` tag (`branches.release.tag`) on a commit in the base branch's history,
or a merge on the base branch's first-parent line of a branch matching `branches.release.head`
(`dev/vX.Y.Z`); a tag wins, as it names the tree that shipped. Releases are ordered by version.

At each release only the case-study folders are listed (`git ls-tree` under the static
prefix of each `case_studies.include` glob), and only report blobs not read before are
exported and parsed (a report unchanged across releases is one blob, parsed once). A report
covers a release when its title's version or range holds the release's version
(`version_covers`), with a video from one of `case_studies.video_hosts` (a local video counts
when the release's tree holds the file). A release without one is late by the number of
releases until one that holds such a report.
"""
from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from policycheck.branches.classify import _policy_regex
from policycheck.branches.targets import version_covers
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import read_text
from policycheck.markdown.model import parse_document
from policycheck.policy import Policy
from policycheck.sources import git
from policycheck.versions import version_tuple

# GitHub's and git's merge subjects, and the branch each names.
_MERGED = (re.compile(r"^Merge pull request #\d+ from [^/\s]+/(?P<branch>\S+)"),
           re.compile(r"^Merge remote-tracking branch '[^/']+/(?P<branch>[^']+)'"),
           re.compile(r"^Merge branch '(?P<branch>[^']+)'"))


@dataclass(frozen=True)
class Release:
    version: str  # "0.1.8"
    commit: str  # the tree that shipped
    source: str  # "tag v0.1.8" or "merge of dev/v0.1.8"

    @property
    def name(self) -> str:
        return f"v{self.version}"


@dataclass(frozen=True)
class Videos:
    """A report blob's videos: hosted ones counted, local video files by repository path."""

    hosted: int
    local: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    release: Release
    ok: bool  # the release's own tree held a covering report with a video
    report: str | None  # that report, or the one that covered it later
    late_releases: int | None  # 0 on time, N releases late, None never

    def to_json(self) -> dict[str, Any]:
        return {"release": self.release.name, "ok": self.ok, "report": self.report,
                "late_releases": self.late_releases}


def merged_branch(subject: str) -> str | None:
    """The branch a merge commit's subject names, or None."""
    for pattern in _MERGED:
        match = pattern.match(subject)
        if match:
            return match["branch"]
    return None


def find_releases(root: Path, policy: Policy, base_rev: str) -> list[Release]:
    """Every release in the base branch's history, oldest version first."""
    settings = policy.settings.branches
    found: dict[str, Release] = {}
    if settings.release_head:
        head = _policy_regex(policy, "branches.release.head", settings.release_head, "version")
        for entry in git.first_parent_log(root, base_rev):
            branch = merged_branch(entry.subject) if len(entry.parents) > 1 else None
            match = head.search(branch) if branch else None
            if match:
                found.setdefault(match["version"], Release(match["version"], entry.sha, f"merge of {branch}"))
    if settings.release_tag:
        tag_regex = _policy_regex(policy, "branches.release.tag", settings.release_tag, "version")
        merged = set(git.tags_merged(root, base_rev))
        for tag, commit in git.tag_commits(root).items():
            match = tag_regex.search(tag)
            if match and tag in merged:
                found[match["version"]] = Release(match["version"], commit, f"tag {tag}")
    return sorted(found.values(), key=lambda r: version_tuple(r.version) or ())


def report_folders(policy: Policy) -> tuple[str, ...]:
    """The folders the case-study globs can select in: each include glob's static prefix."""
    folders = []
    for glob in policy.fileset("case_studies").include:
        parts = glob.split("/")
        static = [p for p in parts[:-1]]
        cut = next((i for i, p in enumerate(static) if any(c in p for c in "*?{")), len(static))
        folders.append("/".join(static[:cut]))
    return tuple(dict.fromkeys(folders)) if all(folders) else ()


class HistoryReader:
    """Reads the reports of each release's tree, each blob once: its title from the head of
    the text, its videos (a whole parse) only when its title covers a release in question."""

    def __init__(self, root: Path, policy: Policy) -> None:
        self.root = root
        self.policy = policy
        self.fileset = policy.fileset("case_studies")
        self.folders = report_folders(policy)
        self.hosts = set(policy.settings.reports.video_hosts)
        self.texts: dict[str, tuple[str, str]] = {}  # blob -> (path, text)
        self.titles: dict[str, tuple[str | None, str | None]] = {}
        self.videos: dict[str, Videos] = {}

    def reports_at(self, commit: str) -> dict[str, str]:
        """path -> blob of every report the policy selects in `commit`'s tree."""
        tree = git.tree_files(self.root, commit, self.folders)
        return {path: sha for path, sha in tree.items() if self.fileset.selects(path)}

    def reports_at_each(self, commits: list[str]) -> list[dict[str, str]]:
        """`reports_at` for many commits, through one git process (`git.folder_files`)."""
        if not self.folders:
            return [self.reports_at(commit) for commit in commits]
        found = git.folder_files(self.root, commits, self.folders)
        return [{path: sha for path, sha in files.items() if self.fileset.selects(path)} for files in found]

    def read(self, blobs: Iterable[tuple[str, str]]) -> None:
        """Export the (blob, path) pairs not read yet, in one `git cat-file --batch`."""
        todo = {sha: path for sha, path in blobs if sha not in self.texts}
        if not todo:
            return
        folder = Path(tempfile.mkdtemp(prefix="policycheck-history-"))
        try:
            git.export_blobs(self.root, [(sha, sha) for sha in todo], folder)
            for sha, path in todo.items():
                try:
                    self.texts[sha] = (path, read_text(str(folder / sha), self.policy.max_file_bytes).text)
                except LoadFailure:
                    self.texts[sha] = (path, "")  # unreadable: no title, no video
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def title(self, sha: str) -> tuple[str | None, str | None]:
        """The title's version range. The title is the first level-1 heading, almost always on
        the first lines: growing heads of the text are parsed until one holds the title well
        inside it (a setext underline or an open fence after it could change what it says),
        and the whole text when none does."""
        if sha not in self.titles:
            path, text = self.texts[sha]
            lines = text.split("\n")
            title = None
            for size in (*_HEADS, len(lines)):
                doc = parse_document("\n".join(lines[:size]), path, self.root)
                title = doc.title
                if size >= len(lines) or (title is not None and title.line + 2 < size):
                    break
            self.titles[sha] = (title.version_start, title.version_end) if title else (None, None)
        return self.titles[sha]

    def video_facts(self, sha: str) -> Videos:
        if sha not in self.videos:
            path, text = self.texts[sha]
            doc = parse_document(text, path, self.root)
            hosted = sum(1 for video in doc.videos if video.host in self.hosts and video.host != "local")
            local = tuple(p for link in doc.links if (p := _local_video(path, link.url)))
            self.videos[sha] = Videos(hosted, local if "local" in self.hosts else ())
        return self.videos[sha]

    def covering(self, commit: str, reports: dict[str, str], version: str) -> str | None:
        """The first report (by path) in `reports` covering `version` with a video."""
        for path in sorted(reports):
            sha = reports[path]
            if version_covers(*self.title(sha), version) and self._has_video(commit, self.video_facts(sha)):
                return path
        return None

    def _has_video(self, commit: str, videos: Videos) -> bool:
        if videos.hosted or not videos.local:
            return bool(videos.hosted)
        folders = tuple(sorted({posixpath.dirname(p) or "." for p in videos.local}))
        return any(p in git.tree_files(self.root, commit, folders) for p in videos.local)


_HEADS = (8, 40)  # lines: the first holds nearly every title


def _local_video(report: str, url: str) -> str:
    """The repository path of a local video link (.mp4/.webm/.mov), or ""."""
    clean = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if "://" in clean or not clean.lower().endswith((".mp4", ".webm", ".mov")):
        return ""
    joined = clean.lstrip("/") if clean.startswith("/") else posixpath.join(posixpath.dirname(report), clean)
    return posixpath.normpath(joined)


def release_history(root: Path, policy: Policy, base_rev: str, since: str | None = None) -> list[HistoryEntry]:
    """One entry per release from `since` on (all when None), oldest first."""
    releases = [r for r in find_releases(root, policy, base_rev)
                if since is None or (version_tuple(r.version) or ()) >= (version_tuple(since) or ())]
    reader = HistoryReader(root, policy)
    trees = reader.reports_at_each([release.commit for release in releases])
    reader.read((sha, path) for tree in trees for path, sha in tree.items())
    return [_entry(reader, releases, trees, index) for index in range(len(releases))]


def _entry(reader: HistoryReader, releases: Sequence[Release], trees: Sequence[dict[str, str]],
           index: int) -> HistoryEntry:
    release = releases[index]
    for later in range(index, len(releases)):
        path = reader.covering(releases[later].commit, trees[later], release.version)
        if path:
            return HistoryEntry(release, later == index, path, later - index)
    return HistoryEntry(release, False, None, None)
