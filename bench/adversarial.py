"""The worst inputs of at most 1 MiB (`limits.max_file_bytes`' default), each run as a fresh process.

Writes every case into a temporary folder (a repository root: it holds `.git/`), runs
`policycheck check-config`, `check-case-study` or `check-issue --body-file` on it in a fresh
subprocess, and prints a Markdown table: case, bytes, wall seconds, CPU seconds (user +
system of that process, from `os.wait4`), peak RSS in MB (its `ru_maxrss`) and the exit code.
Target (issue 11, item 5): every case under 2 s and 200 MB. Not a test: it always exits 0.

    python bench/adversarial.py [--only deep] [--keep DIR]

Importable: `CASES` maps a case name to (command, file name, generator of the text), and
`measure(name, folder)` returns one row, for `bench/RESULTS.md` and the regression tests.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from policycheck.markdown.target import markdown_marks
from policycheck.policy import default_settings

MIB = 1 << 20
SIZE = MIB - 64  # just under the default limit, so that each case is parsed, not refused
CPU_LIMIT, RSS_LIMIT = 2.0, 200.0  # seconds, MB


def fill(head: str, unit: Callable[[int], str], tail: str = "", size: int = SIZE,
         cost: Callable[[str], int] | None = None, budget: int = 0) -> str:
    """`head`, then unit(0), unit(1), ... while the text stays within `size` bytes (and, with
    `cost`, while cost(text) stays within `budget`), then `tail`."""
    parts, used, index = [head], len(head.encode()) + len(tail.encode()), 0
    spent = cost(head + tail) if cost else 0
    while True:
        piece = unit(index)
        width = len(piece.encode())
        if used + width > size or (cost and spent + cost(piece) > budget):
            break
        spent += cost(piece) if cost else 0
        parts.append(piece)
        used, index = used + width, index + 1
    return "".join(parts) + tail


AGENT = "agents:\n  - id: a\n    backend: {type: openai, model: gpt-4o}\n"


# --- configs ----------------------------------------------------------------------------------
def unknown_keys() -> str:
    return fill(AGENT, lambda n: f"unknown_key_{n:07d}: 1\n")


def many_agents() -> str:
    return fill("agents:\n", lambda n: f"  - id: agent{n}\n    backend:\n      type: openai\n      model: gpt-4o\n")


def many_bad_agents() -> str:
    """Every agent wrong in several ways: an unknown backend, a typo'd key, a bad value."""
    return fill("agents:\n", _bad_agent)


def _bad_agent(n: int) -> str:
    return f"  - {{id: a, backend: {{type: opnai{n}, modle: 1, temperature: x}}, extra: 1}}\n"


def deep_block() -> str:
    """Block mappings nested to just within the loader's depth limit, over and over."""
    def unit(n: int) -> str:
        return f"k{n}:\n" + "".join("  " * d + f"a{d}:\n" for d in range(1, 97)) + "  " * 97 + "v: 1\n"
    return fill(AGENT, unit)


def deep_flow() -> str:
    """Flow sequences nested to just within the loader's depth limit, in many unknown keys."""
    return fill(AGENT, lambda n: f"k{n}: " + "[" * 97 + "1" + "]" * 97 + "\n")


def deep_agents() -> str:
    """Deep nesting where the schema looks: inside each agent's backend."""
    return fill("agents:\n", lambda n: f"  - {{id: a{n}, backend: {{type: openai, x: " + "{a: " * 90 + "1"
                + "}" * 90 + "}}\n")


def long_list() -> str:
    return fill("agents:\n", lambda n: f"  - {n}\n")


def long_flow_list() -> str:
    return fill(AGENT + "ui:\n  extra: [", lambda n: f"{n},", tail="0]\n")


def long_string() -> str:
    head = "agents:\n  - id: a\n    backend: {type: openai, model: gpt-4o}\n    system_message: \""
    return fill(head, lambda n: "word ", tail="\"\n")


def long_key() -> str:
    return fill(AGENT, lambda n: "k", tail=": 1\n")


def many_aliases() -> str:
    """One anchored mapping of 500 keys, aliased (within the alias budget), then plain aliases."""
    anchor = "base: &b\n" + "".join(f"  k{i}: {i}\n" for i in range(500))
    return fill(AGENT + anchor + "s: &s 1\n", lambda n: f"x{n}: *b\n" if n < 190 else f"y{n}: *s\n")


def many_merges() -> str:
    anchor = "base: &b\n" + "".join(f"  k{i}: {i}\n" for i in range(400))
    return fill(AGENT + anchor, lambda n: f"m{n}:\n  <<: *b\n  own: 1\n" if n < 240 else f"z{n}: 1\n")


def many_documents() -> str:
    return fill("", lambda n: f"---\nagents: [{{id: a{n}}}]\n")


