"""Every id of the action vocabulary and the hidden state, defined once (DESIGN section 4)."""

from __future__ import annotations

from enum import StrEnum


class Source(StrEnum):
    LUMBAR_RADICULAR = "lumbar_radicular"
    DEEP_GLUTEAL = "deep_gluteal"
    TRIGGER_POINT = "trigger_point"
    POSTERIOR_CHAIN = "posterior_chain"
    HIP_FLEXOR_PELVIC = "hip_flexor_pelvic"
    RED_FLAG = "red_flag"


class Irritability(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Style(StrEnum):
    """How the client talks: stoic under-reports, expressive over-reports, vague needs follow-up."""

    PLAIN = "plain"
    STOIC = "stoic"
    EXPRESSIVE = "expressive"
    VAGUE = "vague"


class RedFlagKind(StrEnum):
    CAUDA_EQUINA = "cauda_equina"
    PROGRESSIVE_WEAKNESS = "progressive_weakness"
    SYSTEMIC = "systemic"


class Question(StrEnum):
    ONSET = "onset"
    LOCATION = "location"
    RADIATION = "radiation"
    QUALITY = "quality"
    AGGRAVATING = "aggravating"
    EASING = "easing"
    SITTING_VS_WALKING = "sitting_vs_walking"
    COUGH_SNEEZE = "cough_sneeze"
    HISTORY_DISC = "history_disc"
    HISTORY_INJURY = "history_injury"
    TRAINING_LOAD = "training_load"
    OCCUPATION = "occupation"
    NUMBNESS = "numbness"
    WEAKNESS = "weakness"
    BLADDER_BOWEL = "bladder_bowel"
    SADDLE_NUMBNESS = "saddle_numbness"
    NIGHT_PAIN = "night_pain"
    GENERAL_HEALTH = "general_health"
    PAIN_RATING = "pain_rating"
    PREVIOUS_TREATMENT = "previous_treatment"
    GOALS = "goals"


class Observation(StrEnum):
    SITTING = "sitting"
    STANDING = "standing"
    GAIT = "gait"
    FORWARD_BEND = "forward_bend"


class Region(StrEnum):
    LUMBAR = "lumbar"
    QUADRATUS_LUMBORUM = "quadratus_lumborum"
    THORACOLUMBAR_FASCIA = "thoracolumbar_fascia"
    GLUTE_MAX = "glute_max"
    GLUTE_MED = "glute_med"
    GLUTE_MIN = "glute_min"
    DEEP_ROTATORS = "deep_rotators"
    HAMSTRINGS = "hamstrings"
    CALF = "calf"
    LATERAL_HIP = "lateral_hip"
    HIP_FLEXORS = "hip_flexors"


# The links of the posterior chain (seed: "the hamstrings, calf, thoracolumbar fascia, and
# lateral hip"); one of them drives a chain client (`Hidden.driver`).
CHAIN_LINKS: tuple[Region, ...] = (
    Region.HAMSTRINGS,
    Region.CALF,
    Region.THORACOLUMBAR_FASCIA,
    Region.LATERAL_HIP,
)

# The tissues a hip-flexor restriction overloads (seed: "hip flexor restriction, reduced
# pelvic mobility, and overworked lumbar and gluteal tissues"; domain.md 2: "buttock
# tension from overworked glutes"); one of them carries a hip-flexor client's symptoms.
OVERWORKED_TISSUES: tuple[Region, ...] = (
    Region.QUADRATUS_LUMBORUM,
    Region.LUMBAR,
    Region.GLUTE_MAX,
    Region.GLUTE_MED,
)

# The sources whose clients differ in one tissue only palpation finds (`Hidden.driver`):
# which link drives a chain client, which tissue a hip-flexor restriction has overworked.
DRIVER_TISSUES: dict[Source, tuple[Region, ...]] = {
    Source.POSTERIOR_CHAIN: CHAIN_LINKS,
    Source.HIP_FLEXOR_PELVIC: OVERWORKED_TISSUES,
}


class Test(StrEnum):
    SLR = "slr"
    SLUMP = "slump"
    FAIR = "fair"
    HIP_INTERNAL_ROTATION = "hip_internal_rotation"
    THOMAS = "thomas"
    HAMSTRING_LENGTH = "hamstring_length"
    LUMBAR_FLEXION = "lumbar_flexion"
    LUMBAR_EXTENSION = "lumbar_extension"
    PAIN_RATING = "pain_rating"
    # added after the first release (DESIGN section 4: new ids join, old ones keep meaning)
    SINGLE_LEG_STANCE = "single_leg_stance"  # Trendelenburg sign (domain.md 3a)
    NEURO_SCREEN = "neuro_screen"  # myotomes, reflexes and dermatomes by root (domain.md 3a)


class Technique(StrEnum):
    EFFLEURAGE = "effleurage"
    COMPRESSION = "compression"
    PETRISSAGE = "petrissage"
    FRICTION = "friction"
    SUSTAINED_PRESSURE = "sustained_pressure"
    STRIPPING = "stripping"
    TRIGGER_POINT = "trigger_point"
    MYOFASCIAL = "myofascial"
    PASSIVE_MOVEMENT = "passive_movement"
    CONTRACT_RELAX = "contract_relax"
    STRETCH = "stretch"


class Topic(StrEnum):
    EXPECTATIONS = "expectations"
    SELF_CARE = "self_care"
    REFERRAL_REASON = "referral_reason"
    # home advice that fits some sources and harms others (simulator.knowledge.course)
    STRETCHING = "stretching"
    PACING = "pacing"


class Reason(StrEnum):
    """Why a client is referred; the medical reasons carry urgency (domain.md section 4)."""

    RED_FLAG = "red_flag"  # emergency: a doctor today, hands-on work stops
    MEDICAL_ASSESSMENT = "medical_assessment"  # prompt medical review; work stays gentle
    OUTSIDE_SCOPE = "outside_scope"
    URGENT = "urgent"  # urgent medical review within days (progressive deficit, infection)


class Effect(StrEnum):
    RELIEF = "relief"
    NEUTRAL = "neutral"
    GOOD_SORE = "good_sore"
    FLARE = "flare"


class Fit(StrEnum):
    """How a treatment relates to what drives this client, as the engine judges it."""

    OFF_TARGET = "off_target"  # tissue that is not part of this problem
    PREPARING = "preparing"  # broad work over the layers above the key tissue
    SECONDARY = "secondary"  # tissue of the secondary contributor
    PRIMARY = "primary"  # tissue this source responds to
    KEY = "key"  # the most effective technique on the tissue that drives it


class Sensation(StrEnum):
    NONE = "none"
    PRESSURE = "pressure"
    GOOD_SORE = "good_sore"
    SHARP = "sharp"
    RADIATING = "radiating"
    TINGLING = "tingling"
    NUMB = "numb"


class Reach(StrEnum):
    """How far down the leg symptoms go, in order; the index is the distance."""

    NONE = "none"
    BUTTOCK = "buttock"
    THIGH = "thigh"
    BELOW_KNEE = "below_knee"
    FOOT = "foot"

    @property
    def level(self) -> int:
        return REACH_ORDER.index(self)


REACH_ORDER: tuple[Reach, ...] = tuple(Reach)
PRESSURE_MIN, PRESSURE_MAX = 1, 5
MINUTES_MIN, MINUTES_MAX = 1, 20


class ActionKind(StrEnum):
    """The kinds of action, in the order menus and the help list them."""

    ASK = "ask"
    OBSERVE = "observe"
    PALPATE = "palpate"
    TEST = "test"
    TREAT = "treat"
    CHECK_IN = "check_in"
    REASSESS = "reassess"
    EDUCATE = "educate"
    REFER = "refer"
    IMPRESSION = "impression"
    END = "end"
    VISIT = "visit"  # courses only: the next visit
