"""Generator package."""