def many_mcp_servers() -> str:
    head = "agents:\n  - id: a\n    backend:\n      type: openai\n      mcp_servers:\n"
    return fill(head, lambda n: f"        - {{name: 's {n}', type: stdio, command: 'rm -rf /; x{n}', args: ['$(x)']}}"
                "\n")


# --- Markdown reports -----------------------------------------------------------------------
TITLE = "# MassGen v0.1.3: A case study\n\n"


def huge_table() -> str:
    head = TITLE + "| a | b | c |\n|---|---|---|\n"
    return fill(head, lambda n: f"| cell {n} | `code` | [l](#x{n}) |\n")


def wide_table() -> str:
    cols = 2000
    head = TITLE + "|" + "a|" * cols + "\n|" + "-|" * cols + "\n"
    return fill(head, lambda n: "|" + "x|" * cols + "\n")


def many_headings() -> str:
    return fill(TITLE, lambda n: f"{'#' * (2 + n % 5)} Heading {n} 🎯\n\n")


def nested_lists() -> str:
    def unit(n: int) -> str:
        return "".join("  " * d + "- item\n" for d in range(n % 400))
    return fill(TITLE, unit)


def nested_quotes() -> str:
    return fill(TITLE, lambda n: ">" * (n % 300) + " quote\n")


def many_links() -> str:
    return fill(TITLE, lambda n: f"[link {n}](docs/file{n}.md) [a](#anchor-{n}) <https://x.io/{n}>\n")


def long_line() -> str:
    return fill(TITLE, lambda n: "word ", tail="\n")


def emphasis() -> str:
    return fill(TITLE, lambda n: "*_", tail="\n")


def backticks() -> str:
    return fill(TITLE, lambda n: "`" * (1 + n % 50) + "x ", tail="\n")


def unclosed_brackets() -> str:
    return fill(TITLE, lambda n: "[", tail="\n")


def unclosed_images() -> str:
    return fill(TITLE, lambda n: "![", tail="\n")


def bracket_lines() -> str:
    return fill(TITLE, lambda n: "[" * 60 + "\n")


def reference_definitions() -> str:
    return fill(TITLE + "[use][r1] [use2][r99]\n\n", lambda n: f"[r{n}]: https://example.com/{n} \"title {n}\"\n")


def reference_uses() -> str:
    return fill(TITLE + "[r]: https://example.com\n\n", lambda n: "[x][r] ")


def front_matter() -> str:
    return fill("---\n", lambda n: f"key{n}: value {n}\n", tail="---\n" + TITLE)


def html_blocks() -> str:
    return fill(TITLE, lambda n: f"<div id=\"d{n}\">\n<p>text {n}</p>\n</div>\n\n")


def inline_html() -> str:
    return fill(TITLE, lambda n: f"<span a=\"{n}\"> ")


def many_images() -> str:
    return fill(TITLE, lambda n: f"![img {n}](images/p{n}.png) ")


def code_fences() -> str:
    return fill(TITLE, lambda n: "```\n" + "x\n" * 5 + "```\n")


def unclosed_fence() -> str:
    return fill(TITLE + "```\n", lambda n: f"line {n} [x](y) **b**\n")


def checkboxes() -> str:
    return fill(TITLE + "## 📌 Status Tracker\n\n", lambda n: f"- [ ] task {n}\n")


def placeholders() -> str:
    return fill(TITLE, lambda n: f"[TODO] [Insert {n}] ")


def issue_body() -> str:
    head = "### Prompt\n\nDo it.\n\n### Baseline Config\n\n"
    return fill(head, lambda n: f"- [ ] closes #{n} [x](y) `c` **b** <https://e.x/{n}>\n")


def issue_spaces() -> str:
    return fill("closes", lambda n: " ", tail="#1\n")


# --- just within the budgets: the slowest shapes policycheck still parses -----------------------
def _yaml_items(text: str) -> int:
    return sum(text.count(mark) for mark in (":", ",", "- ", "[", "{"))


def _marks(text: str) -> int:
    return markdown_marks(text)


_LIMITS = default_settings()  # the default policy's limits.max_yaml_values and max_markdown_marks
YAML_BUDGET, MARK_BUDGET = _LIMITS.max_yaml_values, _LIMITS.max_markdown_marks


def budget_bad_agents() -> str:
    return fill("agents:\n", _bad_agent, cost=_yaml_items, budget=YAML_BUDGET)


def budget_deep_flow() -> str:
    return fill(AGENT, lambda n: f"k{n}: " + "[" * 97 + "1" + "]" * 97 + "\n", cost=_yaml_items, budget=YAML_BUDGET)


def budget_flow_list() -> str:
    return fill(AGENT + "ui:\n  extra: [", lambda n: f"{n},", tail="0]\n", cost=_yaml_items, budget=YAML_BUDGET)


