"""The STAR feedback rules, with the kit's own rules from exercises/star_questions.yaml:
for every rule, answers that must pass (including the false alarms a counsellor found)
and answers that must fail."""

from __future__ import annotations

import pytest
from helpers import ROOT
from samples import STRONG_STAR

from workshop_kit.content import load_content
from workshop_kit.content.schema import StarRules
from workshop_kit.models import interview as model

RULES = load_content(ROOT / "exercises" / "en").by_kind["star_questions"].rules


def fillers(text: str) -> dict[str, int]:
    return model.filler_counts(text, RULES.filler_words)


def finding(parts, rule, result_kind="measure"):
    found = {f.rule: f for f in model.star_feedback(parts, RULES, result_kind)}
    return found.get(rule)


# --- filler and hedging: by phrase, not by bare word ----------------------------------

# Every filler in the list, with sentences where it must be flagged.
MUST_FLAG = {
    "um": ["Um, I called the client.", "I called, um, the client."],
    "uh": ["Uh, I fixed the list.", "I fixed it, uh, the next day."],
    "erm": ["Erm, I asked my manager."],
    "like, um": ["It was like, um, a busy week.", "Like, um, I asked for help."],
    "like, uh": ["We were like, uh, late."],
    "like": [
        "It was, like, really hard.",
        "Like, I did not know what to do.",
        "And like, everyone was tired.",
    ],
    "you know what I mean": ["It was stressful, you know what I mean?"],
    "you know": [
        "It was, you know, a lot of work.",
        "You know, I had never done it.",
        "I stayed late, you know.",
    ],
    "kind of": ["I kind of led the project.", "It was kind of hard.", "It's kind of my thing."],
    "sort of": ["I sort of took charge.", "The plan sort of worked."],
    "basically": ["Basically, I wrote a guide."],
    "literally": ["I literally ran to the office."],
    "to be honest": ["To be honest, I was lost."],
    "I guess": ["I guess it went well.", "It helped, I guess."],
    "I think": ["I think the team liked it.", "It went well, I think."],
    "I feel like": ["I feel like I did a good job."],
    "just": ["I just answered the phones.", "I was just a volunteer.", "It just worked."],
    "maybe": ["Maybe I could have asked sooner."],
    "probably": ["It probably saved some time."],
    "somehow": ["Somehow I got it done."],
    "a bit": ["I was a bit nervous.", "It helped a bit."],
    "and stuff": ["I sorted the files and stuff."],
    "and things": ["I fixed the printer and things."],
    "or something": ["I sent an email or something."],
    "etc": ["I made posters, flyers, etc."],
}

# Sentences where no filler may be flagged: "like" as a verb or a comparison, "just" as
# "exactly" or "fair", "kind of" and "sort of" as "type of", "you know" as a real verb,
# and words that are only vague ("things", "stuff").
MUST_NOT_FLAG = [
    "I would like to reach the sales goal by May.",
    "I finished the report just in time.",
    "I learned many things about the customers.",
    "The things I did first were the hardest.",
    "I like working with people, so I offered to help.",
    "It looked like a simple job, but it was not.",
    "Cities like Toronto have many co-op jobs.",
    "The tasks I like, I do first.",
    "I asked what kind of help they needed.",
    "This kind of problem is common, and that sort of job needs care.",
    "We had a new kind of form to fill in.",
    "Do you know how to fix it? I asked.",
    "You know the client better than I do, my manager said.",
    "I wrote a bit of code to sort the list.",
    "I think about the customer first.",
    "It was a just decision, and it came just as we opened.",
    "I arrived just before the meeting and left just after it.",
    "I moved the stuff to the new room.",
    "I told him I liked his idea.",
    "I checked the likely causes and justified my choice.",
]


def test_every_filler_in_the_list_has_cases_that_must_flag_it():
    listed = {f.phrase.strip(" ,") for f in RULES.filler_words}
    assert listed == set(MUST_FLAG)


@pytest.mark.parametrize(
    ("filler", "text"),
    [(filler, text) for filler, texts in MUST_FLAG.items() for text in texts],
)
def test_a_filler_is_flagged(filler, text):
    assert filler in fillers(text), fillers(text)


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_a_plain_word_is_not_flagged_as_filler(text):
    assert fillers(text) == {}


