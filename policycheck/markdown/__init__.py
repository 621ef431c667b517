"""Markdown documents as data: the case-study document model.

- `model.parse_document(text, path, root) -> CaseStudyDocument`: the public model
  (`doc.title.version`, `doc.headings`/`doc.sections`, `doc.videos`, `doc.config_refs`,
  `doc.commands`, ..., `doc.to_json()` as described by `schemas/case-study-document.schema.json`).
- `positions`: mistune with source lines recovered from its block parser's state.
- `text`: heading keys and HTML comments, without a parse (what the rules import).
- `refs`: video URLs, MassGen commands and config references in text.
- `waivers`: inline `<!-- policycheck: disable=RULE reason="..." -->` comments.
- `target.load_case_study`: the pipeline's loader for kind "case-study"; `target.CaseStudyTarget`
  is what the case-study and issue rules check (the model, the policy section, the profile,
  the inline waivers and the templates).

Importing this package is cheap: mistune is imported only when a document is parsed.
"""
