"""Scoring package."""