def test_a_longer_filler_counts_once_not_as_the_fillers_inside_it():
    assert fillers("It was like, um, hard, you know what I mean?") == {
        "like, um": 1,
        "you know what I mean": 1,
    }


def test_the_filler_message_names_each_phrase_with_its_count():
    parts = {**STRONG_STAR, "action": STRONG_STAR["action"] + " I think it was, like, good."}
    parts["result"] += " I think so."
    message = finding(parts, "no_filler").message
    assert '"I think" (2×)' in message and '"like"' in message
    assert finding(STRONG_STAR, "no_filler").passed


def test_fillers_match_across_curly_apostrophes_and_capitals():
    assert fillers("YOU KNOW, it was hard.") == {"you know": 1}
    assert fillers("I didn’t like, you know, the rush.") == {"you know": 1}


# --- a measurable result ------------------------------------------------------------------

MEASURES = [
    "Sign-ups grew 20%.",
    "Sign-ups grew by twenty percent.",
    "It went from three days to one day.",
    "The wait went from about forty minutes to fifteen.",
    "We doubled the number of visitors.",
    "Complaints fell by half over the term.",
    "I saved the team an hour every week.",
    "It saved us two hours a day.",
    "We raised $500 for the food bank.",
    "We raised five hundred dollars for the food bank.",
    "Twenty people came to the first event.",
    "Before, students waited in line; after, they were served at the door.",
    "The orders went out a day earlier than before.",
    "Hundreds of students used the guide.",
    "I finished in 3 weeks instead of 5.",
    "By 2024 the club had 60 members.",
]

NOT_MEASURES = [
    "One of my teammates thanked me.",
    "Two of my classmates joined the club.",
    "I worked from Monday to Friday.",
    "The shop was open from morning to night.",
    "One day my manager said well done.",
    "After the meeting my manager thanked me before I left.",
    "The customer was very happy and came back.",
    "Everyone on the team said it went well.",
    "No one complained again.",
    "In 2023 I got a job at the same store.",
    "From 2021 to 2023 I kept the same shift.",
]


@pytest.mark.parametrize("result", MEASURES)
def test_a_measurable_result_passes(result):
    assert model.has_measure(result)
    assert finding({**STRONG_STAR, "result": result}, "measurable_result").passed


@pytest.mark.parametrize("result", NOT_MEASURES)
def test_a_result_without_a_measure_fails(result):
    assert not model.has_measure(result)
    # long enough to pass the other checks, so only the measure is missing
    parts = {**STRONG_STAR, "result": result + " My manager was pleased with the work I did."}
    check = finding(parts, "measurable_result")
    assert not check.passed and "Add a number" in check.message


# --- what the student learned (failure and conflict questions) --------------------------

LESSONS = [
    "I learned to check every order twice before I send it.",
    "Since then, I always write the date on my task list.",
    "Now I ask for help on the first day, not the last.",
    "It taught me that a short plan saves a lot of stress.",
    "The biggest lesson was to speak up early.",
    "I now keep a checklist for every shift.",
    "I no longer wait until the night before.",
    "It changed how I plan group work.",
    "Next time I will agree on roles at the first meeting.",
    "I always make sure the whole team sees the plan.",
    "I've learnt to listen first and answer second.",
    "I handle feedback differently now: I write it down and try it.",
]

NOT_LESSONS = [
    "My manager was not happy, but it was fine in the end.",
    "Now the club has many members.",
    "The customer left and we closed the store.",
    "I now have a job at the same company.",
    "I was sad for a week, and then I moved on.",
    "We lost the client, which cost the company money.",
]


@pytest.mark.parametrize("result", LESSONS)
def test_a_lesson_passes_a_failure_question_without_a_number(result):
    assert model.has_lesson(result)
    check = finding({**STRONG_STAR, "result": result}, "lesson_learned", "lesson")
    assert check.passed
    assert finding({**STRONG_STAR, "result": result}, "measurable_result", "lesson") is None


@pytest.mark.parametrize("result", NOT_LESSONS)
def test_a_failure_story_without_a_lesson_is_asked_for_one(result):
    assert not model.has_lesson(result)
    check = finding({**STRONG_STAR, "result": result}, "lesson_learned", "lesson")
    assert not check.passed and "what do you do differently now" in check.message


