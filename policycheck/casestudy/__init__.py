"""Case-study reports and issues: profiles, required sections, placeholders, scaffolding.

The document model lives in `policycheck.markdown`; this package holds what the policy
says about it (`profiles`), the targets the rules check (`targets`), the planning-phase
check used by `check-issue` (`issue.check_issue_body`) and the skeletons `new` writes.
"""
