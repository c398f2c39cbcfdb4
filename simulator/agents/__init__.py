"""Reference policies that drive the engine as a student would: expert, routines, random."""

# The adversary suite's training defaults, here so the CLI can show them without importing
# the agents (start-up time): the N >= 120 debriefs, and a search that keeps
# `evaluate --count 500 --adversaries` within a few minutes on one core.
TRAIN_CASES = 120
SEARCH_CASES = 60
SEARCH_ITERATIONS = 300
# The course lengths (knowledge/course.py owns them; repeated here so the CLI's help does
# not import the engine): tests/agents checks they agree.
VISITS_DEFAULT = 3
VISITS_MIN = 2
VISITS_MAX = 4
