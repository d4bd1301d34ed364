"""Stage 3: interview do's and don'ts.

Six parts: classify statements (do or don't), tricky moments (scenarios), the STAR
answer builder with instant rule-based feedback, the "tell me about yourself" pitch, a
timed mock-interview drill with a self-rating, and questions to ask the interviewer.
The student's own tricky questions (stage 1), strengths (stage 1) and marked roles and
field (stage 2) feed the STAR builder, the pitch and the drill. Scoring and feedback live in
:mod:`workshop_kit.models.interview`; scored answers are saved once and kept.

No layout or style on this page ever changes after it is made, so every widget shares
them (:mod:`workshop_kit.widgets.lean`): a page of many small widgets sends far fewer
models to the browser.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from workshop_kit import i18n
from workshop_kit.content import Content
from workshop_kit.i18n import N_, _, ngettext
from workshop_kit.models import interview as model
from workshop_kit.models import pitch as pitch_model
from workshop_kit.stage_ids import ALTERNATIVE_CAREERS, SELF_ASSESSMENT
from workshop_kit.stages.display import show_page
from workshop_kit.stages.page import StagePage, student_page
from workshop_kit.store import Participant, Store, StoreError
from workshop_kit.text import clean_text
from workshop_kit.widgets.autosave import DEFAULT_DELAY, SaveStatus
from workshop_kit.widgets.choice_cards import CheckCards, ChoiceCards
from workshop_kit.widgets.countdown import Countdown
from workshop_kit.widgets.lean import lean, lean_html, shared
from workshop_kit.widgets.rating import RatingScale
from workshop_kit.widgets.text_answer import TextAnswer

STAGE = model.STAGE
TEXT_LIMIT = 3000
TITLE = N_("Interview do's and don'ts")
LETTERS = "ABCD"  # a tricky moment's responses, as this student sees them in order
RUBRIC_LEVELS = [N_("Not yet"), N_("Getting there"), N_("OK"), N_("Good"), N_("Excellent")]


def _html(text: str, cls: str = "") -> widgets.HTML:
    return lean_html(text, cls)


def _percent(number: int) -> str:
    """``45`` -> "45%" ("45 %" in French)."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return f"{number}%"
    return i18n.format_percent(number / 100)


