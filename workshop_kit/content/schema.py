"""The shape of every content file, one pydantic model per ``kind``.

Each model also declares which lists need unique ids (``unique_ids``) and which
fields must name an id from another list in the same file (``references``);
the loader checks both and reports the exact place of a mistake.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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


class Role(Strict):
    id: Id
    title: Text
    industry: Id
    level: Literal["internship", "entry"]
    noc: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = None
    description: Text
    skills: dict[Id, Annotated[int, Field(ge=1, le=3)]] = Field(min_length=1)


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
    stretch_title: Text
    stretch_intro: Text
    board: IdeaBoardSettings


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


class StarRules(Strict):
    """The thresholds of the STAR feedback rules; the defaults suit a two-minute answer."""

    min_words: dict[Literal["situation", "task", "action", "result"], int] = Field(
        default={"situation": 12, "task": 8, "action": 30, "result": 10}
    )
    action_share: float = Field(default=0.5, ge=0.2, le=0.9, description="least share of words")
    words_per_minute: int = Field(default=130, ge=60, le=250)
    min_seconds: int = Field(default=60, ge=10)
    max_seconds: int = Field(default=150, ge=30)
    filler_words: list[Annotated[str, StringConstraints(min_length=1, max_length=40)]] = Field(
        default=[
            "um",
            "uh",
            "like",
            "basically",
            "actually",
            "literally",
            "kind of",
            "sort of",
            "maybe",
            "I think",
            "I guess",
            "I feel like",
            "just",
            "stuff",
            "things",
            "you know",
            "probably",
            "a bit",
            "somehow",
            "etc",
        ]
    )


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
    answer_seconds: int = Field(ge=10, le=1200)
    rubric: list[RubricItem] = Field(min_length=1)

    unique_ids = ("rubric",)


# --- stage 4 -----------------------------------------------------------------


class ActionPlanFile(ContentFile):
    kind: Literal["action_plan"]
    title: Text
    intro: Text
    steps: list[Option] = Field(min_length=1, description="next steps a student can pick")
    apply_question: Text
    practise_question: Text
    own_steps_label: Text
    report_title: Text

    unique_ids = ("steps",)


KINDS: dict[str, type[ContentFile]] = {
    model.model_fields["kind"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (
        WelcomeFile,
        SkillsFile,
        SelfAssessmentFile,
        RolesFile,
        AlternativeCareersFile,
        InterviewStatementsFile,
        InterviewScenariosFile,
        StarQuestionsFile,
        InterviewerQuestionsFile,
        MockInterviewFile,
        ActionPlanFile,
    )
}
