"""The rule registry: every rule module, listed explicitly, keyed by its stable id.

Rule ids are never reused or deleted. Each module exports ID, SUMMARY, TARGET (what it
checks: file, config, case-study, issue, branch, release, policy), SEVERITY (its default)
and `check(target, ctx)` yielding Facts, or `check = None` when a loader or the engine
enforces it. The module docstring is the rule's documentation (`policycheck explain`).
The modules are imported when first asked for, by area: a config check loads the config
and file rules and never the Markdown or branch machinery the other rules import.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol, cast

from policycheck.findings import Fact


class RuleModule(Protocol):
    """What every rule module exports (its docstring is its documentation)."""

    ID: str
    SUMMARY: str
    TARGET: str  # file, config, case-study, issue, branch, release, policy
    SEVERITY: str

    # check(target, ctx) typed by its target in each module; None when a loader enforces it.
    @property
    def check(self) -> Callable[[Any, Any], Iterable[Fact]] | None: ...


# Each area: the targets its rules check, and its rule modules (module name = id with `_`).
AREAS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    # --- files and policy (foundation) ---
    (("file", "policy", "config"), (  # yaml-duplicate-key checks configs
        "file_unreadable", "file_encoding", "file_too_large", "yaml_syntax", "yaml_duplicate_key",
        "policy_waiver_expired",
    )),
    # --- MassGen configs (check-config) ---
    (("config",), (
        "config_schema", "config_v1_keys", "config_agent_ids", "config_backend_capability", "config_mcp_server",
        "config_tool_lists", "config_unknown_key", "config_ineffective_key", "config_missing_path",
    )),
    # --- case-study reports and issues (check-case-study, check-issue) ---
    (("case-study", "issue"), (
        "case_study_schema", "case_study_section_missing", "case_study_section_empty", "case_study_command_missing",
        "case_study_config_missing", "case_study_config_invalid", "case_study_command_config",
        "case_study_broken_link", "case_study_placeholder", "case_study_unchecked_box", "markdown_waiver",
        "issue_schema", "issue_section_missing", "issue_section_empty", "issue_section_content", "issue_placeholder",
        "issue_waiver",
    )),
    # --- branches and releases (check-branch, check-release) ---
    (("branch", "release"), (
        "branch_issue_reference", "branch_issue_unverified", "branch_issue_not_found", "branch_issue_is_pull_request",
        "branch_issue_label", "branch_issue_planning", "branch_issue_after_branch",
        "release_report_missing", "release_report_video", "release_report_version",
    )),
)


class Registry(Mapping[str, RuleModule]):
    """rule id -> rule module, in registry order; a module is imported when first looked up."""

    def __init__(self, areas: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]) -> None:
        self._names = {name.replace("_", "-"): name for _, names in areas for name in names}
        self._areas = areas
        self._modules: dict[str, RuleModule] = {}

    def __getitem__(self, rule_id: str) -> RuleModule:
        if rule_id not in self._modules:
            module = importlib.import_module(f"{__name__}.{self._names[rule_id]}")
            self._modules[rule_id] = cast(RuleModule, module)
        return self._modules[rule_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._names

    def for_target(self, target: str) -> list[RuleModule]:
        """The rules of the area that checks `target` whose TARGET it is, in registry order."""
        ids = [name.replace("_", "-") for targets, names in self._areas if target in targets for name in names]
        return [module for module in map(self.__getitem__, ids) if module.TARGET == target]


RULES = Registry(AREAS)


def rules_for(target: str) -> list[RuleModule]:
    """The rules that run on one kind of target, in registry order."""
    return [m for m in RULES.for_target(target) if m.check is not None]
