"""`massage-sim new`: a pinned case file with a comment above every field saying what it is.

The case is drawn from a blueprint (the domain.md mix by default) with a seed, so the
scaffold starts from a fair, consistent client; the author then rewrites the persona, the
objectives and the teaching note. The text loads back with `load_case` unchanged.
"""

from __future__ import annotations

import io
import os
import re
import textwrap
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)

from simulator.authoring.loading import SCHEMA_FILE
from simulator.domain.case import Case
from simulator.domain.ids import Source
from simulator.generator.blueprint import Blueprint
from simulator.generator.generate import Generator, default_blueprint
from simulator.knowledge.teaching import TEACHING

COMMENT_WIDTH = 92
TEXT_WIDTH = 88  # long prose (the teaching note) is folded into lines of at most this
FOLDED = frozenset({"teaching_note"})
_ID_CHARS = re.compile(r"[^a-z0-9_\-]+")

# What each field means, keyed by its dotted path in a case file. The tests check that
# every field of the case model has an entry, so the scaffold never leaves one unexplained.
FIELD_HELP: dict[str, str] = {
    "id": "Stable id: lower-case letters, digits, - and _. Transcripts and exams name the "
    "case by it; keep it equal to the file name.",
    "seed": "The seed the case was drawn from (0 for a case written from scratch). The "
    "client's wording of answers is drawn from id and seed: change either and the client "
    "words the same facts differently.",
    "title": "A short title for case lists and exams.",
    "budget_minutes": "Session length in minutes (10-180, default 60). A question costs "
    "about a minute, observation one, palpation and tests two, treatment its minutes.",
    "persona": "What the student sees at the briefing: who the client is and how they talk.",
    "persona.name": "The client's name.",
    "persona.age": "Age in years (16-95).",
    "persona.pronoun": "he, she or they.",
    "persona.occupation": "Job, read back when the student asks about occupation.",
    "persona.sport": "Main sport or activity; the client names it when asked about goals.",
    "persona.training_load": "Training load in the client's words, read back when asked "
    "about training_load (e.g. 'runs four times a week, about 40 km').",
    "persona.style": "How the client talks: plain; stoic (under-reports pain by about a "
    "point); expressive (over-reports by about one and a half); vague (dodges screening "
    "and symptom questions the first time, answers when asked again).",
    "persona.side": "The symptomatic side: left or right.",
    "persona.complaint": "The presenting complaint in the client's own words. It must not "
    "name the hidden source; make it sound like this person.",
    "hidden": "The truth the student reasons towards; shown only in the debrief.",
    "hidden.source": "Primary source of the symptoms: lumbar_radicular, deep_gluteal, "
    "trigger_point, posterior_chain, hip_flexor_pelvic or red_flag (DESIGN section 3).",
    "hidden.secondary": "A contributing source (not red_flag, not the same as source), or "
    "null. Treating it earns credit too.",
    "hidden.irritability": "low, moderate or high: how easily symptoms are provoked and how "
    "long they take to settle; sets the pressure and stretch the client tolerates "
    "(domain.md 5b, 5d).",
    "hidden.nerve_sensitivity": "0-1: how strongly neural tension (stretching, deep "
    "pressure on the nerve path) provokes radiating symptoms. Above 0.5 the deep rotators "
    "and hamstrings take one pressure level less, and warming them does not raise it. For "
    "deep_gluteal keep it above 0.5 only when the pain reaches below the knee.",
    "hidden.red_flag_kind": "For a red_flag source only: cauda_equina, "
    "progressive_weakness or systemic; null otherwise.",
    "hidden.pain": "Pain at the start, NRS 0-10 (domain.md 5b: low 2-3, moderate 4-6, high 7-9).",
    "hidden.reach": "How far down the leg symptoms reach at the start: none, buttock, "
    "thigh, below_knee or foot.",
    "hidden.slr_angle": "Straight-leg-raise angle in degrees (20-90) at the start; "
    "treatment can raise it and reassessment shows the change.",
    "hidden.hip_ir": "Hip internal rotation in degrees (5-50) at the start; under 25 tests "
    "positive.",
    "hidden.trigger_points": "Trigger points palpation can find: each a region and how far "
    "its referral reaches (refers_to). A trigger_point source needs one whose referral "
    "reaches as far as the complaint; beside another source keep it at the buttock.",
    "hidden.driver": "For a posterior_chain client, the link that drives it: hamstrings, calf, "
    "thoracolumbar_fascia or lateral_hip; for a hip_flexor_pelvic client, the tissue the "
    "restriction has overworked: quadratus_lumborum, lumbar, glute_max or glute_med (make it "
    "the tender, dense one in hidden.regions). Left out, any link of the chain counts as "
    "treating the driver, and a hip-flexor plan needs the hip flexors only.",
    "hidden.regions": "Tissue state per region (tone, tenderness, guarding, each 0-1); a "
    "region left out is soft (tone 0.3, tenderness 0.2, guarding 0.2). Tone over 0.6 "
    "palpates dense, tenderness over 0.5 tender, guarding over 0.6 guarded (pinpoint work "
    "there flares more easily until broad work warms it).",
    "findings": "What history, observation, palpation and tests reveal (domain.md 3b). "
    "`massage-sim lint` checks that together they point to the hidden source.",
    "findings.back_pain": "Back pain as well as the leg (the answer to location).",
    "findings.paraesthesia": "Tingling or numbness in the leg (ask numbness).",
    "findings.weakness": "Weakness (ask weakness; observe gait). Outside a red flag it is "
    "an amber nerve-root sign: the student should refer medical_assessment.",
    "findings.cough_sneeze": "Leg pain worse on cough or sneeze (ask cough_sneeze): amber, "
    "the student should refer medical_assessment and stay very gentle.",
    "findings.sitting_worse": "Sitting worse than walking (ask sitting_vs_walking).",
    "findings.night_pain": "Night pain (ask night_pain); a weak flag on its own.",
    "findings.seated_guarding": "Shifts and guards when seated (observe sitting).",
    "findings.slr": "Straight-leg raise reproduces the leg symptoms (test slr).",
    "findings.slump": "Slump test reproduces them (test slump).",
    "findings.fair": "FAIR (flexion, adduction, internal rotation) reproduces buttock and "
    "leg symptoms (test fair).",
    "findings.notch_tender": "Tender at the sciatic notch / deep rotators, reproducing the "
    "buttock pain (palpate deep_rotators).",
    "findings.gluteal_trp": "A gluteal trigger point reproduces familiar pain: evidence "
    "for the likelihoods; what palpation finds is hidden.trigger_points, keep them in step.",
    "findings.hamstring_short": "Short hamstrings (test hamstring_length).",
    "findings.thomas": "Thomas test positive: short hip flexors (test thomas; observe standing).",
    "findings.flexion_leg": "Lumbar flexion brings symptoms into the leg (test "
    "lumbar_flexion; observe forward_bend).",
    "findings.extension": "What lumbar extension does (test lumbar_extension): none, "
    "centralises, peripheralises, local or eases.",
    "findings.disc_history": "A past disc problem (ask history_disc).",
    "findings.injury_history": "A past fall or injury (ask history_injury).",
    "findings.training_spike": "A recent jump in training load (ask training_load).",
    "findings.bilateral": "RED FLAG: symptoms in both legs (ask radiation, numbness).",
    "findings.saddle_numbness": "RED FLAG: saddle numbness (ask saddle_numbness).",
    "findings.bladder_bowel": "RED FLAG: bladder or bowel change (ask bladder_bowel).",
    "findings.cancer_history": "RED FLAG: a history of cancer (ask general_health).",
    "findings.systemic": "RED FLAG: weight loss, fever or feeling unwell (ask general_health).",
    "findings.trendelenburg": "The pelvis drops on single-leg stance (test single_leg_stance; "
    "domain.md 3a).",
    "findings.provoked_by": "How little sets it off, as the client tells it (ask aggravating): "
    "low, moderate or high irritability, or null to leave it unsaid (domain.md 5a-5b).",
    "findings.settles": "How long a flare takes to settle, as the client tells it (ask easing): "
    "low, moderate or high irritability, or null to leave it unsaid (domain.md 5a-5b).",
    "findings.constant_pain": "Constant pain that nothing eases (ask easing, night_pain); "
    "part of the systemic red flag.",
    "findings.weakness_progressive": "RED FLAG: the weakness is getting worse (ask "
    "weakness); with findings.weakness it is the progressive-deficit flag.",
    "findings.hip_ir_restricted": "Hip internal rotation limited (<25 degrees) or painful "
    "(test hip_internal_rotation; domain.md 3a). Keep hidden.hip_ir under 25 when limited.",
    "findings.onset": "How it started (ask onset): gradual, lift_bend, sitting, training or "
    "fall (domain.md 2).",
    "findings.quality": "What it feels like (ask quality): shooting, deep_ache, tight_pull "
    "or band (domain.md 2).",
    "findings.easing": "What eases it most (ask easing): moving, lying, warm_up, "
    "heat_pressure or hips_bent (domain.md 2).",
    "findings.aggravator": "What else sets it off (ask aggravating): none, speed, rising, "
    "side_lying or standing (domain.md 2).",
    "learning_objectives": "What a student should learn from this case, one line each.",
    "teaching_note": "The point of the case for the debrief, in your own words; cite the "
    "seed section it teaches by its heading in double quotes.",
    "course": "Optional: pin what happens between the visits of a course of care (visits, "
    "relief_holds, delayed_flare, irritability, referral_outcome); see docs/authoring.md.",
}

