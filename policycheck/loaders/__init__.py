"""Loaders turn a path into a checkable target, or a LoadFailure that becomes a finding."""
from __future__ import annotations

from policycheck.findings import Fact


class LoadFailure(Exception):
    """A checked file could not be loaded; `rule` and `fact` become one finding."""

    def __init__(self, rule: str, fact: Fact):
        super().__init__(fact.message)
        self.rule, self.fact = rule, fact
