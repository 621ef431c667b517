"""Replay `check-branch` and `check-release` over a repository's merge history, offline.

Each merged pull request is checked as it was when it merged: the base branch as of the
merge's first parent, the head at its second parent, the PR title from the merge message's
body. Prints Markdown tables: branches by class, feature branches passing and failing (by
rule id), and every release merge's verdict with the reports it changed. Not a test: exits
0 unless the repository cannot be read.

    python bench/replay_history.py --repo-dir ../massgen --github-repo massgen/MassGen --jobs 2

Which merges: every `Merge pull request #N from owner/branch` reachable from `--mainline`
(`--first-parent`: only those on its first-parent line; `--branch-merges`: also local
`Merge branch 'x' [into y]` merges). The base branch of a merge is the branch whose
first-parent line it sits on: `--mainline` for its own line, else the branch of the merge
that brought that line in (`git rev-list --first-parent M^2 --not M^1`, newest merge first);
when no merge with a branch in its message did, the default base, shown as `main?`.

How the base is given "as it was": if `check-branch --help` lists `--base-commit`, it is
passed; otherwise the base's name is pointed at the first parent in a scratch clone (one
per job, under the system temporary folder, removed at the end) that has no other branch
or remote-tracking ref, so no `origin/<base>` can win over it. Objects the repository lacks
(a snapshot without its large files) read as empty files there (`refs/replace/`), so git's
diffs and the export of a release's head still work; the repository itself is only read.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from timing import tool  # bench/timing.py

PR_MERGE = re.compile(r"^Merge pull request #(?P<number>\d+) from (?P<owner>[^/\s]+)/(?P<branch>\S+)")
BRANCH_MERGE = re.compile(r"^Merge (?:remote-tracking )?branch '(?P<branch>[^']+)'(?: of \S+)?(?: into (?P<into>\S+))?")
# The reason is greedy up to the last ")": an exempt pattern may hold one.
CLASS_NOTE = re.compile(r"\b(?P<kind>release|exempt|feature) branch\b(?: \((?P<reason>.*)\))?")
REPORT_DIRS = ("docs/case_studies/", "docs/source/examples/case_studies/")  # MassGen's two report folders
NOT_RELEASE = re.compile(r"^not run\b|: not a release\b")  # ours, or check-release's note on a merge that is no release
# Inherited variables that would tell policycheck about another branch, repository or token.
SCRUBBED = ("GIT_", "GITHUB_", "GH_", "PRE_COMMIT_", "POLICYCHECK_")


@dataclass(frozen=True)
class Merge:
    sha: str
    parents: tuple[str, ...]
    timestamp: int
    subject: str
    title: str | None
    branch: str
    number: int | None  # the PR number; None for a local `Merge branch` merge
    owner: str | None  # the head repository's owner, as the merge message names it
    into: str | None = None  # `Merge branch 'x' into y`: y


@dataclass
class Run:
    """One policycheck command's outcome."""

    exit_code: int
    findings: list[dict[str, object]] = field(default_factory=list)
    files: int = 0
    note: str = ""  # the first stderr line (the class note, or the error)


@dataclass
class Result:
    merge: Merge
    base: str
    kind: str  # release, exempt, feature, or error when check-branch could not say
    reason: str
    branch_run: Run
    release_run: Run
    reports_changed: list[str]  # case-study files the merge's range adds or changes (git's view)


def git(repo: Path, *args: str, check: bool = True) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=clean_env())
    if check and proc.returncode != 0:
        raise RuntimeError(f"git {' '.join(args[:3])} failed in {repo}: {proc.stderr.strip()[:300]}")
    return proc.stdout


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(SCRUBBED)}


# ---------------------------------------------------------------- history


def parse_message(sha: str, parents: tuple[str, ...], timestamp: int, message: str) -> Merge | None:
    """A merge from its message, or None when the message names no branch."""
    subject, _, body = message.partition("\n")
    title = next((line.strip() for line in body.splitlines() if line.strip()), None)
    pr = PR_MERGE.match(subject)
    if pr:
        return Merge(sha, parents, timestamp, subject.strip(), title, pr["branch"], int(pr["number"]), pr["owner"])
    local = BRANCH_MERGE.match(subject)
    if local:
        branch = re.sub(r"^(?:refs/(?:heads|remotes)/)?(?:origin/)?", "", local["branch"])  # a remote-tracking name
        return Merge(sha, parents, timestamp, subject.strip(), title, branch, None, None, local["into"])
    return None