# A draft for a case drawn from a blueprint without objectives or a note: the teaching
# points (knowledge/teaching.py, each paraphrasing a seed section) the source is about.
DRAFT_POINTS: dict[Source, tuple[str, ...]] = {
    Source.LUMBAR_RADICULAR: ("neural_stretch", "amber"),
    Source.DEEP_GLUTEAL: ("deep_rotators", "reproduction"),
    Source.TRIGGER_POINT: ("trigger_points", "good_sore"),
    Source.POSTERIOR_CHAIN: ("posterior_chain", "not_pain_site"),
    Source.HIP_FLEXOR_PELVIC: ("not_pain_site", "movement"),
    Source.RED_FLAG: ("red_flags", "expectations"),
}
DRAFT_OBJECTIVES: dict[Source, tuple[str, ...]] = {
    Source.LUMBAR_RADICULAR: (
        "Ask the questions that point to a nerve root before touching the client.",
        "Keep neural tension out of the plan while the nerve is sensitive.",
    ),
    Source.DEEP_GLUTEAL: (
        "Link a buttock that hates sitting to the deep rotators and test it before treating.",
        "Lighten or broaden the contact when direct work sends pain down the leg.",
    ),
    Source.TRIGGER_POINT: (
        "Find the trigger point that reproduces the familiar pain.",
        "Compress it gradually, checking in, then reassess.",
    ),
    Source.POSTERIOR_CHAIN: (
        "Ask about training load and look along the chain, not only at the sore spot.",
        "Use slow longitudinal work and retest hamstring length.",
    ),
    Source.HIP_FLEXOR_PELVIC: (
        "Connect long sitting and weekend training to hip-flexor restriction.",
        "Test hip-flexor length before treating where it hurts, then reassess.",
    ),
    Source.RED_FLAG: (
        "Screen for red flags early in the interview.",
        "Refer and do not treat; explain why calmly and without alarm.",
    ),
}


