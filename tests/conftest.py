"""Shared test configuration: Hypothesis profiles.

`ci` is derandomized (the same examples on every run, so a red build is reproducible);
`dev` explores new examples each run. Both keep counts modest so the whole suite stays
within about a minute on two cores. Pick one explicitly with HYPOTHESIS_PROFILE=...
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # sessions replay whole scripts; wall-clock deadlines only add flakes
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}

# derandomized: the example database adds nothing, so CI writes none
settings.register_profile("ci", max_examples=40, derandomize=True, database=None, **_COMMON)
settings.register_profile("dev", max_examples=30, **_COMMON)
settings.register_profile("thorough", max_examples=400, **_COMMON)

settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
