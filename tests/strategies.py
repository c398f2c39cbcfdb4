"""Hypothesis strategies several test packages share: any action of the contract, and the
blueprints of the case mix (one per source and the mix itself). `tests/` is on the import
path through its conftest, so test modules import this as `strategies`."""

from __future__ import annotations

from hypothesis import strategies as st

from simulator.domain.actions import (
    Ask,
    CheckIn,
    Educate,
    End,
    Observe,
    Palpate,
    Reassess,
    Refer,
    RunTest,
    Treat,
)
from simulator.domain.ids import Observation, Question, Reason, Region, Source, Technique, Topic
from simulator.domain.ids import Test as ExamTest
from simulator.generator.generate import Generator, default_blueprint

GEN = Generator()
BLUEPRINTS = [default_blueprint(None), *(default_blueprint(s) for s in Source)]
ACTIONS = st.one_of(
    st.builds(Ask, question=st.sampled_from(list(Question))),
    st.builds(Observe, what=st.sampled_from(list(Observation))),
    st.builds(Palpate, region=st.sampled_from(list(Region))),
    st.builds(RunTest, test=st.sampled_from(list(ExamTest))),
    st.builds(
        Treat,
        technique=st.sampled_from(list(Technique)),
        region=st.sampled_from(list(Region)),
        pressure=st.integers(1, 5),
        minutes=st.integers(1, 20),
    ),
    st.builds(
        Treat,
        technique=st.sampled_from(list(Technique)),
        region=st.sampled_from(list(Region)),
        pressure=st.integers(1, 5),
        minutes=st.integers(1, 6),
    ),
    st.builds(CheckIn),
    st.builds(Reassess, test=st.sampled_from(list(ExamTest))),
    st.builds(Educate, topic=st.sampled_from(list(Topic))),
    st.builds(Refer, reason=st.sampled_from(list(Reason))),
    st.builds(End),
)
