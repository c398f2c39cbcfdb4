"""Tests of the massage-sim command line, through the real entry point."""