def scaffold_case(
    blueprint: Blueprint | None = None,
    seed: int = 0,
    source: Source | None = None,
    case_id: str | None = None,
) -> Case:
    """A case drawn from `blueprint` (default: the mix) with `source` pinned if given, its id
    set to `case_id`, and draft objectives and a note when the blueprint has none."""
    if blueprint is None:
        blueprint = default_blueprint(source)
    elif source is not None:
        blueprint = blueprint.model_copy(update={"source": source})
    case = Generator().generate(blueprint, seed)
    update: dict[str, Any] = {}
    if case_id:
        update["id"] = case_id
    if not case.learning_objectives:
        update["learning_objectives"] = DRAFT_OBJECTIVES[case.hidden.source]
    if not case.teaching_note.strip():
        update["teaching_note"] = draft_note(case.hidden.source)
    return case.model_copy(update=update) if update else case


def draft_note(source: Source) -> str:
    """A note made of the source's teaching points, grouped under the seed heading each
    paraphrases."""
    sections: dict[str, list[str]] = {}
    for point in DRAFT_POINTS[source]:
        sections.setdefault(TEACHING[point].seed_section, []).append(TEACHING[point].text)
    parts = [f'"{heading}": {" ".join(texts)}' for heading, texts in sections.items()]
    return "Draft from the teaching points; rewrite it for this client. " + " ".join(parts)


