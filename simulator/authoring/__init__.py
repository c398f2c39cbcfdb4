"""Authoring package."""
