"""Foreign-language news to trustworthy English briefings."""

__version__ = "0.1.0"
