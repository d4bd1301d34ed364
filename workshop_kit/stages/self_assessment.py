"""Stage 1: rate your skills, see your profile, look back at your last interview.

The notebook calls :func:`show`; tests build :class:`SelfAssessment` directly and
drive it with :meth:`rate`, :meth:`choose_comfort` and :meth:`write`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workshop_kit.charts import profile_svg
from workshop_kit.content import Content
from workshop_kit.models import self_assessment as model
from workshop_kit.stages.display import show_page
from workshop_kit.stages.missed_out import MissedOutCheck
from workshop_kit.stages.page import StagePage, student_page
from workshop_kit.store import Participant, Store
from workshop_kit.widgets.autosave import DEFAULT_DELAY, SaveStatus
from workshop_kit.widgets.choice_cards import ChoiceCards
from workshop_kit.widgets.lean import lean_html, shared
from workshop_kit.widgets.rating import RatingScale
from workshop_kit.widgets.text_answer import TextAnswer


class SelfAssessment(widgets.VBox):
    """Every widget of stage 1 for one participant, restored from the store.

    No layout or style here ever changes: they are shared (:mod:`workshop_kit.widgets.lean`).
    """

    def __init__(
        self, content: Content, store: Store, participant: Participant, delay: float = DEFAULT_DELAY
    ):
        super().__init__(**shared(widgets.VBox))
        self.content = content
        self.settings = content.self_assessment
        self.skills = content.skills
        self.store = store
        self.participant = participant
        saved = store.answers(participant, model.STAGE)
        levels = [level.label for level in self.settings.rating_scale]

        # --- ratings ---
        self.scales: dict[str, RatingScale] = {}
        self._last_rated: RatingScale | None = None  # the one saying "Rating saved"
        rating_rows: list[widgets.Widget] = [
            lean_html(
                "<h2>1. Rate your skills</h2>"
                f'<p class="wk-help">From 1 ({escape(levels[0])}) to {len(levels)} '
                f"({escape(levels[-1])}). Be honest: this is for you.</p>"
            )
        ]
        by_category: dict[str, list] = {cat.id: [] for cat in self.skills.categories}
        for skill in self.skills.skills:
            by_category[skill.category].append(skill)
        for category in self.skills.categories:
            rating_rows.append(
                lean_html(
                    f"<h3>{escape(category.name)}</h3>"
                    f'<p class="wk-help">{escape(category.description)}</p>'
                )
            )
            for skill in by_category[category.id]:
                scale = RatingScale(
                    label=skill.name,
                    description=skill.description,
                    levels=levels,
                    value=_as_rating(saved.get(model.rating_key(skill.id))),
                )
                scale.observe(self._on_rating(skill.id), "value")
                self.scales[skill.id] = scale
                rating_rows.append(scale)
        self.progress = lean_html()
        rating_rows.append(self.progress)

        # --- profile ---
        self.chart = lean_html(css_class="wk-chart")
        self.summary = lean_html(css_class="wk-summary")

        # --- comfort zone ---
        comfort = self.settings.comfort_zone
        self.comfort_choice = ChoiceCards(
            label=comfort.question,
            options=[(option.label, option.id) for option in comfort.options],
            value=_known(saved.get(model.COMFORT_CHOICE), [o.id for o in comfort.options]),
        )
        self.comfort_choice.observe(self._on_comfort, "value")
        self.comfort_status = SaveStatus()
        self.stretch = TextAnswer(
            label=comfort.stretch_prompt,
            help="One small, real step is worth more than a big plan.",
            placeholder=comfort.stretch_placeholder,
            value=_text(saved.get(model.COMFORT_STRETCH)),
            limit=self.settings.text_limit,
            save=self._saver(model.COMFORT_STRETCH),
            rows=2,
            delay=delay,
            draft_key=f"{model.STAGE}/{model.COMFORT_STRETCH}",
        )

        # --- interview post-mortem ---
        post = self.settings.postmortem
        self.postmortem: dict[str, TextAnswer] = {}
        for prompt in post.prompts:
            key = model.POSTMORTEM_PREFIX + prompt.id
            self.postmortem[prompt.id] = TextAnswer(
                label=prompt.label,
                help=prompt.help,
                placeholder=prompt.placeholder,
                value=_text(saved.get(key)),
                limit=self.settings.text_limit,
                save=self._saver(key),
                delay=delay,
                draft_key=f"{model.STAGE}/{key}",
            )
        tips = "".join(f"<li>{escape(tip)}</li>" for tip in post.feedback_tips)

        self.children = [
            lean_html(f"<p>{escape(self.settings.intro)}</p>"),
            *rating_rows,
            lean_html("<h2>2. Your profile</h2>"),
            self.chart,
            self.summary,
            lean_html("<h2>3. Your comfort zone</h2>"),
            self.comfort_choice,
            self.comfort_status,
            self.stretch,
            lean_html(
                f"<h2>4. Interview post-mortem</h2><p>{escape(post.intro)}</p>"
                f'<div class="wk-tips"><h3>{escape(post.feedback_tips_title)}</h3>'
                f"<ul>{tips}</ul></div>"
            ),
            *self.postmortem.values(),
            MissedOutCheck.section(content, store, participant),
        ]
        self.refresh_profile()

    # --- what tests and the page call ------------------------------------------

    def rate(self, skill_id: str, value: int) -> None:
        """Rate a skill as a click would (0 clears)."""
        self.scales[skill_id].value = value

    def choose_comfort(self, option_id: str) -> None:
        self.comfort_choice.value = option_id

    def write(self, prompt_id: str, text: str) -> None:
        """Type into a post-mortem box (``"stretch"`` for the comfort-zone box)."""
        box = self.stretch if prompt_id == "stretch" else self.postmortem[prompt_id]
        box.box.value = text

    def flush(self) -> None:
        """Save any text still waiting for the student to pause."""
        for answer in [self.stretch, *self.postmortem.values()]:
            answer.flush()

    @property
    def ratings(self) -> dict[str, int]:
        return {skill_id: s.value for skill_id, s in self.scales.items() if s.value}

    def refresh_profile(self) -> None:
        ratings = self.ratings
        profile = model.build_profile(ratings, self.skills, self.settings)
        scale_max = self.settings.rating_scale[-1].value
        self.progress.value = (
            f'<p class="wk-help">{profile.rated} of {profile.total} skills rated.</p>'
        )
        # No group figure on a student's page: one student with several browsers could
        # work out a classmate's rating from any average they can see (README, Privacy).
        self.chart.value = profile_svg(self.skills, ratings, scale_max)

        def names(skills) -> str:
            return "".join(f"<li>{escape(skill.name)}</li>" for skill in skills)

        parts = []
        if profile.rated == 0:
            parts.append("<p>Rate a few skills above and your profile appears here.</p>")
        else:
            top = self.settings.strength_min
            low = self.settings.growth_max
            parts.append(
                f"<h3>Your strengths</h3><ul>{names(profile.strengths)}</ul>"
                if profile.strengths
                else f"<p>No skill rated {top} or more yet. Which one comes closest?</p>"
            )
            parts.append(
                f"<h3>Room to grow</h3><ul>{names(profile.growth_areas)}</ul>"
                if profile.growth_areas
                else f"<p>No skill rated {low} or less: nothing holds you back a lot.</p>"
            )
        if self.participant.workshop_id is not None:
            parts.append(
                '<p class="wk-help">No one else sees your ratings. Your instructor can '
                "show the whole group's spread on the shared screen.</p>"
            )
        self.summary.value = "".join(parts)

    # --- saving -----------------------------------------------------------------

    def _on_rating(self, skill_id: str):
        def handler(change) -> None:
            scale = self.scales[skill_id]
            try:
                value = model.valid_rating(change["new"], self.settings)
            except ValueError:  # a forged message (the scale keeps the old value), or
                return  # a refused rating put back to "not rated"
            if not scale.save_change(
                change,
                lambda: self.store.save_answer(
                    self.participant, model.STAGE, model.rating_key(skill_id), value
                ),
            ):
                return
            if self._last_rated is not None and self._last_rated is not scale:
                self._last_rated.show("idle")
            self._last_rated = scale
            self.refresh_profile()

        return handler

    def _on_comfort(self, change) -> None:
        if change["new"] is None:
            return
        self.comfort_status.attempt(
            lambda: self.store.save_answer(
                self.participant, model.STAGE, model.COMFORT_CHOICE, change["new"]
            )
        )

    def _saver(self, key: str):
        def save(text: str) -> None:
            self.store.save_answer(self.participant, model.STAGE, key, text)

        return save


def _as_rating(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _known(value, allowed: list[str]):
    return value if value in allowed else None


def build_page(content: Content | None = None, store: Store | None = None) -> StagePage:
    return student_page(
        SelfAssessment, model.STAGE, lambda c: c.self_assessment.title, content, store
    )


def show() -> None:
    """Display stage 1 (the whole of ``notebooks/01_self_assessment.ipynb``)."""
    show_page(build_page)
