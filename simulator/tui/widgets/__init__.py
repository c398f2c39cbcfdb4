"""One file per reusable widget."""
