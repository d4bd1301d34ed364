"""The shape of every content file, one pydantic model per ``kind``.

Each model also declares which lists need unique ids (``unique_ids``) and which
fields must name an id from another list in the same file (``references``);
the loader checks both and reports the exact place of a mistake.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=60),
    Field(description="lowercase letters, digits and underscores, starting with a letter"),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContentFile(Strict):
    schema_version: int
    kind: str

    # list field -> "id" must be unique inside it
    unique_ids: ClassVar[tuple[str, ...]] = ()
    # (list field, item field) -> list field whose ids it must name
    references: ClassVar[dict[tuple[str, str], str]] = {}

    def content_problems(self) -> list[tuple[tuple[Any, ...], str]]:
        """Mistakes in what the content teaches that field checks cannot see, as
        (place, problem) pairs; the loader adds the file and line."""
        return []


# --- welcome -----------------------------------------------------------------


class WelcomeFile(ContentFile):
    kind: Literal["welcome"]
    title: Text
    intro: Text
    lessons: list[Text] = Field(min_length=1)
    privacy: Text
    stage_blurbs: dict[
        Literal["self_assessment", "alternative_careers", "interview", "action_plan"], Text
    ]


# --- stage 1 -----------------------------------------------------------------


class Category(Strict):
    id: Id
    name: Text
    description: Text


class Skill(Strict):
    id: Id
    name: Text
    category: Id
    description: Text


class SkillsFile(ContentFile):
    kind: Literal["skills"]
    attribution: Text | None = None
    categories: list[Category] = Field(min_length=1)
    skills: list[Skill] = Field(min_length=1)

    unique_ids = ("categories", "skills")
    references = {("skills", "category"): "categories"}


class ScaleLevel(Strict):
    value: int = Field(ge=1, le=10)
    label: Text


class Option(Strict):
    id: Id
    label: Text


class ComfortZone(Strict):
    question: Text
    options: list[Option] = Field(min_length=2)
    stretch_prompt: Text
    stretch_placeholder: Text = "Write one thing..."


class Prompt(Strict):
    id: Id
    label: Text
    help: Text
    placeholder: Text = "Write here..."


class Postmortem(Strict):
    intro: Text
    prompts: list[Prompt] = Field(min_length=1)
    feedback_tips_title: Text
    feedback_tips: list[Text] = Field(min_length=1)


class SelfAssessmentFile(ContentFile):
    kind: Literal["self_assessment"]
    title: Text
    intro: Text
    rating_scale: list[ScaleLevel] = Field(min_length=2, max_length=10)
    strength_min: int = Field(ge=1, description="a rating at or above this is a strength")
    growth_max: int = Field(ge=1, description="a rating at or below this is a growth area")
    comfort_zone: ComfortZone
    postmortem: Postmortem
    text_limit: int = Field(default=3000, ge=100, le=20000)
    group_minimum: int = Field(
        default=3, ge=2, description="people who must have rated before a group average shows"
    )

    @model_validator(mode="after")
    def _scale_is_consecutive(self) -> SelfAssessmentFile:
        values = [level.value for level in self.rating_scale]
        if values != list(range(1, len(values) + 1)):
            raise ValueError(f"rating_scale values must be 1, 2, 3... in order; got {values}")
        if not self.growth_max < self.strength_min <= values[-1]:
            raise ValueError(
                "growth_max must be below strength_min, and strength_min at most "
                f"{values[-1]} (the top of rating_scale)"
            )
        return self


# --- stage 2 -----------------------------------------------------------------


class Industry(Strict):
    id: Id
    name: Text


INTEREST_AREAS = (
    "realistic",
    "investigative",
    "artistic",
    "social",
    "enterprising",
    "conventional",
)
InterestArea = Literal[
    "realistic", "investigative", "artistic", "social", "enterprising", "conventional"
]
EMPLOYER_TYPES = ("startup", "small_business", "large_company", "nonprofit", "public_sector")
EmployerType = Literal["startup", "small_business", "large_company", "nonprofit", "public_sector"]


class Requirements(Strict):
    """What it takes to be hired: ``none`` beyond the job's usual schooling, a specific
    ``program`` (a college course in the trade), a ``credential`` (a certificate an
    employer asks for) or a ``registration`` with a regulatory body."""

    kind: Literal["none", "program", "credential", "registration"]
    note: Text | None = None


class Role(Strict):
    id: Id
    title: Text
    industry: Id
    level: Literal["internship", "entry"]
    noc: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = None
    description: Text
    skills: dict[Id, Annotated[int, Field(ge=1, le=3)]] = Field(min_length=1)
    interests: list[InterestArea] = Field(
        default=[], max_length=3, description="the role's two or three Holland (RIASEC) areas"
    )
    employers: list[EmployerType] = Field(default=[], description="kinds of employer that hire")
    requirements: Requirements | None = None

    @field_validator("interests", "employers", mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        """``social enterprising`` is the same as ``[social, enterprising]``."""
        return value.split() if isinstance(value, str) else value

    @field_validator("interests", "employers")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        repeated = sorted({item for item in value if value.count(item) > 1})
        if repeated:
            raise ValueError(f"lists {', '.join(repeated)} more than once")
        return value

    @property
    def teer(self) -> int | None:
        """The NOC 2021 TEER category (0-5): the second digit of the code."""
        return int(self.noc[1]) if self.noc else None


class RolesFile(ContentFile):
    kind: Literal["roles"]
    attribution: Text
    industries: list[Industry] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)

    unique_ids = ("industries", "roles")
    references = {("roles", "industry"): "industries"}


class IdeaBoardSettings(Strict):
    title: Text
    intro: Text
    idea_label: Text
    idea_placeholder: Text
    role_label: Text
    industry_label: Text
    first_step_label: Text
    votes_per_student: int = Field(ge=1, le=20)
    refresh_seconds: float = Field(default=3, ge=1, le=60)


class AlternativeCareersFile(ContentFile):
    kind: Literal["alternative_careers"]
    title: Text
    intro: Text
    field_question: Text
    suggestions: int = Field(default=5, ge=1, le=20, description="roles in each set")
    close_title: Text
    close_intro: Text
    close_intro_no_field: Text | None = Field(
        default=None,
        description="close_intro when no field is chosen; {industry} is the field shown",
    )
    stretch_title: Text
    stretch_intro: Text
    board: IdeaBoardSettings


class InterestItem(Strict):
    id: Id
    text: Text


class InterestAreaInfo(Strict):
    id: InterestArea
    name: Text
    description: Text
    summary: Text = Field(description="finishes 'You lean towards ... work:'; a short phrase")
    items: list[InterestItem] = Field(min_length=1)


class InterestsFile(ContentFile):
    """The interests profile of stage 1: the six Holland (RIASEC) areas, each with a
    few "I would enjoy..." items rated on the skills' scale."""

    kind: Literal["interests"]
    title: Text
    intro: Text
    attribution: Text
    levels: list[Text] | None = Field(
        default=None, description="words for each level (1..5); the skills' words if left out"
    )
    areas: list[InterestAreaInfo] = Field(min_length=6, max_length=6)

    unique_ids = ("areas",)

    @model_validator(mode="after")
    def _six_areas_unique_items(self) -> InterestsFile:
        ids = [area.id for area in self.areas]
        if sorted(ids) != sorted(INTEREST_AREAS):
            missing = [a for a in INTEREST_AREAS if a not in ids]
            raise ValueError(
                "areas must be the six Holland areas, each once "
                f"({', '.join(INTEREST_AREAS)}); missing {', '.join(missing) or 'none'}"
            )
        seen: dict[str, str] = {}
        for index, area in enumerate(self.areas):
            for item in area.items:
                if item.id in seen:
                    raise ValueError(
                        f"the item id '{item.id}' in areas[{index}] ({area.id}) is already "
                        f"used in {seen[item.id]}; item ids must be unique across areas"
                    )
                seen[item.id] = area.id
        return self


