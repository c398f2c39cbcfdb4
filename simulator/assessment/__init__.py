"""Graded assessment: exams, per-student variants, journals, grading by replay, reports."""

# The account homePage of xAPI actors and the base of activity ids, unless told otherwise.
DEFAULT_HOMEPAGE = "https://massage-sim.local"