class Quiz(widgets.VBox):
    """Do or don't? One topic at a time; each answer is final and explained at once."""

    def __init__(self, stage: InterviewStage):
        super().__init__(**shared(widgets.VBox))
        self.stage = stage
        self.quiz = stage.content.by_kind["interview_statements"]
        self.answers = model.answers_under(model.QUIZ_PREFIX, stage.saved)
        self.topic = lean(
            widgets.Dropdown,
            options=self._topic_options(),
            description=_("Topic:"),
            style={"description_width": "initial"},
        )
        self.topic.observe(lambda _c: self._show_topic(), "value")
        self.rows = lean(widgets.VBox)
        self.score = _html("", "wk-score")
        self.review = _html("", "wk-review")
        self.status: SaveStatus | None = None  # the last answer's, under its statement
        self.children = [
            _html(
                _(
                    "<h2>1. Do or don't?</h2><p>Read each statement about internship "
                    "interviews and decide: is it something to do, or something to avoid? "
                    "Your first answer counts, and you see why at once.</p>"
                )
            ),
            self.topic,
            self.rows,
            self.score,
            self.review,
        ]
        self._show_topic()
        self._show_score()

    def _topic_options(self):
        options = []
        for topic in self.quiz.topics:
            ids = [s.id for s in self.quiz.statements if s.topic == topic.id]
            done = sum(i in self.answers for i in ids)
            options.append(
                (
                    _("{topic} ({done} of {total} done)").format(
                        topic=topic.name, done=done, total=len(ids)
                    ),
                    topic.id,
                )
            )
        return options

    def _show_topic(self) -> None:
        rows = []
        for statement in self.quiz.statements:
            if statement.topic != self.topic.value:
                continue
            rows.append(self._row(statement))
        self.rows.children = rows

    def _row(self, statement) -> widgets.Widget:
        answer = self.answers.get(statement.id)
        text = _html(f'<p class="wk-statement">{escape(statement.text)}</p>')
        do = lean(
            widgets.Button,
            description=_("Do"),
            tooltip=_("Do: {statement}").format(statement=statement.text),
        )
        dont = lean(
            widgets.Button,
            description=_("Don't"),
            tooltip=_("Don't: {statement}").format(statement=statement.text),
        )
        for button, value in ((do, "do"), (dont, "dont")):
            button.on_click(lambda _b, v=value, s=statement: self.answer(s.id, v))
        # The feedback (the row's third child) is added once the statement is answered.
        row = lean(widgets.VBox, [text, lean(widgets.HBox, [do, dont])])
        row.add_class("wk-quiz-row")
        row.statement_id = statement.id
        if answer in ("do", "dont"):
            self._lock(row, statement, answer)
        return row

    def _lock(self, row, statement, answer) -> None:
        buttons = row.children[1].children
        right = model.is_right(statement, answer)
        for button, value in zip(buttons, ("do", "dont"), strict=True):
            button.disabled = True
            button.button_style = ("success" if right else "danger") if value == answer else ""
        mark = "wk-right" if right else "wk-wrong"
        feedback = (
            f'<p class="wk-feedback {mark}" role="status">'
            f"{escape(model.quiz_feedback(statement, answer))}</p>"
        )
        if len(row.children) > 2 and not isinstance(row.children[2], SaveStatus):
            row.children[2].value = feedback
        else:  # first feedback, or in place of a save's error message
            row.children = [*row.children[:2], _html(feedback)]

    def _status_of(self, row) -> SaveStatus:
        """The status line under a statement (made when first needed)."""
        if len(row.children) > 2 and isinstance(row.children[2], SaveStatus):
            return row.children[2]
        status = SaveStatus()
        row.children = [*row.children[:2], status]
        return status

    def answer(self, statement_id: str, value: str) -> None:
        """Answer a statement as a click would; the first answer is the one that counts."""
        statement = next((s for s in self.quiz.statements if s.id == statement_id), None)
        if statement is None or value not in ("do", "dont"):
            return
        row = next(
            (r for r in self.rows.children if getattr(r, "statement_id", None) == statement_id),
            None,
        )
        if row is None:  # not on show (another topic): answered from code
            row = self._row(statement)
        self.status = self._status_of(row)
        counted = self.stage.save_once(model.quiz_key(statement_id), value, self.status)
        if counted is None:
            return
        self.answers[statement_id] = counted
        for row in self.rows.children:
            if getattr(row, "statement_id", None) == statement_id:
                self._lock(row, statement, counted)
        self._show_score()
        current = self.topic.value
        self.topic.options = self._topic_options()
        self.topic.value = current

    def _show_score(self) -> None:
        score = model.quiz_score(self.quiz, self.answers)
        if not score.answered:
            self.score.value = '<p class="wk-help">' + _("Your score appears here.") + "</p>"
            self.review.value = ""
            return
        self.score.value = _(
            "<p><strong>Score: {correct} of {answered} right ({percent})</strong> · "
            "{answered} of {total} statements answered</p>"
        ).format(
            correct=score.correct,
            answered=score.answered,
            percent=_percent(score.percent),
            total=score.total,
        )
        if score.missed:
            items = "".join(
                f"<li><strong>{escape(s.text)}</strong><br>{escape(s.why)}</li>"
                for s in score.missed
            )
            self.review.value = "<h3>" + _("Review the ones you missed") + f"</h3><ul>{items}</ul>"
        else:
            self.review.value = "<p>" + _("No mistakes so far. Well done!") + "</p>"