def all_merges(repo: Path, mainline: str) -> list[Merge | tuple[str, tuple[str, ...]]]:
    """Every merge reachable from `mainline`, newest first; unparsable ones as (sha, parents)."""
    out = git(repo, "log", "--merges", "--topo-order", "--format=%H%x00%P%x00%ct%x00%B%x1e", mainline)
    merges: list[Merge | tuple[str, tuple[str, ...]]] = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x00")
        if len(parts) != 4:
            continue
        parents = tuple(parts[1].split())
        merges.append(parse_message(parts[0], parents, int(parts[2]), parts[3]) or (parts[0], parents))
    return merges


def base_labels(repo: Path, mainline: str, base_name: str, merges: Sequence[Merge | tuple[str, tuple[str, ...]]],
                jobs: int) -> dict[str, str]:
    """The branch each commit was made on: the first-parent line it sits on (see the docstring)."""
    labels = dict.fromkeys(git(repo, "rev-list", "--first-parent", mainline).split(), base_name)

    def side_line(merge: Merge) -> list[str]:
        lines = [git(repo, "rev-list", "--first-parent", p, "--not", merge.parents[0]).split()
                 for p in merge.parents[1:]]
        return [sha for line in lines for sha in line]

    named = [m for m in merges if isinstance(m, Merge)]  # a merge whose message names no branch names no line
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for merge, line in zip(named, pool.map(side_line, named), strict=True):
            for sha in line:  # newest first: the newest bringer names a line
                labels.setdefault(sha, merge.branch)
    return labels


def select(merges: Sequence[Merge | tuple[str, tuple[str, ...]]], args: argparse.Namespace,
           first_parent: set[str], before_since: set[str]) -> list[Merge]:
    chosen = [m for m in merges if isinstance(m, Merge) and (m.number is not None or args.branch_merges)
              and (not args.first_parent or m.sha in first_parent) and m.sha not in before_since]
    if args.limit:
        chosen = chosen[:args.limit]  # the newest
    return list(reversed(chosen))  # oldest first, as they happened


def reports_changed(repo: Path, merge: Merge) -> list[str]:
    """Case-study Markdown files the merge's range adds or changes (from the merge base)."""
    start = git(repo, "merge-base", merge.parents[0], merge.parents[1], check=False).strip()
    if not start:
        return []
    out = git(repo, "diff", "--name-status", "--no-renames", "-z", start, merge.parents[1], "--", *REPORT_DIRS)
    fields = out.split("\x00")
    pairs = zip(fields[0::2], fields[1::2], strict=False)
    return [f"{status[0]} {path}" for status, path in pairs if status and status[0] != "D" and path.endswith(".md")]


# ---------------------------------------------------------------- scratch clones


class Scratch:
    """A throwaway clone sharing the source's objects: its refs are ours to move.

    Its HEAD is a commit of the empty tree, so no head checked is "checked out" and every
    release's reports are read from an export of its head, as a local `check-release --head`
    does. Objects the source lacks are replaced by the empty blob (`refs/replace/`), so that
    git's diffs and exports work and links to those files still resolve.
    """

    def __init__(self, source: Path, folder: Path, missing: frozenset[str]) -> None:
        self.root = folder
        git(source, "clone", "--quiet", "--shared", "--no-checkout", str(source), str(folder))
        git(folder, "remote", "remove", "origin")  # and with it every origin/<base>
        empty_tree = git(folder, "hash-object", "-t", "tree", "-w", "/dev/null").strip()
        identity = ("-c", "user.name=replay", "-c", "user.email=replay@localhost")
        alone = git(folder, *identity, "commit-tree", empty_tree, "-m", "replay scratch").strip()
        git(folder, "update-ref", "--no-deref", "HEAD", alone)
        for ref in git(folder, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes").split():
            git(folder, "update-ref", "-d", ref)
        empty_blob = git(folder, "hash-object", "-w", "/dev/null").strip()
        subprocess.run(["git", "update-ref", "--stdin"], cwd=folder, check=True, env=clean_env(), text=True,
                       input="".join(f"update refs/replace/{sha} {empty_blob}\n" for sha in sorted(missing)))

    def point_base(self, base: str, commit: str) -> None:
        git(self.root, "update-ref", f"refs/heads/{base}", commit)

    def drop_base(self, base: str) -> None:
        git(self.root, "update-ref", "-d", f"refs/heads/{base}", check=False)


def missing_objects(repo: Path) -> frozenset[str]:
    """Objects the history names but the clone lacks (a snapshot without its large files)."""
    out = git(repo, "--no-replace-objects", "rev-list", "--objects", "--missing=print", "--all")
    return frozenset(line[1:] for line in out.splitlines() if line.startswith("?"))


# ---------------------------------------------------------------- policycheck


def run_policycheck(command: Sequence[str], cwd: Path) -> Run:
    proc = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=clean_env())
    note = next((line.removeprefix("policycheck: ") for line in proc.stderr.splitlines() if line.strip()), "")
    try:
        report = json.loads(proc.stdout) if proc.stdout.strip() else {}
    except ValueError:
        report, note = {}, note or f"not JSON: {proc.stdout[:200]!r}"
    return Run(proc.returncode, list(report.get("findings", [])), int(report.get("summary", {}).get("files", 0)), note)


