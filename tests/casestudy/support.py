"""Helpers for the case-study tests: a tiny MassGen-shaped repository with one valid config
and a report that passes every rule (rule tests change one thing and assert the one finding)."""
from __future__ import annotations

import textwrap
from pathlib import Path

from rules.support import repository

CONFIG = """\
agents:
  - id: researcher
    backend:
      type: openai
      model: gpt-4o-mini
  - id: reviewer
    backend:
      type: claude
      model: claude-3-5-haiku-latest
"""

REPORTS = "docs/source/examples/case_studies"

GOOD_REPORT = textwrap.dedent("""\
    # MassGen v0.1.9: Two Agents Plan a City Day

    <h1 id="planning-phase">📋 PLANNING PHASE</h1>

    ### Prompt

    ```
    Plan one day in Lisbon for a first-time visitor.
    ```

    ### Baseline Config

    [two_agents.yaml](../../../../massgen/configs/basic/two_agents.yaml)

    ### Baseline Command

    ```bash
    massgen --config @examples/basic/two_agents "Plan one day in Lisbon"
    ```

    ### Results & Failure Modes

    The agents agreed too early and skipped opening hours.

    ### Success Criteria

    Every stop in the plan is open at the planned time.

    <h2 id="desired-features">🎯 Desired Features</h2>

    - Opening-hours lookups during coordination.

    <h1 id="testing-phase">🚀 TESTING PHASE</h1>

    ### Version

    MassGen v0.1.9

    ### New Config

    Same as the baseline: `massgen/configs/basic/two_agents.yaml`.

    <h2 id="demo">🎥 Demo</h2>

    [![Demo](https://img.youtube.com/vi/abcdefghijk/0.jpg)](https://www.youtube.com/watch?v=abcdefghijk)

    ## Results

    Both agents checked opening hours before voting.

    <h2 id="conclusion">🎯 Conclusion</h2>

    Lookups during coordination fixed the failure.

    <h3 id="status-tracker">📌 Status Tracker</h3>

    - [x] Planning phase completed
    - [✓] Demo recorded
    - ✅ Case study reviewed
    """)

# A case-study issue body that passes every issue rule (the issue template's headings).
GOOD_ISSUE = textwrap.dedent("""\
    ## Context and Motivation
    Agents repeat the same web searches in every round; for MassGen to improve itself it must
    reuse what it already found.

    ## 📝 Evaluation Design

    ### Prompt
    ```
    Compare three Python web frameworks for a small team.
    ```

    ### Baseline Config
    `massgen/configs/basic/two_agents.yaml`

    ### Baseline Command
    ```bash
    uv run massgen --config massgen/configs/basic/two_agents.yaml "Compare three Python web frameworks"
    ```

    ## 🔧 Evaluation Analysis

    ### Results & Failure Modes
    Both agents searched for the same pages in every round and ran out of budget.

    ### Success Criteria
    Searches are shared between rounds and the answer cites each framework's docs.
    """)


def make_repo(root: Path) -> Path:
    """A repository root (it has .git) with one valid config and an empty report folder."""
    (root / ".git").mkdir()
    config = root / "massgen" / "configs" / "basic" / "two_agents.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(CONFIG, encoding="utf-8")
    (root / REPORTS).mkdir(parents=True)
    return root


def write_report(repo: Path, text: str, name: str = "report.md") -> Path:
    path = repo / REPORTS / name
    path.write_text(text, encoding="utf-8")
    return path


def report_repository(root: Path, report: str) -> Path:
    """A repository (rules.support.repository) holding the demo config and `report` at
    REPORTS/r.md, as the case-study rule tests check it."""
    return repository(root, {"massgen/configs/basic/two_agents.yaml": CONFIG, f"{REPORTS}/r.md": report})
