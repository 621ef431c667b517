"""What MassGen (v0.1.12) accepts in an agent config: backend types, capabilities, MCP limits.

These tables restate MassGen's validator as data. The bundled schema
(`schemas/massgen-config.schema.json`) repeats the backend lists in its `if`/`then` blocks so
that check-jsonschema can use it alone; a test keeps both in step.
"""
from __future__ import annotations

import re

BACKEND_TYPES: tuple[str, ...] = (
    "ag2", "azure_openai", "cerebras", "chatcompletion", "claude", "claude_code", "fireworks",
    "gemini", "grok", "groq", "inference", "lmstudio", "moonshot", "nebius", "openai", "openrouter",
    "poe", "qwen", "sglang", "together", "vllm", "zai",
)
# Backends without a default model: MassGen refuses them without `model`.
MODEL_REQUIRED = frozenset({"chatcompletion", "lmstudio", "vllm", "sglang", "inference", "openrouter", "poe"})
WEB_SEARCH = frozenset({"openai", "claude", "gemini", "grok", "azure_openai"})
CODE_EXECUTION = frozenset({"openai", "claude", "gemini", "azure_openai", "ag2"})
NO_MCP = frozenset({"ag2"})

# --- MCP servers ----------------------------------------------------------------------------
MCP_TRANSPORTS = ("stdio", "streamable-http")
SECURITY_LEVELS = ("strict", "moderate", "permissive")
SERVER_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_SERVER_NAME = 100
MAX_COMMAND_CHARS = 1000
MAX_COMMAND_PARTS = 50
MAX_ARG_CHARS = 500
MAX_URL_CHARS = 2048
MAX_HTTP_TIMEOUT = 300
# Ports of services an MCP URL may not point at (ssh, smtp, dns, databases, remote desktop...).
DANGEROUS_PORTS = frozenset({22, 23, 25, 53, 135, 139, 445, 1433, 1521, 3306, 3389, 5432, 6379})

SHELL_METACHARACTERS = ("&", "|", ";", "`", "$", "(", ")", "<", ">")
_STRICT_EXECUTABLES = frozenset({
    "python", "python3", "py", "uv", "uvx", "pip", "pip3", "pipx", "node", "npm", "npx", "yarn",
    "pnpm", "bun", "deno", "java", "ruby", "go", "rust", "cargo", "fastmcp", "sh", "bash", "zsh",
    "fish", "powershell", "pwsh", "cmd",
})
_VERSIONED_PYTHON = re.compile(r"^python3\.(8|9|1[0-4])$")
EXECUTABLES = {
    "strict": _STRICT_EXECUTABLES,
    "moderate": _STRICT_EXECUTABLES | {"git", "nodejs"},
    "permissive": _STRICT_EXECUTABLES | {"git", "nodejs", "curl", "wget"},
}
WINDOWS_SUFFIXES = (".exe", ".bat", ".cmd", ".ps1")

ENV_DENIED = frozenset({"LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "PYTHONPATH", "PWD", "OLDPWD"})
ENV_DENIED_STRICT = ENV_DENIED | {"PATH", "HOME", "USER", "USERNAME", "SHELL"}
ENV_VALUE_PATTERNS = ("$(", "`", "&", ";", "|")
ENV_PLACEHOLDER = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*\}$")


def executable_allowed(name: str, level: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether an MCP command's executable (base name, Windows suffix stripped) may run."""
    lower = name.lower()
    for suffix in WINDOWS_SUFFIXES:
        if lower.endswith(suffix):
            lower = lower[: -len(suffix)]
            break
    if extra:
        return lower in extra
    return lower in EXECUTABLES.get(level, _STRICT_EXECUTABLES) or bool(_VERSIONED_PYTHON.match(lower))


def env_denied(level: str) -> frozenset[str]:
    """Names refused in an MCP server's env at a security level (MassGen's defaults: an
    unknown level refuses PATH and HOME besides the base set)."""
    if level == "strict":
        return ENV_DENIED_STRICT
    if level in ("moderate", "permissive"):
        return ENV_DENIED
    return ENV_DENIED | {"PATH", "HOME"}