def command_line(args: argparse.Namespace, check: str, merge: Merge, base: str, base_commit: bool) -> list[str]:
    line = [args.policycheck, check, "--branch", merge.branch, "--base", base, "--head", merge.parents[1],
            "--offline", "--format", "json"]
    if merge.title is not None:
        line += ["--title", merge.title]
    if base_commit:
        line += ["--base-commit", merge.parents[0]]
    if args.github_repo:
        line += ["--repo", args.github_repo]
    if args.policy:
        line += ["--policy", str(args.policy)]
    return line


def replay_one(merge: Merge, base: str, scratch: Scratch, args: argparse.Namespace, base_commit: bool,
               shown_base: str) -> Result:
    if not base_commit:
        scratch.point_base(base, merge.parents[0])
    try:
        branch_run = run_policycheck(command_line(args, "check-branch", merge, base, base_commit), scratch.root)
        kind, reason = classify(branch_run)
        release_run = Run(0, note="not run: check-branch classes it as no release (--releases-only)")
        if kind in ("release", "error") or not args.releases_only:
            release_run = run_policycheck(command_line(args, "check-release", merge, base, base_commit), scratch.root)
    finally:
        if not base_commit:
            scratch.drop_base(base)
    return Result(merge, shown_base, kind, reason, branch_run, release_run, reports_changed(scratch.root, merge))


def classify(run: Run) -> tuple[str, str]:
    """The branch's class from check-branch's note (a feature branch gets none)."""
    if run.exit_code not in (0, 1):
        return "error", run.note
    match = CLASS_NOTE.search(run.note)
    if match:
        return match["kind"], match["reason"] or ""
    return "feature", ""


# ---------------------------------------------------------------- tables


def verdict(run: Run) -> str:
    return {0: "pass", 1: "fail", -1: "not replayed"}.get(run.exit_code, f"error (exit {run.exit_code})")


def rules(run: Run, severity: str = "error") -> list[str]:
    return sorted({str(f["rule"]) for f in run.findings if f.get("severity") == severity})


def reference_source(run: Run) -> str:
    """Where a passing feature branch's (unverified) reference was found: branch, body or commit."""
    for finding in run.findings:
        if finding.get("rule") == "branch-issue-unverified":
            return str(finding.get("path", "")).split(":", 1)[0] or "?"
    return "-"


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def pr_name(merge: Merge) -> str:
    return f"#{merge.number}" if merge.number is not None else merge.sha[:9]


