"""The rule registry: every rule module, listed explicitly, keyed by its stable id.

Rule ids are never reused or deleted. Each module exports ID, SUMMARY, TARGET (what it
checks: file, config, case-study, issue, branch, release, policy), SEVERITY (its default)
and `check(target, ctx)` yielding Facts, or `check = None` when a loader or the engine
enforces it. The module docstring is the rule's documentation (`policycheck explain`).
Rule modules import nothing heavy at module level: this registry is loaded by every command.
"""
from __future__ import annotations

from types import ModuleType

# --- files and policy (foundation) ---
from policycheck.rules import file_encoding, file_too_large, file_unreadable  # noqa: E402
from policycheck.rules import policy_waiver_expired, yaml_duplicate_key, yaml_syntax  # noqa: E402

_FOUNDATION: tuple[ModuleType, ...] = (
    file_unreadable, file_encoding, file_too_large, yaml_syntax, yaml_duplicate_key,
    policy_waiver_expired,
)

# --- MassGen configs (check-config) ---
_CONFIG: tuple[ModuleType, ...] = ()

# --- case-study reports and issues (check-case-study, check-issue) ---
_CASE_STUDY: tuple[ModuleType, ...] = ()

# --- branches and releases (check-branch, check-release) ---
_BRANCH: tuple[ModuleType, ...] = ()

RULES: dict[str, ModuleType] = {m.ID: m for m in (*_FOUNDATION, *_CONFIG, *_CASE_STUDY, *_BRANCH)}


def rules_for(target: str) -> list[ModuleType]:
    """The rules that run on one kind of target, in registry order."""
    return [m for m in RULES.values() if m.TARGET == target and m.check is not None]