def id_from_path(path: Path) -> str | None:
    """A valid case id from a file name (`DG Cyclist.yaml` -> `dg-cyclist`), or None."""
    candidate = _ID_CHARS.sub("-", path.stem.lower()).strip("-_")
    return candidate or None


def schema_reference(out: Path | None) -> str:
    """The modeline's schema path: the nearest massage-sim-schema.json at or above the
    output folder, relative to it; otherwise the bare file name."""
    if out is None:
        return SCHEMA_FILE
    folder = out.resolve().parent
    for parent in (folder, *folder.parents):
        candidate = parent / SCHEMA_FILE
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return SCHEMA_FILE


def case_to_commented_yaml(case: Case, schema: str = SCHEMA_FILE, origin: str = "") -> str:
    """The case as YAML with a comment above every field; `load_case` reads it back equal."""
    data = case.model_dump(mode="json")
    tree = _commented(data, "", 0)
    header = [
        f"# yaml-language-server: $schema={schema}",
        f"# Editor completion: massage-sim schema > {schema}",
        "#",
    ]
    if origin:
        header.append(f"# Scaffolded by `{origin}`; every value is pinned.")
    header += [
        "# Edit the persona, objectives and teaching note, then check and play-test it:",
        "#   massage-sim validate FILE && massage-sim lint FILE && massage-sim play --case FILE",
        "",
    ]
    writer = YAML(typ="rt")
    writer.default_flow_style = False
    writer.allow_unicode = True
    writer.width = 4096
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.representer.add_representer(type(None), _represent_none)
    buffer = io.StringIO()
    writer.dump(tree, buffer)
    return "\n".join(header) + buffer.getvalue()


def _commented(value: Any, path: str, depth: int) -> Any:
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            out[key] = _commented(item, child, depth + 1)
            help_text = FIELD_HELP.get(child)
            if help_text:
                indent = 2 * depth
                lines = textwrap.wrap(help_text, COMMENT_WIDTH - indent - 2)
                out.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=indent)
        return out
    if isinstance(value, list | tuple):
        seq = CommentedSeq()
        for item in value:
            seq.append(_commented(item, path, depth + 1))
        return seq
    if isinstance(value, str) and not all(ch == "\n" or ch.isprintable() for ch in value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and path in FOLDED and len(value) > TEXT_WIDTH:
        return _folded(value)
    return value


def _folded(text: str) -> str:
    """A `>-` block folded at spaces; only for text whose spacing folding cannot change."""
    if text != " ".join(text.split()):
        return text
    folded = FoldedScalarString(text)
    positions: list[int] = []
    start = 0
    while len(text) - start > TEXT_WIDTH:
        cut = text.rfind(" ", start, start + TEXT_WIDTH)
        if cut <= start:
            break
        positions.append(cut)
        start = cut + 1
    folded.fold_pos = positions
    result: str = folded
    return result


def _represent_none(representer: RoundTripRepresenter, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")
