"""The rule registry: every rule module, listed explicitly, keyed by its stable id.

Rule ids are never reused or deleted. Each module exports ID, SUMMARY, TARGET (what it
checks: file, config, case-study, issue, branch, release, policy), SEVERITY (its default)
and `check(target, ctx)` yielding Facts, or `check = None` when a loader or the engine
enforces it. The module docstring is the rule's documentation (`policycheck explain`).
Rule modules import nothing heavy at module level: this registry is loaded by every command.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from policycheck.findings import Fact
from policycheck.rules import (
    branch_issue_after_branch,
    branch_issue_is_pull_request,
    branch_issue_label,
    branch_issue_not_found,
    branch_issue_planning,
    branch_issue_reference,
    branch_issue_unverified,
    case_study_broken_link,
    case_study_command_config,
    case_study_command_missing,
    case_study_config_invalid,
    case_study_config_missing,
    case_study_placeholder,
    case_study_schema,
    case_study_section_empty,
    case_study_section_missing,
    case_study_unchecked_box,
    config_agent_ids,
    config_backend_capability,
    config_ineffective_key,
    config_mcp_server,
    config_missing_path,
    config_schema,
    config_tool_lists,
    config_unknown_key,
    config_v1_keys,
    file_encoding,
    file_too_large,
    file_unreadable,
    issue_placeholder,
    issue_schema,
    issue_section_content,
    issue_section_empty,
    issue_section_missing,
    issue_waiver,
    markdown_waiver,
    policy_waiver_expired,
    release_report_missing,
    release_report_version,
    release_report_video,
    yaml_duplicate_key,
    yaml_syntax,
)


class RuleModule(Protocol):
    """What every rule module exports (its docstring is its documentation)."""

    ID: str
    SUMMARY: str
    TARGET: str  # file, config, case-study, issue, branch, release, policy
    SEVERITY: str

    # check(target, ctx) typed by its target in each module; None when a loader enforces it.
    @property
    def check(self) -> Callable[[Any, Any], Iterable[Fact]] | None: ...


# --- files and policy (foundation) ---
_FOUNDATION: tuple[RuleModule, ...] = (
    file_unreadable, file_encoding, file_too_large, yaml_syntax, yaml_duplicate_key,
    policy_waiver_expired,
)

# --- MassGen configs (check-config) ---
_CONFIG: tuple[RuleModule, ...] = (
    config_schema, config_v1_keys, config_agent_ids, config_backend_capability, config_mcp_server,
    config_tool_lists, config_unknown_key, config_ineffective_key, config_missing_path,
)

# --- case-study reports and issues (check-case-study, check-issue) ---
_CASE_STUDY: tuple[RuleModule, ...] = (
    case_study_schema, case_study_section_missing, case_study_section_empty, case_study_command_missing,
    case_study_config_missing, case_study_config_invalid, case_study_command_config, case_study_broken_link,
    case_study_placeholder, case_study_unchecked_box, markdown_waiver,
    issue_schema, issue_section_missing, issue_section_empty, issue_section_content, issue_placeholder, issue_waiver,
)

# --- branches and releases (check-branch, check-release) ---
_BRANCH: tuple[RuleModule, ...] = (
    branch_issue_reference, branch_issue_unverified, branch_issue_not_found, branch_issue_is_pull_request,
    branch_issue_label, branch_issue_planning, branch_issue_after_branch,
    release_report_missing, release_report_video, release_report_version,
)

RULES: dict[str, RuleModule] = {m.ID: m for m in (*_FOUNDATION, *_CONFIG, *_CASE_STUDY, *_BRANCH)}


def rules_for(target: str) -> list[RuleModule]:
    """The rules that run on one kind of target, in registry order."""
    return [m for m in RULES.values() if m.TARGET == target and m.check is not None]