class Scenarios(widgets.VBox):
    """Tricky moments: choose a response, then see feedback on every choice."""

    def __init__(self, stage: InterviewStage):
        super().__init__(**shared(widgets.VBox))
        self.stage = stage
        self.scenarios = stage.content.by_kind["interview_scenarios"].scenarios
        self.chosen = {
            scenario_id: value
            for scenario_id, value in model.answers_under(
                model.SCENARIO_PREFIX, stage.saved
            ).items()
            if isinstance(value, int)
        }
        self.picker = lean(
            widgets.Dropdown,
            options=self._options(),
            description=_("Moment:"),
            style={"description_width": "initial"},
        )
        self.picker.observe(lambda _c: self._show(), "value")
        self.situation = _html("")
        # each response a card whose value is its place in the content (what is saved)
        self.choices = ChoiceCards(label=_("Your response"))
        self.choices.add_class("wk-choices")
        self.submit = lean(widgets.Button, description=_("Check my answer"), button_style="primary")
        self.submit.on_click(lambda _b: self.choose(self.picker.value, self._index()))
        self.feedback = _html("")
        self.score = _html("", "wk-score")
        self.status = SaveStatus()
        self.children = [
            _html(
                _(
                    "<h2>2. Tricky moments</h2><p>What would you say? Pick the best "
                    "response, then read why it works better than the others.</p>"
                )
            ),
            self.picker,
            self.situation,
            self.choices,
            self.submit,
            self.status,
            self.feedback,
            self.score,
        ]
        self._show()

    def _options(self):
        return [
            (f"{n}. {s.title}" + (" ✓" if s.id in self.chosen else ""), s.id)
            for n, s in enumerate(self.scenarios, 1)
        ]

    def _scenario(self, scenario_id):
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def order(self, scenario) -> list[int]:
        """The choices' own indexes (what is saved), in the order this student sees them."""
        return model.choice_order(
            scenario.id, range(len(scenario.choices)), model.order_seed(self.stage.participant)
        )

    def _index(self) -> int | None:
        return self.choices.value  # the choice's own index (what is saved)

    def _show(self) -> None:
        scenario = self._scenario(self.picker.value)
        self.situation.value = (
            f"<h3>{escape(scenario.title)}</h3><p>{escape(scenario.situation)}</p>"
        )
        order = self.order(scenario)
        # each card's value is the choice's own index in the file (what is saved), shown
        # in this student's order with this student's letters
        self.choices.value = None
        self.choices.options = [
            (f"{LETTERS[shown]}. {scenario.choices[i].text.strip()}", i)
            for shown, i in enumerate(order)
        ]
        done = scenario.id in self.chosen
        self.choices.value = self.chosen[scenario.id] if done else None
        self.choices.disabled = done
        self.submit.disabled = done
        self.feedback.value = self._feedback_html(scenario) if done else ""
        self._show_score()

    def _feedback_html(self, scenario) -> str:
        result = model.scenario_feedback(scenario, self.chosen[scenario.id], self.order(scenario))
        verdict = (
            '<p class="wk-feedback wk-right" role="status">' + _("Best choice!") + "</p>"
            if result.chose_best
            else '<p class="wk-feedback wk-wrong" role="status">'
            + _("Not the best choice. Read why below.")
            + "</p>"
        )
        items = []
        for letter, note in zip(LETTERS, result.notes, strict=False):
            tags = [
                tag for tag, on in ((_("best"), note.best), (_("your choice"), note.chosen)) if on
            ]
            tag = f" ({', '.join(tags)})" if tags else ""
            items.append(
                "<li>"
                + _("<strong>{reason}:</strong> {what_to_do}").format(
                    reason=letter + escape(tag), what_to_do=escape(note.feedback)
                )
                + "</li>"
            )
        source = (
            f'<p class="wk-help wk-source">{escape(result.source)}</p>' if result.source else ""
        )
        return verdict + f"<ul class='wk-choice-feedback'>{''.join(items)}</ul>" + source

    def choose(self, scenario_id: str, index: int | None) -> None:
        """Submit a response; the first one counts."""
        scenario = self._scenario(scenario_id)
        if scenario is None:
            return
        if index is None or not 0 <= index < len(scenario.choices):
            self.feedback.value = (
                '<p class="wk-feedback wk-wrong" role="status">'
                + _("Pick one of the responses first.")
                + "</p>"
            )
            return
        counted = self.stage.save_once(model.scenario_key(scenario_id), index, self.status)
        if counted is None:
            return
        self.chosen[scenario_id] = counted
        current = self.picker.value
        self.picker.options = self._options()
        self.picker.value = current
        self._show()

    def _show_score(self) -> None:
        best, answered = model.scenarios_score(
            self.stage.content.by_kind["interview_scenarios"], self.chosen
        )
        self.score.value = (
            _(
                "<p><strong>{best} of {answered} best choices</strong> · {answered} of "
                "{total} moments done</p>"
            ).format(best=best, answered=answered, total=len(self.scenarios))
            if answered
            else ""
        )


