"""Branches and releases: which branch is checked, what it is, and what the policy asks of it.

`context` resolves the branch, base, head, PR text and commits (flags, then the GitHub
Actions event, then pre-commit, then git); `classify` decides release, exempt or feature;
`references` finds case-study issue references; `targets` holds the plain records the
`branch` and `release` rules check; `branch_check` and `release_check` gather them and run
the rules. This package file imports nothing, so that the rule registry can import
`targets` without loading git or the policy.
"""