# --- stage 3 -----------------------------------------------------------------


class Topic(Strict):
    id: Id
    name: Text


class Source(Strict):
    """Where a piece of advice comes from: the law or office that says so, and the day
    someone checked it against that source."""

    name: Text = Field(description="the law, office or guide, such as 'Ontario Human Rights Code'")
    checked: date = Field(description="the day it was last checked, as 2026-12-03")

    @property
    def label(self) -> str:
        return f"Source: {self.name} (checked {self.checked.day} {self.checked:%B %Y})."


class Statement(Strict):
    id: Id
    topic: Id
    text: Text
    answer: Literal["do", "dont"]
    why: Text
    source: Source | None = None


class InterviewStatementsFile(ContentFile):
    kind: Literal["interview_statements"]
    topics: list[Topic] = Field(min_length=1)
    statements: list[Statement] = Field(min_length=1)

    unique_ids = ("topics", "statements")
    references = {("statements", "topic"): "topics"}


class Choice(Strict):
    text: Text
    best: bool
    feedback: Text


class Scenario(Strict):
    id: Id
    title: Text
    situation: Text
    choices: list[Choice] = Field(min_length=3, max_length=4)
    source: Source | None = None

    @model_validator(mode="after")
    def _one_best(self) -> Scenario:
        best = sum(choice.best for choice in self.choices)
        if best != 1:
            raise ValueError(f"exactly one choice must have best: true; found {best}")
        return self


