"""config-backend-capability: a backend only turns on what its type supports.

What: `enable_web_search: true` on a backend other than openai, claude, gemini, grok or
azure_openai; `enable_code_execution: true` or `enable_code_interpreter: true` other than on
openai, claude, gemini, azure_openai or ag2; a non-empty `mcp_servers` on an ag2 backend.
Reported at the key. The lists live in the schema's `if`/`then` blocks on `backend.type`.

Why: MassGen refuses such a config at start-up ("does not support ...").

Logic: the schema pass in policycheck/configs/schema_check.py (the backend's `if`/`then` blocks).

Fix: remove the key (or set it to false), or pick a backend type that has the capability.

Waive: a waiver for the path in the policy file.
"""
from __future__ import annotations

from collections.abc import Iterator

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument
from policycheck.configs.schema_check import facts_for
from policycheck.findings import ERROR, Fact

ID = "config-backend-capability"
SUMMARY = "web search, code execution and MCP only on backends that support them"
TARGET = "config"
SEVERITY = ERROR


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    yield from facts_for(target, ID)
