"""Case-study reports and issues: profiles, required sections, placeholders, scaffolding.

The document model and the target the rules check live in `policycheck.markdown`; this
package holds what the policy says about them (`profiles`), what several case-study and
issue rules share (`checks`, `placeholders`, `schema_check`; each rule's own logic is in its
module under `policycheck.rules`), the planning-phase check used by `check-issue`
(`issue.check_issue_body`) and the skeletons `new` writes (`scaffold`).
"""