# The most scenarios, as a share of the file, whose best choice may sit in one place.
BEST_PLACE_SHARE = 0.4


class InterviewScenariosFile(ContentFile):
    kind: Literal["interview_scenarios"]
    scenarios: list[Scenario] = Field(min_length=1)

    unique_ids = ("scenarios",)

    def content_problems(self) -> list[tuple[tuple[Any, ...], str]]:
        """The best choice must not sit in one place (first, second...) in more than
        40% of the scenarios: a student who reads the file order, or sees it unshuffled,
        would learn the pattern instead of the lesson."""
        total = len(self.scenarios)
        allowed = max(1, int(total * BEST_PLACE_SHARE))
        at: dict[int, list[int]] = {}
        for index, scenario in enumerate(self.scenarios):
            place = next(i for i, choice in enumerate(scenario.choices) if choice.best)
            at.setdefault(place, []).append(index)
        problems = []
        for place, indexes in sorted(at.items()):
            if len(indexes) <= allowed:
                continue
            to_move = [self.scenarios[i].id for i in indexes[allowed:]]
            problems.append(
                (
                    ("scenarios", indexes[allowed], "choices"),
                    f"the best choice is choice {'ABCD'[place]} (number {place + 1} in its "
                    f"list) in {len(indexes)} of {total} scenarios "
                    f"({len(indexes) / total:.0%}); no place may hold it in more than "
                    f"{BEST_PLACE_SHARE:.0%} ({allowed} of {total}), or students learn the "
                    f"pattern. Move the choice with 'best: true' to another place in "
                    f"{len(to_move)} of them: {', '.join(to_move)}",
                )
            )
        return problems


class StarQuestion(Strict):
    id: Id
    category: Id
    text: Text
    hint: Text
    result_kind: Literal["measure", "lesson"] = Field(
        default="measure",
        description="what the Result must show: a measure (a number, a before/after), or, "
        "for failure and conflict stories, a lesson (what changed in how the student works)",
    )


PARTS = ("situation", "task", "action", "result")


