"""One file per screen (and per modal dialog)."""
