"""What each visible step reveals: which finding a yes/no answer, a sign or a test informs
(the rows of simulator.knowledge.likelihoods), how a client's manner shifts the pain they
report, and which tests provoke symptoms (domain.md sections 3 and 5a)."""

from __future__ import annotations

from simulator.domain.ids import Observation, Question, Style, Test

# which likelihood row a clear yes/no answer informs
QUESTION_FINDING: dict[Question, str] = {
    Question.COUGH_SNEEZE: "cough_sneeze",
    Question.HISTORY_DISC: "disc_history",
    Question.HISTORY_INJURY: "injury_history",
    Question.TRAINING_LOAD: "training_spike",
    Question.SITTING_VS_WALKING: "sitting_worse",
    Question.NIGHT_PAIN: "night_pain",
    Question.NUMBNESS: "paraesthesia",
    Question.WEAKNESS: "weakness",
}
TEST_FINDING: dict[Test, str] = {
    Test.HIP_INTERNAL_ROTATION: "hip_ir_restricted",
    Test.SLR: "slr",
    Test.SLUMP: "slump",
    Test.FAIR: "fair",
    Test.THOMAS: "thomas",
    Test.HAMSTRING_LENGTH: "hamstring_short",
    Test.LUMBAR_FLEXION: "flexion_leg",
    Test.SINGLE_LEG_STANCE: "trendelenburg",
    Test.NEURO_SCREEN: "weakness",
}
OBSERVATION_FINDING: dict[Observation, str] = {
    Observation.SITTING: "seated_guarding",
    Observation.FORWARD_BEND: "flexion_leg",
}
# Stoic clients under-report and expressive clients over-report pain (DESIGN section 3):
# NRS points added to the true pain when they rate it.
REPORTING_BIAS: dict[Style, float] = {Style.STOIC: -1.0, Style.EXPRESSIVE: 1.5}
# Tests that provoke the symptoms they look for; severity and irritability set how many of
# them an examination can afford (domain.md 5a).
PROVOCATION_TESTS = frozenset({Test.SLR, Test.SLUMP, Test.FAIR, Test.LUMBAR_FLEXION})
# On a highly irritable client, more provocation tests than this is examining too vigorously.
PROVOCATION_LIMIT_HIGH = 2
