"""A MassGen config as a checkable target: plain data plus positions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from policycheck.findings import Fact
from policycheck.loaders import LoadFailure
from policycheck.loaders.files import TextFile
from policycheck.loaders.yaml import YamlDocument, parse_yaml


@dataclass
class ConfigDocument:
    path: str
    doc: YamlDocument

    @property
    def data(self) -> Any:
        return self.doc.data


def load_config(text: TextFile, ctx: Any) -> ConfigDocument:
    doc = parse_yaml(text.text)
    if doc.data is None:
        raise LoadFailure("yaml-syntax", Fact("empty config: the file holds no YAML document",
                                              hint="a config needs at least `agents:` or `agent:`"))
    return ConfigDocument(text.path, doc)