class _WrittenParts(widgets.VBox):
    """An answer written in parts (the STAR builder, the pitch), with checks below it.

    A subclass sets ``parts`` (part id to :class:`TextAnswer`), ``feedback`` and
    ``rules``, and says what it checks in :meth:`findings`."""

    parts: dict[str, TextAnswer]
    feedback: widgets.HTML
    ALL_PASSED = ""  # said when every check passed
    CLOCK = False  # the spoken length as m:ss (else in seconds)

    def findings(self, texts: dict[str, str]) -> list:
        raise NotImplementedError

    def texts(self) -> dict[str, str]:
        out = {}
        for part, answer in self.parts.items():
            check = clean_text(answer.box.value, TEXT_LIMIT)
            out[part] = check.text if check.ok else ""
        return out

    def write(self, part: str, text: str) -> None:
        self.parts[part].box.value = text

    def flush(self) -> None:
        for answer in self.parts.values():
            answer.flush()

    def refresh_feedback(self) -> None:
        """Checks passed, the spoken length, and what to change (or ``ALL_PASSED``)."""
        texts = self.texts()
        if not any(t.strip() for t in texts.values()):
            self.feedback.value = (
                '<p class="wk-help">' + _("Feedback appears as you write.") + "</p>"
            )
            return
        findings = self.findings(texts)
        failed = model.problems(findings)
        words = sum(len(model.words(t)) for t in texts.values())
        seconds = words * 60 / self.rules.words_per_minute
        spoken = (
            f"{seconds // 60:.0f}:{seconds % 60:02.0f}"
            if self.CLOCK
            else ngettext("{count} seconds", "{count} seconds", round(seconds)).format(
                count=round(seconds)
            )
        )
        head = ngettext(
            "<p><strong>{passed} of {total} checks passed</strong> · {count} words, about "
            "{spoken} spoken</p>",
            "<p><strong>{passed} of {total} checks passed</strong> · {count} words, about "
            "{spoken} spoken</p>",
            words,
        ).format(
            passed=len(findings) - len(failed), total=len(findings), count=words, spoken=spoken
        )
        if failed:
            items = "".join(f"<li>{escape(f.message)}</li>" for f in failed)
            self.feedback.value = head + "<h3>" + _("What to change") + f"</h3><ul>{items}</ul>"
        else:
            self.feedback.value = head + f'<p class="wk-right">{_(self.ALL_PASSED)}</p>'


class StarBuilder(_WrittenParts):
    """Write a STAR answer in four boxes and get feedback as you type."""

    ALL_PASSED = N_(
        "A strong answer: every check passed. It goes into your action plan as a "
        "strength. Now practise saying it out loud in the drill below."
    )
    CLOCK = True

    def __init__(self, stage: InterviewStage, delay: float):
        super().__init__(**shared(widgets.VBox))
        self.add_class("wk-star")
        self.stage = stage
        self.delay = delay
        bank = stage.content.by_kind["star_questions"]
        self.rules = bank.rules
        own = model.own_questions(stage.earlier.tricky)
        self.questions = {q.id: q for q in [*own, *bank.questions]}
        names = {c.id: c.name for c in bank.categories}
        current = stage.saved.get(model.STAR_CURRENT)
        options = [
            (_("Your question (stage 1): {question}").format(question=q.text), q.id) for q in own
        ]
        options += [
            (_("{category}: {question}").format(category=names[q.category], question=q.text), q.id)
            for q in bank.questions
        ]
        self.picker = lean(
            widgets.Dropdown,
            options=options,
            value=current if current in self.questions else options[0][1],
            description=_("Question:"),
            style={"description_width": "initial"},
            layout={"width": "100%"},
        )
        self.picker.add_class("wk-wide-dropdown")
        self.picker.observe(self._on_pick, "value")
        self.hint = _html("")
        self.parts_box = lean(widgets.VBox)
        self.feedback = _html("", "wk-star-feedback")
        self.parts: dict[str, TextAnswer] = {}
        self.children = [
            _html(
                _(
                    '<h2>3. STAR answer builder</h2><p>Behavioural questions ("Tell me about '
                    'a time...") need a story. Tell it in four parts: the '
                    "<strong>S</strong>ituation, your <strong>T</strong>ask, the "
                    "<strong>A</strong>ction you took and the <strong>R</strong>esult. "
                    "Feedback updates as you type.</p>"
                )
            ),
            _html(own_questions_html(stage.earlier.tricky, "STAR")),
            self.picker,
            self.hint,
            self.parts_box,
            self.feedback,
        ]
        self._build()

    def _key(self, part: str) -> str:
        return model.star_key(self.picker.value, part)

    def _build(self) -> None:
        question = self.questions[self.picker.value]
        tip = _("Tip: {hint}").format(hint=question.hint)
        self.hint.value = f'<p class="wk-help">{escape(tip)}</p>'
        saved = self.stage.store.answers(self.stage.participant, STAGE)
        self.parts = {}
        for part in model.PARTS:
            answer = self.stage.text_answer(
                self._key(part),
                model.part_name(part),
                model.part_hint(part, question.result_kind),
                self.delay,
                saved,
                rows=4 if part == "action" else 2,
            )
            answer.add_class(f"wk-star-{part}")  # the box of each part, for tests and CSS
            answer.box.observe(lambda _c: self.refresh_feedback(), "value")
            self.parts[part] = answer
        self.parts_box.children = list(self.parts.values())
        self.refresh_feedback()

    def _on_pick(self, change) -> None:
        if change["new"] not in self.questions:
            return
        self.flush()
        with contextlib.suppress(StoreError):  # remembering the choice is a convenience
            self.stage.store.save_answer(
                self.stage.participant, STAGE, model.STAR_CURRENT, change["new"]
            )
        self._build()

    def findings(self, texts: dict[str, str]) -> list:
        question = self.questions[self.picker.value]
        return model.star_feedback(texts, self.rules, question.result_kind)


