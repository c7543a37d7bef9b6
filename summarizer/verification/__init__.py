"""Verify: what the model proposed, checked against the article in code (quotes, names, dates, formats)."""

from .article import VerifyReport, verify_extraction, verify_with_report
from .names import NameResolver

__all__ = ["NameResolver", "VerifyReport", "verify_extraction", "verify_with_report"]