def budget_brackets() -> str:
    return fill(TITLE, lambda n: "[", tail="\n", cost=_marks, budget=MARK_BUDGET)


def budget_reference_uses() -> str:
    return fill(TITLE + "[r]: https://example.com\n\n", lambda n: "[x][r] ", cost=_marks, budget=MARK_BUDGET)


def budget_checkboxes() -> str:
    return fill(TITLE + "## 📌 Status Tracker\n\n", lambda n: f"- [ ] task {n} see x\n", cost=_marks,
                budget=MARK_BUDGET)


def budget_table() -> str:
    return fill(TITLE + "| a | b |\n|---|---|\n", lambda n: f"| cell {n} | [l](#x{n}) |\n", cost=_marks,
                budget=MARK_BUDGET)


def budget_nested_lists() -> str:
    return fill(TITLE, lambda n: "".join("  " * d + "- item\n" for d in range(n % 400)), cost=_marks,
                budget=MARK_BUDGET)


def budget_numbered_lists() -> str:
    return fill(TITLE, lambda n: "".join("   " * d + "1. item\n" for d in range(n % 50)), cost=_marks,
                budget=MARK_BUDGET)


def budget_issue() -> str:
    return fill("### Prompt\n\nDo it.\n\n", lambda n: f"- [ ] closes #{n} [x](y) `c` **b**\n",
                cost=_marks, budget=MARK_BUDGET)


@dataclass(frozen=True)
class Case:
    command: str  # check-config, check-case-study or check-issue
    file: str
    text: Callable[[], str]


def _cases() -> Iterator[tuple[str, Case]]:
    for make in (unknown_keys, many_agents, many_bad_agents, deep_block, deep_flow, deep_agents, long_list,
                 long_flow_list, long_string, long_key, many_aliases, many_merges, many_documents, many_mcp_servers,
                 budget_bad_agents, budget_deep_flow, budget_flow_list):
        yield f"config: {make.__name__}", Case("check-config", f"massgen/configs/{make.__name__}.yaml", make)
    for make in (huge_table, wide_table, many_headings, nested_lists, nested_quotes, many_links, long_line,
                 emphasis, backticks, unclosed_brackets, unclosed_images, bracket_lines, reference_definitions,
                 reference_uses, front_matter, html_blocks, inline_html, many_images, code_fences,
                 unclosed_fence, checkboxes, placeholders, budget_brackets, budget_reference_uses,
                 budget_checkboxes, budget_table, budget_nested_lists, budget_numbered_lists):
        yield (f"report: {make.__name__}",
               Case("check-case-study", f"docs/source/examples/case_studies/{make.__name__}.md", make))
    for make in (issue_body, issue_spaces, budget_issue):
        yield f"issue: {make.__name__}", Case("check-issue", f"{make.__name__}.md", make)


CASES: dict[str, Case] = dict(_cases())


@dataclass(frozen=True)
class Row:
    case: str
    size: int
    wall: float
    cpu: float
    rss_mb: float
    code: int

    @property
    def ok(self) -> bool:
        return self.cpu < CPU_LIMIT and self.rss_mb < RSS_LIMIT and self.code in (0, 1)


def write_case(name: str, folder: Path) -> Path:
    """The case's file under `folder` (a repository root); returns its path."""
    (folder / ".git").mkdir(exist_ok=True)
    case = CASES[name]
    path = folder / case.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case.text(), encoding="utf-8")
    return path


def command(name: str, executable: str | None = None) -> list[str]:
    case = CASES[name]
    script = executable or str(Path(sys.executable).with_name("policycheck"))
    if case.command == "check-issue":
        return [script, "check-issue", "--body-file", case.file]
    return [script, case.command, case.file]


def measure(name: str, folder: Path) -> Row:
    """Write the case and run its command once in a fresh process: wall, CPU and peak memory."""
    path = write_case(name, folder)
    start = time.perf_counter()
    proc = subprocess.Popen(command(name), cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss = usage.ru_maxrss / (1 << 20 if sys.platform == "darwin" else 1 << 10)
    return Row(name, path.stat().st_size, wall, usage.ru_utime + usage.ru_stime, rss, code)


def table(rows: list[Row]) -> str:
    lines = ["| case | bytes | wall s | CPU s | peak MB | exit | < 2 s, < 200 MB |",
             "|---|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {r.case} | {r.size} | {r.wall:.2f} | {r.cpu:.2f} | {r.rss_mb:.0f} | {r.code} |"
              f" {'ok' if r.ok else 'MISSED'} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    parser.add_argument("--keep", type=Path, help="write the cases into this folder and keep them")
    args = parser.parse_args()
    names = [n for n in CASES if args.only in n]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for name in names:
            rows.append(measure(name, folder))
            print(f"{name}: {rows[-1].cpu:.2f} s CPU", file=sys.stderr, flush=True)
    print(f"{len(rows)} cases, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
