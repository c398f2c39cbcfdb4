"""The Textual app: screens, widgets, the session journal store and the launcher."""