class Drill(widgets.VBox):
    """A random question, a countdown, then a self-rating on the rubric."""

    def __init__(self, stage: InterviewStage, delay: float, rng: random.Random | None = None):
        super().__init__(**shared(widgets.VBox))
        self.stage = stage
        self.rng = rng or random.Random()
        bank = stage.content.by_kind["star_questions"]
        earlier = stage.earlier
        own = model.own_questions(earlier.tricky)
        fields = stage.content.by_kind.get("field_questions")
        for_field = model.field_questions(fields, earlier.industries)
        self.industry_of = {
            q.id: f.industry for f in (fields.fields if fields else []) for q in f.questions
        }
        self.own_ids = {q.id for q in own}
        self.bank = [*own, *for_field, *bank.questions]
        self.settings = stage.content.by_kind["mock_interview"]
        self.asked: list[str] = list(stage.saved.get(model.DRILL_ASKED) or [])
        industries = (
            {i.id: i.name for i in stage.content.roles.industries} if stage.content.roles else {}
        )
        field_names = ", ".join(industries.get(i, i) for i in earlier.industries)
        extra = []
        if own:
            extra.append((_("Your own questions (stage 1)"), model.OWN_CATEGORY))
        if for_field:
            extra.append(
                (_("Your field: {fields}").format(fields=field_names), model.FIELD_CATEGORY)
            )
        self.category = lean(
            widgets.Dropdown,
            options=[(_("Any category"), ""), *extra, *[(c.name, c.id) for c in bank.categories]],
            description=_("Category:"),
            style={"description_width": "initial"},
        )
        self.new_button = lean(
            widgets.Button, description=_("New question"), button_style="primary"
        )
        self.new_button.on_click(lambda _b: self.new_question())
        self.question = _html("", "wk-drill-question")
        self.timer = Countdown(
            prep_seconds=self.settings.prep_seconds, answer_seconds=self.settings.answer_seconds
        )
        self.timer.observe(self._on_phase, "phase")
        self.start_button = lean(widgets.Button, description=_("Start the timer"))
        self.start_button.on_click(lambda _b: self.start())
        self.skip_button = lean(widgets.Button, description=_("Start answering now"))
        self.skip_button.on_click(lambda _b: self.skip_prep())
        self.finish_button = lean(widgets.Button, description=_("I have finished"))
        self.finish_button.on_click(lambda _b: self.finish())
        self.notes = stage.text_answer(
            model.DRILL_NOTES,
            _("Notes while you prepare (optional)"),
            _("Jot down the S, T, A and R of your story. You can type while the timer runs."),
            delay,
            rows=3,
        )
        self.rubric_status = SaveStatus()
        self.rubric: dict[str, RatingScale] = {}
        self._rubric_for: str | None = None  # the question the scales shown rate
        self.rubric_box = lean(widgets.VBox)
        self.current: str | None = stage.saved.get(model.DRILL_CURRENT)
        self.children = [
            _html(
                _(
                    "<h2>5. Mock-interview drill</h2><p>Get a question, take {prep} seconds "
                    "to get ready, then answer out loud for up to {answer}, as in a real "
                    "interview. Then rate yourself honestly.</p>"
                ).format(
                    prep=self.settings.prep_seconds,
                    answer=model.spoken(self.settings.answer_seconds),
                )
            ),
            _html(own_questions_html(earlier.tricky, "drill")),
            lean(widgets.HBox, [self.category, self.new_button]),
            self.question,
            self.timer,
            lean(widgets.HBox, [self.start_button, self.skip_button, self.finish_button]),
            self.notes,
            self.rubric_box,
            self.rubric_status,
        ]
        self._show_question()

    def new_question(self) -> None:
        question, asked = model.next_question(
            self.bank, self.asked, self.category.value or None, self.rng
        )
        if not self.rubric_status.attempt(
            lambda: self.stage.store.save_answers(
                self.stage.participant,
                STAGE,
                {model.DRILL_ASKED: list(asked), model.DRILL_CURRENT: question.id},
            ),
            _("New question"),
        ):
            return
        self.asked, self.current = asked, question.id
        self.timer.phase = "idle"
        self._show_question()

    def _show_question(self) -> None:
        question = next((q for q in self.bank if q.id == self.current), None)
        has_question = question is not None
        self.question.value = (
            self._label(question)
            + '<p class="wk-drill-q">'
            # Translators: the drill's question, in quotation marks.
            + _("“{question}”").format(question=escape(question.text))
            + "</p>"
            if has_question
            else '<p class="wk-help">' + _('Press "New question" to begin.') + "</p>"
        )
        for button in (self.start_button, self.skip_button, self.finish_button):
            button.disabled = not has_question
        self._show_rubric()

    def _label(self, question) -> str:
        """Where a question comes from, when it is not from the kit's bank."""
        if question.id in self.own_ids:
            return (
                '<p class="wk-help wk-own-label">' + _("Your own question, from stage 1") + "</p>"
            )
        industry = self.industry_of.get(question.id)
        if industry is not None:
            role = self.stage.earlier.role_for(industry)
            about = (
                _("A question for the {role} role").format(role=escape(role))
                if role
                else _("A question for your field")
            )
            return f'<p class="wk-help wk-own-label">{about}</p>'
        return ""

    def role_title(self) -> str | None:
        """The role the current question is practised for (named in "Relevance")."""
        return self.stage.earlier.role_for(self.industry_of.get(self.current or ""))

    def start(self) -> None:
        if self.current:
            self.timer.phase = "prep"

    def skip_prep(self) -> None:
        if self.current:
            self.timer.phase = "answer"

    def finish(self) -> None:
        if self.current:
            self.timer.finish()

    def _on_phase(self, change) -> None:
        if change["new"] in ("done", "finished"):
            self._show_rubric()

    def _show_rubric(self) -> None:
        if not self.current:
            self._replace_rubric({}, [])
            return
        if self.rubric and self._rubric_for == self.current:
            # The scales shown already belong to this question. Built again (as the
            # timer ends), a rating clicked meanwhile would be saved on a scale that is
            # gone, and the student would never see "Rating saved".
            return
        saved = self.stage.store.answers(self.stage.participant, STAGE)
        rows = [
            _html(
                "<h3>"
                + _("Rate your answer")
                + "</h3><p class='wk-help'>"
                + _("1 = not yet, 5 = excellent. Your ratings are saved with this question.")
                + "</p>"
            )
        ]
        rubric = {}
        for item in self.settings.rubric:
            key = model.drill_rubric_key(self.current, item.id)
            value = saved.get(key)
            description = (
                model.relevance_text(item.description, self.role_title())
                if item.id == "relevance"
                else item.description
            )
            scale = RatingScale(
                label=item.name,
                description=description,
                levels=[_(level) for level in RUBRIC_LEVELS],
                value=value if isinstance(value, int) and 0 < value <= 5 else 0,
            )
            scale.observe(lambda change, k=key, s=scale: self._save_rating(k, s, change), "value")
            rubric[item.id] = scale
            rows.append(scale)
        self._replace_rubric(rubric, rows)
        self._rubric_for = self.current

    def _replace_rubric(self, rubric: dict[str, RatingScale], rows: list) -> None:
        """Show ``rows`` and close the ones they replace (closing frees their models)."""
        old = self.rubric_box.children
        self.rubric = rubric
        self.rubric_box.children = rows
        for widget in old:
            widget.close()

    def _save_rating(self, key: str, scale: RatingScale, change: dict) -> None:
        value = change["new"]
        if not isinstance(value, int) or not 0 <= value <= len(RUBRIC_LEVELS):
            return
        # said under the scale itself; a refused rating goes back to the saved level
        scale.save_change(
            change,
            lambda: self.stage.store.save_answer(self.stage.participant, STAGE, key, value),
        )


