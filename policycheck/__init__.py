"""policycheck: policy-as-code checks for the MassGen case-study development process."""
from __future__ import annotations

__version__ = "0.1.0"