class Filler(Strict):
    """A filler or hedging phrase, and the words around it that make it a plain word.

    ``kind of`` is hedging in "I kind of led it" but not in "what kind of help";
    ``not_after: what ...`` says so. Commas count: ``", like,"`` is filler where
    "like" alone is a verb or a comparison.
    """

    phrase: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    not_after: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = []
    not_before: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = []

    @field_validator("not_after", "not_before", mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        """A line of words separated by spaces is the same as a list of them."""
        return value.split() if isinstance(value, str) else value


def _filler(entry: object) -> object:
    return {"phrase": entry} if isinstance(entry, str) else entry


def _default_fillers() -> list[Filler]:
    return [Filler.model_validate(_filler(entry)) for entry in DEFAULT_FILLERS]


# The kit's own list is in exercises/star_questions.yaml; this is the same, for a
# content folder whose star_questions file has no rules block.
DEFAULT_FILLERS: list[str | dict] = yaml.safe_load("""
- um
- uh
- erm
- like, um
- like, uh
- phrase: like,
  not_after: i you we they he she would i'd we'd to really also do did don't didn't not
    might
- you know what I mean
- phrase: you know
  not_after: do did don't didn't if as let will would
  not_before: how what that the a an it him her them about where when why who if whether
    this my our your their his
- phrase: kind of
  not_after: &nouns a an the this that these those what which any every each some one
    same other another new different right wrong all no my our your their his her its
    first only best main
- phrase: sort of
  not_after: *nouns
- basically
- literally
- to be honest
- I guess
- phrase: I think
  not_before: about of through ahead carefully
- I feel like
- phrase: just
  not_after: a an more is be
  not_before: in now as before after then enough because about like right one two
- maybe
- probably
- somehow
- phrase: a bit
  not_before: of
- and stuff
- and things
- or something
- etc
""")


class StarRules(Strict):
    """The thresholds of the STAR feedback rules.

    Timing comes from one place: ``min_seconds`` and ``max_seconds`` of speaking at
    ``words_per_minute``. The length message, the word limits and the drill's answer
    time (``answer_seconds`` in the mock_interview file, which must equal
    ``max_seconds``) all follow from them.
    """

    min_words: dict[Literal["situation", "task", "action", "result"], int] = Field(
        default={"situation": 12, "task": 8, "action": 30, "result": 10}
    )
    action_share: float = Field(default=0.5, ge=0.2, le=0.9, description="least share of words")
    words_per_minute: int = Field(default=130, ge=60, le=250)
    min_seconds: int = Field(default=60, ge=10)
    max_seconds: int = Field(default=120, ge=30, le=1200)
    filler_words: list[Filler] = Field(default_factory=_default_fillers)

    @field_validator("min_words", mode="before")
    @classmethod
    def _all_four_parts(cls, value: object) -> object:
        if isinstance(value, dict):
            missing = [part for part in PARTS if part not in value]
            if missing:
                raise ValueError(
                    f"gives only {', '.join(map(str, value)) or 'no part'}; min_words needs "
                    f"all four parts, so add {', '.join(missing)} (for example "
                    "situation: 12, task: 8, action: 30, result: 10), or remove min_words "
                    "to use those defaults"
                )
            negative = [part for part in PARTS if isinstance(value[part], int) and value[part] < 0]
            if negative:
                raise ValueError(f"{', '.join(negative)} should be 0 or more")
        return value

    @field_validator("filler_words", mode="before")
    @classmethod
    def _plain_phrases(cls, value: object) -> object:
        return [_filler(entry) for entry in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _limits_agree(self) -> StarRules:
        if self.min_seconds > self.max_seconds:
            raise ValueError(
                f"min_seconds ({self.min_seconds}) is larger than max_seconds "
                f"({self.max_seconds}), so no answer could pass the length check; make "
                "min_seconds the shorter time and max_seconds the longer"
            )
        most = self.max_words
        if sum(self.min_words.values()) > most:
            raise ValueError(
                f"the min_words of the four parts add up to {sum(self.min_words.values())}, "
                f"more than the {most} words that max_seconds ({self.max_seconds}) allows at "
                f"{self.words_per_minute} words a minute; lower min_words or raise max_seconds"
            )
        return self

    @property
    def min_words_total(self) -> int:
        return self.min_seconds * self.words_per_minute // 60

    @property
    def max_words(self) -> int:
        return self.max_seconds * self.words_per_minute // 60


class StarQuestionsFile(ContentFile):
    kind: Literal["star_questions"]
    categories: list[Topic] = Field(min_length=1)
    questions: list[StarQuestion] = Field(min_length=1)
    rules: StarRules = StarRules()

    unique_ids = ("categories", "questions")
    references = {("questions", "category"): "categories"}


class InterviewerQuestion(Strict):
    id: Id
    group: Id
    text: Text
    why: Text


class InterviewerQuestionsFile(ContentFile):
    kind: Literal["interviewer_questions"]
    groups: list[Topic] = Field(min_length=1)
    questions: list[InterviewerQuestion] = Field(min_length=1)

    unique_ids = ("groups", "questions")
    references = {("questions", "group"): "groups"}


class RubricItem(Strict):
    id: Id
    name: Text
    description: Text


class MockInterviewFile(ContentFile):
    kind: Literal["mock_interview"]
    prep_seconds: int = Field(ge=0, le=600)
    answer_seconds: int | None = Field(
        default=None,
        ge=10,
        le=1200,
        description="leave it out: the drill then gives max_seconds of the star_questions "
        "rules, so the drill and the length check agree",
    )
    rubric: list[RubricItem] = Field(min_length=1)

    unique_ids = ("rubric",)


# --- stage 4 -----------------------------------------------------------------


class InfoInterview(Strict):
    """An informational-interview script: a first message and a few questions."""

    step: Id = Field(description="the step in ``steps`` that offers this script")
    title: Text
    message: Text
    questions: list[Text] = Field(min_length=1)
    tips: list[Text] = []


class ActionPlanFile(ContentFile):
    kind: Literal["action_plan"]
    title: Text
    intro: Text
    steps: list[Option] = Field(min_length=1, description="next steps a student can pick")
    apply_question: Text
    practise_question: Text
    own_steps_label: Text
    report_title: Text
    info_interview: InfoInterview | None = Field(
        default=None, description="the script shown when the step of the same id is ticked"
    )

    unique_ids = ("steps",)

    @model_validator(mode="after")
    def _script_step(self) -> ActionPlanFile:
        if self.info_interview and self.info_interview.step not in {s.id for s in self.steps}:
            raise ValueError(
                f"info_interview.step '{self.info_interview.step}' is not one of the steps' ids"
            )
        return self


# --- stages that feed each other (issue 20) -----------------------------------


class FieldQuestions(Strict):
    """Interview questions for the roles of one industry (an id from ``roles.yaml``)."""

    industry: Id
    questions: list[StarQuestion] = Field(min_length=1)


class FieldQuestionsFile(ContentFile):
    """Stage 3: the drill's questions for the field and roles a student marked in
    stage 2, by industry."""

    kind: Literal["field_questions"]
    fields: list[FieldQuestions] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> FieldQuestionsFile:
        industries = [f.industry for f in self.fields]
        repeated = sorted({i for i in industries if industries.count(i) > 1})
        if repeated:
            raise ValueError(f"fields lists the industry {', '.join(repeated)} more than once")
        ids = [q.id for f in self.fields for q in f.questions]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"the question id {', '.join(repeated)} is used more than once")
        return self


class PitchPart(Strict):
    id: Literal["present", "past", "future"]
    label: Text
    help: Text
    placeholder: Text = "Write here..."
    min_words: int = Field(default=15, ge=1, le=200)


class PitchFile(ContentFile):
    """Stage 3: the "tell me about yourself" pitch, in three parts. Its length check
    uses the speaking pace of the STAR rules (``words_per_minute`` in
    ``star_questions.yaml``), so every length check in stage 3 agrees."""

    kind: Literal["pitch"]
    title: Text
    intro: Text
    parts: list[PitchPart] = Field(min_length=3, max_length=3)
    min_seconds: int = Field(default=60, ge=10, le=600)
    max_seconds: int = Field(default=90, ge=10, le=600)

    @model_validator(mode="after")
    def _order(self) -> PitchFile:
        if [p.id for p in self.parts] != ["present", "past", "future"]:
            raise ValueError("parts must be present, past and future, in that order")
        if self.min_seconds >= self.max_seconds:
            raise ValueError("min_seconds must be below max_seconds")
        return self


class MissedOutReason(Strict):
    id: Id
    label: Text
    what_to_do: Text
    steps: list[Id] = Field(
        default=[], description="ids of steps in action_plan.yaml this reason suggests"
    )
    source: Source | None = None


class MissedOutFile(ContentFile):
    """Stage 1's short "why did I miss out?" check; the reasons a student ticks suggest
    steps in the action plan."""

    kind: Literal["missed_out"]
    title: Text
    intro: Text
    reasons: list[MissedOutReason] = Field(min_length=2)

    unique_ids = ("reasons",)


KINDS: dict[str, type[ContentFile]] = {
    model.model_fields["kind"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        WelcomeFile,
        SkillsFile,
        SelfAssessmentFile,
        InterestsFile,
        RolesFile,
        AlternativeCareersFile,
        InterviewStatementsFile,
        InterviewScenariosFile,
        StarQuestionsFile,
        InterviewerQuestionsFile,
        MockInterviewFile,
        ActionPlanFile,
        FieldQuestionsFile,
        PitchFile,
        MissedOutFile,
    )
}


# --- the confidence check (welcome page and action plan) ----------------------------


class ConfidenceStatement(Strict):
    id: Id
    text: Text


class ConfidenceFile(ContentFile):
    """Statements each student rates at the start (welcome page) and again at the end
    (action plan), so the group's change can be shown."""

    kind: Literal["confidence"]
    before_title: Text
    before_intro: Text
    after_title: Text
    after_intro: Text
    scale: list[Text] = Field(
        min_length=3, max_length=7, description="the words for each level, lowest first"
    )
    statements: list[ConfidenceStatement] = Field(min_length=1, max_length=6)

    unique_ids = ("statements",)


KINDS[ConfidenceFile.model_fields["kind"].annotation.__args__[0]] = ConfidenceFile  # type: ignore[union-attr]
