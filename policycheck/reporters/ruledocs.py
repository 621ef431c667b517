"""A rule's documentation, read from its module docstring: the title line, then paragraphs
labelled What, Why, (Logic,) Fix and Waive, as `policycheck explain` prints them.

The job summary takes each rule's Fix paragraph; SARIF takes the What paragraph and the whole text.
"""
from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass

from policycheck.rules import RULES

# A paragraph that starts with a label ("Fix:", "What (warnings):", "What, per server ...:")
# opens a section; the paragraphs that follow belong to it until the next label.
_LABEL = re.compile(r"(What|Why|Logic|Fix|Waive)\b[^:]*:\s*", re.S)


@dataclass(frozen=True)
class RuleDoc:
    id: str
    summary: str
    text: str  # the whole docstring, as `policycheck explain RULE` prints it
    sections: tuple[tuple[str, str], ...]  # (label, its paragraphs, each joined to one line)

    def section(self, label: str) -> str:
        return "\n\n".join(body for name, body in self.sections if name == label)

    def markdown(self) -> str:
        """The docstring as Markdown: the title line, then each section with its label in bold."""
        parts = [f"**{self.id}**: {self.summary}"]
        parts += [f"**{label}:** {body}" for label, body in self.sections]
        return "\n\n".join(parts)


@functools.cache
def rule_doc(rule_id: str) -> RuleDoc:
    """The docs of a registered rule; for an id the registry lacks, the id alone."""
    module = RULES.get(rule_id)
    if module is None:
        return RuleDoc(rule_id, rule_id, rule_id, ())
    text = inspect.cleandoc(getattr(module, "__doc__", None) or module.SUMMARY)
    return RuleDoc(module.ID, module.SUMMARY, text, _sections(text))


def _sections(text: str) -> tuple[tuple[str, str], ...]:
    sections: list[tuple[str, list[str]]] = []
    for paragraph in text.split("\n\n")[1:]:  # the first is the title line
        match = _LABEL.match(paragraph)
        if match:
            sections.append((match.group(1), []))
            paragraph = paragraph[match.end():]
        if sections:
            sections[-1][1].append(" ".join(paragraph.split()))
    return tuple((label, "\n\n".join(body)) for label, body in sections)
