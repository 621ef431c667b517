"""config-missing-path: files and folders a config names exist.

What (warnings): `orchestrator.context_paths[].path`, `custom_tools[].path` and
`upload_files[].*_path` (image, audio, video, file) that do not exist, resolved against the
repository root (where MassGen is run from). URLs and values with `${VAR}` placeholders are
legitimate and not checked.

Why: MassGen fails at run time (or an agent silently gets no file) when a path is wrong,
typically after a file was moved.

Fix: correct the path, or add the file.

Waive: a waiver for the path in the policy file (e.g. for a template config whose path is a
placeholder).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from policycheck.checking import CheckContext
from policycheck.configs.document import ConfigDocument, dotted
from policycheck.findings import WARNING, Fact
from policycheck.loaders.yaml import YamlPath

ID = "config-missing-path"
SUMMARY = "paths named by a config exist (context_paths, custom_tools, upload_files)"
TARGET = "config"
SEVERITY = WARNING
UPLOAD_KEYS = ("image_path", "audio_path", "video_path", "file_path")


def check(target: ConfigDocument, ctx: CheckContext) -> Iterator[Fact]:
    for path, value in _named_paths(target):
        if not isinstance(value, str) or not value or "${" in value or "://" in value:
            continue
        full = value if os.path.isabs(value) else os.path.join(ctx.root, value)
        if not os.path.exists(full):
            pos = target.value_pos(path)
            yield Fact(f"{dotted(path)}: {value!r} does not exist (resolved against the repository root"
                       f" {ctx.root})", pos.line, pos.column,
                       hint="correct the path (relative to the repository root) or add the file")


def _named_paths(target: ConfigDocument) -> Iterator[tuple[YamlPath, Any]]:
    data = target.data if isinstance(target.data, dict) else {}
    orchestrator = data.get("orchestrator")
    contexts = orchestrator.get("context_paths") if isinstance(orchestrator, dict) else None
    for index, entry in enumerate(contexts if isinstance(contexts, list) else []):
        if isinstance(entry, dict) and "path" in entry:
            yield ("orchestrator", "context_paths", index, "path"), entry["path"]
    for path, backend in target.backends():
        yield from _listed(path, backend.get("custom_tools"), "custom_tools", ("path",))
        yield from _listed(path, backend.get("upload_files"), "upload_files", UPLOAD_KEYS)


def _listed(path: YamlPath, entries: Any, key: str, fields: tuple[str, ...]) -> Iterator[tuple[YamlPath, Any]]:
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict):
            for name in fields:
                if name in entry:
                    yield (*path, key, index, name), entry[name]
