"""policy-waiver-expired: a waiver in the policy file has passed its expiry date.

What: a waiver whose `expires` date is before today. It no longer waives anything: the
findings it covered count again, and the waiver itself is reported at its line in the
policy file.

Why: waivers are debts with a due date, not permanent exceptions.

Fix: fix what the waiver covered and delete it, or renew it with a new date and reason.

Waive: `rules: {policy-waiver-expired: off}` (not recommended).
"""
from __future__ import annotations

from policycheck.findings import WARNING

ID = "policy-waiver-expired"
SUMMARY = "waivers must not be past their expiry date"
TARGET = "policy"
SEVERITY = WARNING
check = None  # enforced by the engine when it applies waivers