class AskQuestions(widgets.VBox):
    """Questions to ask the interviewer: pick some, then write them your way."""

    def __init__(self, stage: InterviewStage, delay: float):
        super().__init__(**shared(widgets.VBox))
        self.stage = stage
        bank = stage.content.by_kind["interviewer_questions"]
        self.picked: list[str] = [
            q
            for q in (stage.saved.get(model.ASK_PICKED) or [])
            if q in {x.id for x in bank.questions}
        ]
        self.groups: dict[str, CheckCards] = {}  # the questions of each group, as cards
        rows: list[widgets.Widget] = [
            _html(
                _(
                    "<h2>6. Questions to ask the interviewer</h2><p>At the end, the "
                    'interviewer asks: "Do you have any questions?" Always have two or three '
                    "ready. Pick the ones you like; they go into your action plan.</p>"
                )
            )
        ]
        for group in bank.groups:
            questions = [q for q in bank.questions if q.group == group.id]
            cards = CheckCards(
                label=group.name,
                options=[(q.text, q.id, q.why) for q in questions],
                value=[q.id for q in questions if q.id in self.picked],
            )
            cards.add_class("wk-ask-group")
            cards.observe(self._on_cards, "value")
            self.groups[group.id] = cards
            rows.append(cards)
        self.status = SaveStatus()
        self.own = stage.text_answer(
            model.ASK_OWN,
            _("Make them yours: write your questions in your own words"),
            _("Mention the team or the product by name; it shows you did your research."),
            delay,
        )
        self.children = [*rows, self.status, self.own]

    def choose(self, question_id: str, on: bool = True) -> bool:
        """Tick (or untick) a question's card as a click would."""
        return any(cards.toggle(question_id, on) for cards in self.groups.values())

    def _on_cards(self, change) -> None:
        old, new = set(change["old"]), set(change["new"])
        for question_id in change["old"]:
            if question_id not in new:
                self.pick(question_id, False)
        for question_id in change["new"]:
            if question_id not in old:
                self.pick(question_id, True)

    def pick(self, question_id: str, on: bool) -> None:
        if on and question_id not in self.picked:
            self.picked.append(question_id)
        elif not on and question_id in self.picked:
            self.picked.remove(question_id)
        else:
            return
        picked = list(self.picked)
        self.status.attempt(
            lambda: self.stage.store.save_answer(
                self.stage.participant, STAGE, model.ASK_PICKED, picked
            ),
            ngettext("Saved: {count} picked", "Saved: {count} picked", len(picked)).format(
                count=len(picked)
            ),
        )


