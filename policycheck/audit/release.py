"""This release, offline from git: which release it is, whether its changes against the base
include a report for its version with a video (the release check itself), and whether the
features merged into the release branch since the last tag each reference a case-study issue
(branch names and the merged commits' messages; GitHub's PR bodies are the online part).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policycheck.audit.history import merged_branch
from policycheck.audit.items import FAIL, PASS, SKIP, WARN, Item
from policycheck.branches.classify import _policy_regex, classify
from policycheck.branches.context import BranchContext, ContextOptions, resolve_context
from policycheck.branches.references import find_references
from policycheck.branches.release_check import check_release
from policycheck.branches.targets import FEATURE
from policycheck.policy import Policy
from policycheck.runner import Runner
from policycheck.sources import git
from policycheck.versions import version_tuple


@dataclass(frozen=True)
class ReleaseChoice:
    version: str | None  # None: this clone names no release at all
    branch: str | None  # the release branch (dev/vX.Y.Z), when this clone has it
    last_tag: str | None  # the latest release tag before it
    why: str  # how the version was chosen, for the report


def _strip(ref: str) -> str:
    if ref.startswith("refs/heads/"):
        return ref.removeprefix("refs/heads/")
    return ref.removeprefix("refs/remotes/").partition("/")[2]


def release_branches(root: Path, policy: Policy) -> dict[str, str]:
    """version -> branch name of every release branch (`branches.release.head`) here."""
    pattern = policy.settings.branches.release_head
    if not pattern:
        return {}
    regex = _policy_regex(policy, "branches.release.head", pattern, "version")
    found: dict[str, str] = {}
    for ref in git.branch_refs(root):
        match = regex.search(_strip(ref))
        if match:
            found.setdefault(match["version"], _strip(ref))
    return found


def latest_tag(root: Path, policy: Policy, rev: str) -> tuple[str, str] | None:
    """(tag, version) of the highest release tag (`branches.release.tag`) in `rev`'s history."""
    pattern = policy.settings.branches.release_tag
    if not pattern:
        return None
    regex = _policy_regex(policy, "branches.release.tag", pattern, "version")
    tags = [(tag, m["version"]) for tag in git.tags_merged(root, rev) if (m := regex.search(tag))]
    return max(tags, key=lambda pair: version_tuple(pair[1]) or (), default=None)


def choose_release(root: Path, policy: Policy, base_rev: str, explicit: str | None) -> ReleaseChoice:
    """--release, else the open release branch (newer than the latest release tag and not
    merged into the base), else the next patch after the latest release tag."""
    branches = release_branches(root, policy)
    tag = latest_tag(root, policy, base_rev)
    if explicit:
        return ReleaseChoice(explicit, branches.get(explicit), _tag_before(root, policy, branches.get(explicit), tag),
                             "--release")
    # Open: newer than every release tag (an old dev/v branch that moved on after its release
    # is not the next release), and not merged into the base.
    released = version_tuple(tag[1]) or () if tag else ()
    open_ = {v: b for v, b in branches.items()
             if (version_tuple(v) or ()) > released and not _merged(root, b, base_rev)}
    if open_:
        version = max(open_, key=lambda v: version_tuple(v) or ())
        return ReleaseChoice(version, open_[version], _tag_before(root, policy, open_[version], tag),
                             f"the open release branch {open_[version]}")
    if tag:
        parts = (version_tuple(tag[1]) or (0, 0, 0))
        version = ".".join(str(p) for p in (*parts[:-1], parts[-1] + 1))
        return ReleaseChoice(version, branches.get(version), tag[0], f"the next after {tag[0]}")
    return ReleaseChoice(None, None, None, "no release branch and no release tag in this clone")


def _merged(root: Path, branch: str, base_rev: str) -> bool:
    tip = _tip(root, branch)
    return tip is not None and git.merge_base(root, tip, base_rev) == tip


def _tip(root: Path, branch: str) -> str | None:
    return git.resolve(root, f"refs/heads/{branch}") or git.resolve(root, f"refs/remotes/origin/{branch}")


def _tag_before(root: Path, policy: Policy, branch: str | None, fallback: tuple[str, str] | None) -> str | None:
    tip = _tip(root, branch) if branch else None
    found = latest_tag(root, policy, tip) if tip else fallback
    return found[0] if found else None


def release_context(root: Path, policy: Policy, choice: ReleaseChoice) -> BranchContext | None:
    if not choice.branch:
        return None
    base = policy.settings.branches.base
    return resolve_context(ContextOptions(branch=choice.branch, base=base), base, cwd=root, env={})


def report_item(runner: Runner, choice: ReleaseChoice, context: BranchContext | None) -> Item:
    """The release check on the release branch: its report for its version, with a video."""
    name = "release report"
    if choice.version is None:
        return Item(name, SKIP, choice.why, "pass --release X.Y.Z")
    if context is None:
        return Item(name, WARN, f"no release branch for v{choice.version} in this clone; nothing to check yet",
                    f"open dev/v{choice.version} (or pass --release X.Y.Z)")
    outcome = runner.add(check_release(runner, context))
    blocking = runner.blocking(outcome.findings)
    if blocking:
        first = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        return Item(name, FAIL, f"{first.path}: {first.message}{more}",
                    first.hint or f"policycheck new case-study --version {choice.version}")
    return Item(name, PASS, f"{context.branch} adds its report for v{choice.version} with a video")


def features_item(root: Path, policy: Policy, choice: ReleaseChoice, context: BranchContext | None) -> Item:
    """Each feature merged into the release branch since the last tag references an issue."""
    name = "features reference case studies"
    if context is None or context.head is None:
        return Item(name, SKIP, f"no release branch for v{choice.version} in this clone" if choice.version
                    else choice.why)
    # An already merged release: its features are on the branch, the merge's second parent.
    tip = (git.resolve(root, f"{context.merged_by}^2") if context.merged_by else None) or context.head
    span = f"{choice.last_tag}..{tip}" if choice.last_tag else tip
    features, missing = [], []
    for entry in git.first_parent_log(root, span):
        branch = merged_branch(entry.subject) if len(entry.parents) > 1 else None
        if branch is None or not _is_feature(root, policy, branch, context.branch, entry.parents[0], entry.sha):
            continue
        commits = git.commits(root, entry.parents[0], entry.parents[1])
        feature = BranchContext("git", branch, context.branch, entry.parents[1], root, commits=commits)
        refs = find_references(feature, policy, context.repository)
        shown = f"{branch} (#{refs[0].number})" if refs else branch
        if shown not in features:  # a branch merged twice is one feature
            features.append(shown)
            missing += [] if refs else [branch]
    since = f"since {choice.last_tag}" if choice.last_tag else "in its history"
    if missing:
        return Item(name, FAIL, f"{len(missing)} of {len(features)} feature merges {since} reference no case-study"
                    f" issue: {', '.join(missing)}",
                    "name the issue in the branch (feature/123-name) or a commit (Closes #123)")
    if not features:
        return Item(name, PASS, f"no feature branch merged into {context.branch} {since}")
    return Item(name, PASS, f"{len(features)} feature merge{'s' if len(features) != 1 else ''} {since}, each with"
                f" an issue reference (unverified offline): {', '.join(features)}")


def _is_feature(root: Path, policy: Policy, branch: str, into: str, before: str, merge: str) -> bool:
    kind = classify(branch, into, None, policy, paths=lambda: git.changed_paths(root, before, merge))
    return kind.kind == FEATURE
