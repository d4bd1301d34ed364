"""Stage 1: rate your skills and what work you would enjoy, see both profiles, say how
wide you are ready to look, and look back at your last interview.

The notebook calls :func:`show`; tests build :class:`SelfAssessment` directly and
drive it with :meth:`rate`, :meth:`rate_interest`, :meth:`choose_comfort` and
:meth:`write`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from workshop_kit.charts import interests_svg, profile_svg
from workshop_kit.content import Content
from workshop_kit.i18n import _, ngettext
from workshop_kit.models import self_assessment as model
from workshop_kit.models.interests import build_interest_profile, interest_key
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
        self.interests = content.interests  # None for an older content folder
        self.store = store
        self.participant = participant
        self.delay = delay
        saved = store.answers(participant, model.STAGE)
        self._last_rated: RatingScale | None = None  # the one saying "Rating saved"
        rating_rows = self._build_skill_ratings(saved)
        interest_rows = self._build_interests(saved)
        self._build_comfort(saved)
        self._build_postmortem(saved)
        self._lay_out(rating_rows, interest_rows)
        self.refresh_profile()
        self.refresh_interests()

    # --- building, one section at a time ------------------------------------------

    @property
    def _levels(self) -> list[str]:
        return [level.label for level in self.settings.rating_scale]

    def _scale(self, label: str, description: str, levels: list[str], value) -> RatingScale:
        return RatingScale(
            label=label, description=description, levels=levels, value=_as_rating(value)
        )

    def _build_skill_ratings(self, saved: dict) -> list[widgets.Widget]:
        """Section 1: a rating scale per skill, under its category."""
        levels = self._levels
        self.scales: dict[str, RatingScale] = {}
        rows: list[widgets.Widget] = [
            lean_html(
                "<h2>"
                + _("1. Rate your skills")
                + '</h2><p class="wk-help">'
                + _("From 1 ({lowest}) to {top} ({highest}). Be honest: this is for you.").format(
                    lowest=escape(levels[0]), top=len(levels), highest=escape(levels[-1])
                )
                + "</p>"
            )
        ]
        by_category: dict[str, list] = {cat.id: [] for cat in self.skills.categories}
        for skill in self.skills.skills:
            by_category[skill.category].append(skill)
        for category in self.skills.categories:
            rows.append(
                lean_html(
                    f"<h3>{escape(category.name)}</h3>"
                    f'<p class="wk-help">{escape(category.description)}</p>'
                )
            )
            for skill in by_category[category.id]:
                scale = self._scale(
                    skill.name, skill.description, levels, saved.get(model.rating_key(skill.id))
                )
                scale.observe(
                    self._on_rating(scale, model.rating_key(skill.id), self.refresh_profile),
                    "value",
                )
                self.scales[skill.id] = scale
                rows.append(scale)
        self.progress = lean_html()
        rows.append(self.progress)
        self.chart = lean_html(css_class="wk-chart")
        self.summary = lean_html(css_class="wk-summary")
        return rows

    def _build_interests(self, saved: dict) -> list[widgets.Widget]:
        """Section 3: a rating scale per "I would enjoy..." line, under its area, with
        the interests chart and summary (nothing without an interests file)."""
        self.interest_scales: dict[str, RatingScale] = {}
        self.interest_progress = lean_html()
        self.interest_chart = lean_html(css_class="wk-chart")
        self.interest_summary = lean_html(css_class="wk-interest-summary")
        if self.interests is None:
            return []
        levels = self.interests.levels or self._levels
        if len(levels) != len(self._levels):  # the store keeps the skills' scale
            levels = self._levels
        rows: list[widgets.Widget] = [
            lean_html(
                f"<h2>3. {escape(self.interests.title)}</h2><p>{escape(self.interests.intro)}</p>"
            )
        ]
        for area in self.interests.areas:
            rows.append(
                lean_html(
                    f'<h3>{escape(area.name)}</h3><p class="wk-help">{escape(area.description)}</p>'
                )
            )
            for item in area.items:
                key = interest_key(item.id)
                scale = self._scale(item.text, "", levels, saved.get(key))
                scale.observe(self._on_rating(scale, key, self.refresh_interests), "value")
                self.interest_scales[item.id] = scale
                rows.append(scale)
        rows += [
            self.interest_progress,
            lean_html("<h3>" + _("Your interests profile") + "</h3>"),
            self.interest_chart,
            self.interest_summary,
            lean_html(f'<p class="wk-credit">{escape(self.interests.attribution)}</p>'),
        ]
        return rows

    def _build_comfort(self, saved: dict) -> None:
        """The comfort-zone question (it sets how far stage 2's stretch list reaches)."""
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
            help=_("One small, real step is worth more than a big plan."),
            placeholder=comfort.stretch_placeholder,
            value=_text(saved.get(model.COMFORT_STRETCH)),
            limit=self.settings.text_limit,
            save=self._saver(model.COMFORT_STRETCH),
            rows=2,
            delay=self.delay,
            draft_key=f"{model.STAGE}/{model.COMFORT_STRETCH}",
        )

    def _build_postmortem(self, saved: dict) -> None:
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
                delay=self.delay,
                draft_key=f"{model.STAGE}/{key}",
            )

    def _lay_out(self, rating_rows: list, interest_rows: list) -> None:
        post = self.settings.postmortem
        tips = "".join(f"<li>{escape(tip)}</li>" for tip in post.feedback_tips)
        step = 3 if interest_rows else 2  # the number of the section after the profile
        self.children = [
            lean_html(f"<p>{escape(self.settings.intro)}</p>"),
            *rating_rows,
            lean_html("<h2>" + _("2. Your skills profile") + "</h2>"),
            self.chart,
            self.summary,
            *interest_rows,
            lean_html("<h2>" + _("{number}. Your comfort zone").format(number=step + 1) + "</h2>"),
            self.comfort_choice,
            self.comfort_status,
            self.stretch,
            lean_html(
                "<h2>"
                + _("{number}. Interview post-mortem").format(number=step + 2)
                + f"</h2><p>{escape(post.intro)}</p>"
                f'<div class="wk-tips"><h3>{escape(post.feedback_tips_title)}</h3>'
                f"<ul>{tips}</ul></div>"
            ),
            *self.postmortem.values(),
            MissedOutCheck.section(self.content, self.store, self.participant),
        ]

    # --- what tests and the page call ------------------------------------------

    def rate(self, skill_id: str, value: int) -> None:
        """Rate a skill as a click would (0 clears)."""
        self.scales[skill_id].value = value

    def rate_interest(self, item_id: str, value: int) -> None:
        """Rate an "I would enjoy..." line as a click would (0 clears)."""
        self.interest_scales[item_id].value = value

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

    @property
    def interest_ratings(self) -> dict[str, int]:
        return {item: s.value for item, s in self.interest_scales.items() if s.value}

    def refresh_interests(self) -> None:
        """The interests chart and its plain-language summary."""
        if self.interests is None:
            return
        ratings = self.interest_ratings
        total = len(self.interest_scales)
        rated = len(ratings)
        self.interest_progress.value = (
            '<p class="wk-help">'
            + ngettext(
                "{rated} of {total} lines rated.", "{rated} of {total} lines rated.", rated
            ).format(rated=rated, total=total)
            + "</p>"
        )
        profile = build_interest_profile(ratings, self.interests)
        self.interest_chart.value = interests_svg(
            self.interests, profile.scores, self.settings.rating_scale[-1].value
        )
        self.interest_summary.value = f"<p>{escape(profile.summary)}</p>"

    def refresh_profile(self) -> None:
        ratings = self.ratings
        profile = model.build_profile(ratings, self.skills, self.settings)
        scale_max = self.settings.rating_scale[-1].value
        self.progress.value = (
            '<p class="wk-help">'
            + ngettext(
                "{rated} of {total} skills rated.",
                "{rated} of {total} skills rated.",
                profile.rated,
            ).format(rated=profile.rated, total=profile.total)
            + "</p>"
        )
        # No group figure on a student's page: one student with several browsers could
        # work out a classmate's rating from any average they can see (README, Privacy).
        self.chart.value = profile_svg(self.skills, ratings, scale_max)

        def names(skills) -> str:
            return "".join(f"<li>{escape(skill.name)}</li>" for skill in skills)

        parts = []
        if profile.rated == 0:
            parts.append(
                "<p>" + _("Rate a few skills above and your profile appears here.") + "</p>"
            )
        else:
            top = self.settings.strength_min
            low = self.settings.growth_max
            parts.append(
                "<h3>" + _("Your strengths") + f"</h3><ul>{names(profile.strengths)}</ul>"
                if profile.strengths
                else "<p>"
                + _("No skill rated {top} or more yet. Which one comes closest?").format(top=top)
                + "</p>"
            )
            parts.append(
                "<h3>" + _("Room to grow") + f"</h3><ul>{names(profile.growth_areas)}</ul>"
                if profile.growth_areas
                else "<p>"
                + _("No skill rated {low} or less: nothing holds you back a lot.").format(low=low)
                + "</p>"
            )
        if self.participant.workshop_id is not None:
            parts.append(
                '<p class="wk-help">'
                + _(
                    "No one else sees your ratings. Your instructor can "
                    "show the whole group's spread on the shared screen."
                )
                + "</p>"
            )
        self.summary.value = "".join(parts)

    # --- saving -----------------------------------------------------------------

    def _on_rating(self, scale: RatingScale, key: str, refresh):
        """Save a skill's or an interest line's rating as it is clicked; a refused one
        (a pause, a failure) is put back and said under its levels."""

        def handler(change) -> None:
            try:
                value = model.valid_rating(change["new"], self.settings)
            except ValueError:  # a forged message (the scale keeps the old value), or
                return  # a refused rating put back to "not rated"
            if not scale.save_change(
                change,
                lambda: self.store.save_answer(self.participant, model.STAGE, key, value),
            ):
                return
            if self._last_rated is not None and self._last_rated is not scale:
                self._last_rated.show("idle")
            self._last_rated = scale
            refresh()

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