def own_questions_html(questions: list[str], where: str) -> str:
    """The student's own tricky questions from stage 1, labelled as theirs (escaped)."""
    if not questions:
        return ""
    items = "".join(f"<li>{escape(q)}</li>" for q in questions)
    if where == "STAR":
        said = _("You wrote these in your post-mortem. They are at the top of the question list.")
    else:
        said = _(
            'You wrote these in your post-mortem. Choose "Your own questions (stage 1)" to '
            "practise them."
        )
    return (
        '<div class="wk-own-questions"><h3>' + _("Your own questions, from stage 1") + "</h3>"
        f'<p class="wk-help">{escape(said, quote=False)}</p>'
        f"<ul>{items}</ul></div>"
    )


class PitchBuilder(_WrittenParts):
    """ "Tell me about yourself": present, past, future, with a length check."""

    ALL_PASSED = N_(
        "Ready: every check passed. Say it out loud until it sounds like you, not like "
        "a text you learned. It goes into your plan."
    )

    def __init__(self, stage: InterviewStage, delay: float):
        super().__init__(**shared(widgets.VBox))
        self.stage = stage
        self.settings = stage.content.by_kind["pitch"]
        self.rules = stage.content.by_kind["star_questions"].rules
        earlier = stage.earlier
        self.strengths = earlier.strengths
        self.roles = [role.title for role in earlier.roles]
        starters = pitch_model.starters(self.strengths, self.roles)
        self.parts: dict[str, TextAnswer] = {}
        for part in self.settings.parts:
            key = pitch_model.key(part.id)
            help_text = part.help
            if part.id in starters:
                help_text = _("{help} A start: {start}").format(
                    help=help_text, start=starters[part.id]
                )
            answer = TextAnswer(
                label=part.label,
                help=help_text,
                placeholder=part.placeholder,
                save=self._saver(key),
                limit=TEXT_LIMIT,
                value=stage.saved.get(key, "") or "",
                rows=3,
                delay=delay,
                draft_key=f"{STAGE}/{key}",
            )
            answer.box.observe(lambda _c: self.refresh_feedback(), "value")
            self.parts[part.id] = answer
        self.feedback = _html("", "wk-pitch-feedback")
        low, high = pitch_model.word_range(self.settings, self.rules)
        context = []
        if self.strengths:
            context.append(
                _("your strengths ({names})").format(
                    names=", ".join(escape(s) for s in self.strengths[:3])
                )
            )
        if self.roles:
            context.append(
                _("the roles you marked ({names})").format(
                    names=", ".join(escape(r) for r in self.roles[:3])
                )
            )
        ideas = (
            '<p class="wk-help">'
            + _("Ideas from stages 1 and 2: {ideas}.").format(ideas="; ".join(context))
            + "</p>"
            if context
            else ""
        )
        self.children = [
            _html(
                f"<h2>4. {escape(self.settings.title)}</h2><p>{escape(self.settings.intro)}</p>"
                '<p class="wk-help">'
                + _(
                    "{low_seconds} to {high_seconds} seconds is about {low} to {high} words "
                    "at a calm {pace} words a minute."
                ).format(
                    low_seconds=self.settings.min_seconds,
                    high_seconds=self.settings.max_seconds,
                    low=low,
                    high=high,
                    pace=self.rules.words_per_minute,
                )
                + f"</p>{ideas}"
            ),
            *self.parts.values(),
            self.feedback,
        ]
        self.refresh_feedback()

    @classmethod
    def section(cls, stage: InterviewStage, delay: float) -> widgets.Widget:
        """The builder, or an empty box when the content has no ``pitch`` file."""
        if "pitch" not in stage.content.by_kind:
            return widgets.VBox(**shared(widgets.VBox))
        return cls(stage, delay)

    def _saver(self, key: str):
        def save(text: str) -> None:
            self.stage.store.save_answer(self.stage.participant, STAGE, key, text)

        return save

    def findings(self, texts: dict[str, str]) -> list:
        return pitch_model.pitch_feedback(
            texts, self.settings, self.rules, self.strengths, self.roles
        )