def test_a_number_alone_does_not_answer_a_failure_question():
    parts = {**STRONG_STAR}  # "from 40 minutes to 15 minutes", no lesson
    assert not finding(parts, "lesson_learned", "lesson").passed


def test_a_lesson_alone_does_not_give_a_measurable_result_elsewhere():
    parts = {**STRONG_STAR, "result": "I learned to ask for help on the first day of a project."}
    assert not finding(parts, "measurable_result").passed
    assert finding(parts, "lesson_learned") is None


def test_failure_and_conflict_questions_are_marked_for_a_lesson(content):
    star = content.by_kind["star_questions"]
    kinds = {q.id: q.result_kind for q in star.questions}
    assert kinds["rejection_lesson"] == kinds["made_a_mistake"] == "lesson"
    for question in star.questions:
        if question.category in ("failure", "conflict"):
            assert question.result_kind == "lesson", question.id
    assert kinds["improved_process"] == "measure"


# --- length: one setting for the message, the limits and the drill ----------------------


def _answer_of(total: int) -> dict[str, str]:
    """STRONG_STAR's parts, its Action padded or cut to ``total`` words in all."""
    others = sum(len(model.words(STRONG_STAR[p])) for p in ("situation", "task", "result"))
    filler_free = ("I " + "checked the list again " * 200).split()
    return {**STRONG_STAR, "action": " ".join(filler_free[: total - others])}


def test_the_length_limits_follow_the_speaking_time():
    assert (RULES.min_seconds, RULES.max_seconds, RULES.words_per_minute) == (60, 120, 130)
    assert (RULES.min_words_total, RULES.max_words) == (130, 260)
    assert finding(_answer_of(130), "length").passed
    assert finding(_answer_of(260), "length").passed
    short, long = finding(_answer_of(129), "length"), finding(_answer_of(261), "length")
    assert not short.passed and not long.passed
    for check in (short, long):
        assert "1 to 2 minutes to say: about 130 to 260 words" in check.message


def test_the_length_message_changes_with_the_setting():
    rules = StarRules(min_seconds=90, max_seconds=150, words_per_minute=120)
    parts = {p: "I did it well." for p in model.PARTS}
    message = {f.rule: f for f in model.star_feedback(parts, rules)}["length"].message
    assert "1.5 to 2.5 minutes to say: about 180 to 300 words" in message


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [
        (60, 120, "1 to 2 minutes"),
        (90, 150, "1.5 to 2.5 minutes"),
        (45, 120, "45 seconds to 2 minutes"),
        (30, 50, "30 seconds to 50 seconds"),
        (60, 100, "1 minute to 100 seconds"),
    ],
)
def test_a_span_of_speaking_time_in_words(low, high, said):
    assert model.spoken_span(low, high) == said


def test_the_drill_gives_the_time_the_length_check_allows(content):
    assert content.by_kind["mock_interview"].answer_seconds == RULES.max_seconds


def test_the_kits_rules_are_the_defaults_a_folder_without_rules_gets():
    assert StarRules() == RULES


def test_the_dashboard_the_export_and_the_plan_use_each_questions_result_kind(store, content):
    from workshop_kit.analysis import star_failures
    from workshop_kit.export import tables
    from workshop_kit.models.action_plan import build_plan

    workshop, _key = store.create_workshop("Lessons")
    student = store.create_participant(join_code=workshop.code)
    # a number but no lesson, for a mistake question; and the same for a measure question
    for question in ("made_a_mistake", "improved_process"):
        for part, text in STRONG_STAR.items():
            store.save_answer(student, "interview", f"star.{question}.{part}", text)
    snapshot = store.workshop_snapshot(workshop.id)
    failed = tables(snapshot, content)["star_answers"].set_index("question_id")["checks_failed"]
    assert failed["made_a_mistake"] == "lesson_learned"
    assert failed["improved_process"] == ""
    assert list(star_failures(snapshot, content)["rule"]) == ["lesson_learned"]
    plan = build_plan(content, store.all_answers(student), "")
    assert any("what do you do differently now" in gap for gap in plan.star_gaps)