def class_table(results: Sequence[Result]) -> list[str]:
    rows = []
    for kind in ("release", "exempt", "feature", "error"):
        chosen = [r for r in results if r.kind == kind]
        if chosen:
            names = sorted({r.merge.branch for r in chosen})
            rows.append((kind, len(chosen), len(names), ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")))
    return ["## Branches by class", "", *table(("class", "merges", "branch names", "examples"), rows)]


def exempt_reasons(results: Sequence[Result]) -> list[str]:
    reasons = Counter(re.sub(r"^\S+ (matches|is)", r"\1", r.reason) for r in results if r.kind == "exempt")
    return ["### Exempt, by reason", "", *table(("reason", "merges"), reasons.most_common())]


def feature_table(results: Sequence[Result]) -> list[str]:
    features = [r for r in results if r.kind == "feature"]
    passing = [r for r in features if r.branch_run.exit_code == 0]
    failing = [r for r in features if r.branch_run.exit_code == 1]
    lines = ["## Feature branches, offline", "",
             *table(("verdict", "merges"), (("pass", len(passing)), ("fail", len(failing)),
                                            ("tool error", len(features) - len(passing) - len(failing))))]
    found = Counter(reference_source(r.branch_run) for r in passing)
    lines += ["### Passing: where the (unverified) reference was found", "",
              *table(("found in", "merges"), found.most_common())]
    counted = Counter(rule for r in failing for rule in rules(r.branch_run))
    warned = Counter(rule for r in features for rule in rules(r.branch_run, "warning"))
    lines += ["### Rules, counted once per merge", "",
              *table(("rule", "errors (failing merges)", "warnings (all feature merges)"),
                     ((rule, counted[rule], warned[rule]) for rule in sorted(set(counted) | set(warned))))]
    return lines


def feature_details(results: Sequence[Result]) -> list[str]:
    rows = [(pr_name(r.merge), f"{r.merge.owner or ''}/{r.merge.branch}".lstrip("/"), r.base, verdict(r.branch_run),
             ", ".join(rules(r.branch_run)) or "-", first_message(r.branch_run))
            for r in results if r.kind == "feature"]
    return ["### Every feature merge", "", *table(("PR", "head", "base", "verdict", "errors", "first finding"), rows)]


def first_message(run: Run) -> str:
    if run.findings:
        return str(run.findings[0].get("message", ""))[:140]
    return run.note[:140] or "-"


def release_table(results: Sequence[Result]) -> list[str]:
    rows = []
    for r in results:
        if r.kind != "release" and r.release_run.exit_code in (0, 1) and NOT_RELEASE.search(r.release_run.note):
            continue
        said = " ".join([r.release_run.note, *(str(f.get("message", "")) for f in r.release_run.findings)])
        version = (RELEASE_VERSION.search(said) or CLASS_NOTE_VERSION.search(r.merge.branch)
                   or CLASS_NOTE_VERSION.search(r.merge.title or ""))
        paths = sorted({str(f.get("path")) for f in r.release_run.findings if f.get("severity") == "error"})
        rows.append((pr_name(r.merge), version[0] if version else "?", f"{r.merge.branch} -> {r.base}",
                     verdict(r.release_run), shorten(r.reports_changed), r.release_run.files,
                     ", ".join(rules(r.release_run)) or "-", "<br>".join(paths) or "-",
                     r.release_run.note if r.release_run.exit_code not in (0, 1) else ""))
    header = ("PR", "version", "merge", "verdict", "reports changed (git)", "examined", "rules failing",
              "paths of errors", "error")
    return ["## Release merges", "", *table(header, rows)]


def shorten(changes: Sequence[str], shown: int = 3) -> str:
    """The added files first, at most `shown` of them, and how many more."""
    ordered = sorted(changes, key=lambda change: (not change.startswith("A "), change))
    more = f"<br>(+{len(ordered) - shown} more)" if len(ordered) > shown else ""
    return "<br>".join(ordered[:shown]) + more if ordered else "none"


CLASS_NOTE_VERSION = re.compile(r"v?\d+\.\d+\.\d+")
RELEASE_VERSION = re.compile(r"(?<=release )v\d+\.\d+\.\d+")  # what check-release says it checked


def render(results: Sequence[Result], header: Sequence[str], details: bool) -> str:
    lines = [*header, "", *class_table(results), *exempt_reasons(results), *feature_table(results)]
    if details:
        lines += feature_details(results)
    lines += release_table(results)
    return "\n".join(lines)


# ---------------------------------------------------------------- driver


def arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo-dir", type=Path, default=Path.cwd(), help="the repository to replay (default: .)")
    parser.add_argument("--mainline", default="main", help="the branch whose history is replayed (default: main)")
    parser.add_argument("--base-name", default="main", help="the name the mainline is checked under (default: main)")
    parser.add_argument("--github-repo", metavar="OWNER/NAME", help="passed as --repo (issue URLs count as references)")
    parser.add_argument("--policy", type=Path, help="passed as --policy")
    parser.add_argument("--since", metavar="TAG", help="only merges not reachable from TAG")
    parser.add_argument("--limit", type=int, default=0, help="only the newest N merges")
    parser.add_argument("--first-parent", action="store_true", help="only merges on the mainline's first-parent line")
    parser.add_argument("--branch-merges", action="store_true", help="also local `Merge branch 'x'` merges")
    parser.add_argument("--jobs", type=int, default=2, help="policycheck processes at once (default: 2)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw results here")
    parser.add_argument("--releases-only", action="store_true",
                        help="run check-release only where check-branch finds a release (about half the time)")
    parser.add_argument("--details", action="store_true", help="also list every feature merge")
    parser.add_argument("--policycheck", default=tool("policycheck") or "policycheck", help="the console script")
    return parser.parse_args(argv)


def supports_base_commit(policycheck: str) -> bool:
    proc = subprocess.run([policycheck, "check-branch", "--help"], capture_output=True, text=True, env=clean_env())
    return "--base-commit" in proc.stdout


def base_of(merge: Merge, labels: dict[str, str], default: str) -> str:
    """The merge's base branch; the default base (marked `?`) when no named merge brought its line in."""
    return merge.into or labels.get(merge.sha) or f"{default}?"


def scratch_pool(source: Path, folder: Path, jobs: int, missing: frozenset[str]) -> queue.Queue[Scratch]:
    pool: queue.Queue[Scratch] = queue.Queue()
    for index in range(jobs):
        pool.put(Scratch(source, folder / f"clone{index}", missing))
    return pool


def replay(merges: Sequence[Merge], labels: dict[str, str], args: argparse.Namespace, folder: Path) -> Iterator[Result]:
    base_commit = supports_base_commit(args.policycheck)
    pool = scratch_pool(args.repo_dir, folder, args.jobs, missing_objects(args.repo_dir))

    def work(merge: Merge) -> Result:
        scratch = pool.get()
        base = base_of(merge, labels, args.base_name)
        try:
            return replay_one(merge, base.removesuffix("?"), scratch, args, base_commit, base)
        except RuntimeError as failure:  # one merge git cannot replay (a base name no ref can have)
            failed = Run(-1, note=str(failure))
            return Result(merge, base, "error", str(failure), failed, failed, [])
        finally:
            pool.put(scratch)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as executor:
        for done, result in enumerate(executor.map(work, merges), 1):
            if done % 25 == 0:
                print(f"replayed {done}/{len(merges)}", file=sys.stderr)
            yield result


def write_json(results: Sequence[Result], out: Path) -> None:
    out.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    args.repo_dir = args.repo_dir.resolve()
    start = time.monotonic()
    try:
        merges = all_merges(args.repo_dir, args.mainline)
        labels = base_labels(args.repo_dir, args.mainline, args.base_name, merges, args.jobs)
        first_parent = set(git(args.repo_dir, "rev-list", "--first-parent", "--merges", args.mainline).split())
        before = set(git(args.repo_dir, "rev-list", args.since).split()) if args.since else set()
    except RuntimeError as failure:
        print(f"replay_history: {failure}", file=sys.stderr)
        return 2
    chosen = select(merges, args, first_parent, before)
    try:
        with tempfile.TemporaryDirectory(prefix="policycheck-replay-") as folder:
            results = list(replay(chosen, labels, args, Path(folder)))
    except RuntimeError as failure:
        print(f"replay_history: {failure}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - start
    version = subprocess.run([args.policycheck, "--version"], capture_output=True, text=True).stdout.strip()
    header = [f"# Replay of {args.repo_dir.name}: {len(results)} merges", "",
              f"- {version or 'policycheck'}; `{' '.join(sys.argv[1:] if argv is None else argv)}`",
              f"- mainline {args.mainline} at {git(args.repo_dir, 'rev-parse', '--short', args.mainline).strip()};"
              f" {args.jobs} jobs; {elapsed:.0f} s wall; {os.cpu_count()} CPUs"]
    print(render(results, header, args.details))
    if args.json:
        write_json(results, args.json)
    print(f"replay_history: {len(results)} merges in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