class InterviewStage(widgets.VBox):
    """All of stage 3 for one participant."""

    def __init__(
        self,
        content: Content,
        store: Store,
        participant: Participant,
        delay: float = DEFAULT_DELAY,
        rng: random.Random | None = None,
    ):
        super().__init__(**shared(widgets.VBox))
        self.content = content
        self.store = store
        self.participant = participant
        self.saved = store.answers(participant, STAGE)
        self.earlier = model.earlier_stages(
            content,
            store.answers(participant, SELF_ASSESSMENT),
            store.answers(participant, ALTERNATIVE_CAREERS),
        )
        self.quiz = Quiz(self)
        self.scenarios = Scenarios(self)
        self.star = StarBuilder(self, delay)
        self.pitch = PitchBuilder.section(self, delay)
        self.drill = Drill(self, delay, rng)
        self.ask = AskQuestions(self, delay)
        self.children = [
            _html(
                "<p>"
                + escape(
                    _(
                        'A "no" after an interview is information. Was it how you answered? '
                        "Practise here what to do, and what not to do, so the next interview "
                        "goes better. Everything saves as you go."
                    ),
                    quote=False,
                )
                + "</p>"
            ),
            self.quiz,
            self.scenarios,
            self.star,
            self.pitch,
            self.drill,
            self.ask,
        ]

    def text_answer(
        self,
        key: str,
        label: str,
        help: str,
        delay: float,
        saved: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> TextAnswer:
        """A text box saved under ``key`` as the student types, its draft kept in the
        browser; it starts from ``saved`` (the answers when the page opened if None)."""
        start = (self.saved if saved is None else saved).get(key, "")
        return TextAnswer(
            label=label,
            help=help,
            save=lambda text: self.store.save_answer(self.participant, STAGE, key, text),
            limit=TEXT_LIMIT,
            value=start or "",
            delay=delay,
            draft_key=f"{STAGE}/{key}",
            **options,
        )

    def save_once(self, key: str, value, status: SaveStatus):
        """Save a scored answer that cannot change; return the value that counts (the
        first one given), or None when the save failed (the status says why)."""
        result = []
        if not status.attempt(
            lambda: result.append(self.store.save_answer_once(self.participant, STAGE, key, value))
        ):
            return None
        _saved, counted = result[0]
        return counted

    def flush(self) -> None:
        self.star.flush()
        if isinstance(self.pitch, PitchBuilder):
            self.pitch.flush()
        self.drill.notes.flush()
        self.ask.own.flush()


def build_page(content: Content | None = None, store: Store | None = None) -> StagePage:
    return student_page(InterviewStage, STAGE, lambda _c: _(TITLE), content, store)


def show() -> None:
    """Display stage 3 (the whole of ``notebooks/03_interview_dos_donts.ipynb``)."""
    show_page(build_page)
