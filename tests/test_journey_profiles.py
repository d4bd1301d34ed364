"""Stages 1 and 2 together, without a browser: hand-made students rate their skills and
interests through the real stage 1 widgets, then open stage 2 and see what it offers."""

from __future__ import annotations

import re

import pytest
from samples import CARER, CODER, IT_STUDENT, WRITER

from workshop_kit import analysis
from workshop_kit.charts import group_interests_html
from workshop_kit.stages.alternative_careers import AlternativeCareers, RoleCard
from workshop_kit.stages.self_assessment import SelfAssessment


@pytest.fixture
def workshop(store):
    return store.create_workshop("Journey")


def stage_1(content, store, person) -> SelfAssessment:
    return SelfAssessment(content, store, person, delay=0)


def rated(content, store, workshop, skills, interests=None, comfort=None):
    """A student who rated ``skills`` and, per interest area, every line of it
    (``{area id: rating}``, the other areas 2) on stage 1, through its widgets."""
    person = store.create_participant(join_code=workshop[0].code)
    page = stage_1(content, store, person)
    for skill, value in skills.items():
        page.rate(skill, value)
    if interests is not None:
        for area in content.interests.areas:
            for item in area.items:
                page.rate_interest(item.id, interests.get(area.id, 2))
    if comfort is not None:
        page.choose_comfort(comfort)
    return person


def every_skill(content, value):
    return {skill.id: value for skill in content.skills.skills}


def card_html(stage: AlternativeCareers, role_id: str) -> str:
    card = next(c for c in stage._cards() if c.role_id == role_id)
    return card.info.value


def industry(content, role_id):
    return next(r.industry for r in content.roles.roles if r.id == role_id)


# --- stage 1: the interests profile ------------------------------------------------------


def test_interest_ratings_save_and_the_summary_names_the_lean(content, store, workshop):
    person = store.create_participant(join_code=workshop[0].code)
    page = stage_1(content, store, person)
    assert "Rate the lines" in page.interest_summary.value
    for area in content.interests.areas:
        for item in area.items:
            page.rate_interest(item.id, 5 if area.id in ("social", "enterprising") else 2)
    saved = store.answers(person, "self_assessment")
    assert saved["interest.teach_someone"] == 5 and saved["interest.fix_things"] == 2
    assert "You lean towards Social and Enterprising work" in page.interest_summary.value
    assert "30 of 30 lines rated" in page.interest_progress.value
    assert page.interest_chart.value.count("5.0/5") == 2
    assert "Helping people: 5.0 of 5" in page.interest_chart.value
    again = stage_1(content, store, person)
    assert again.interest_scales["teach_someone"].value == 5
    assert "Social and Enterprising" in again.interest_summary.value


def test_interest_lines_use_their_own_level_words(content, store):
    page = stage_1(content, store, store.create_participant())
    scale = page.interest_scales["fix_things"]
    assert scale.levels[0] == "Not for me" and scale.levels[-1] == "I would love it"
    assert page.scales["presenting"].levels[0] == "New to me"


def test_even_interests_are_called_even_not_given_a_top_two(content, store, workshop):
    person = rated(content, store, workshop, {}, interests=dict.fromkeys(["realistic"], 4))
    person_page = stage_1(content, store, person)
    # realistic 4, the others 2: one clear lean
    assert "You lean towards Realistic work" in person_page.interest_summary.value
    flat = store.create_participant(join_code=workshop[0].code)
    page = stage_1(content, store, flat)
    for area in content.interests.areas:
        for item in area.items:
            page.rate_interest(item.id, 4)
    assert "spread evenly" in page.interest_summary.value


def test_a_forged_interest_rating_is_ignored(content, store):
    page = stage_1(content, store, store.create_participant())
    page.rate_interest("fix_things", 4)
    page.interest_scales["fix_things"].set_state({"value": 99})
    assert page.interest_scales["fix_things"].value == 4
    assert store.answers(page.participant, "self_assessment") == {"interest.fix_things": 4}


def test_a_paused_stage_refuses_an_interest_rating_and_puts_it_back(content, store, workshop):
    workshop_row, key = workshop
    person = store.create_participant(join_code=workshop_row.code)
    page = stage_1(content, store, person)
    page.rate_interest("fix_things", 3)
    store.set_stage_locked(workshop_row, key, "self_assessment", True)
    page.rate_interest("fix_things", 5)
    scale = page.interest_scales["fix_things"]
    assert scale.value == 3 and scale.status_kind == "error" and "paused" in scale.status
    assert store.answers(person, "self_assessment")["interest.fix_things"] == 3


def test_the_sections_are_numbered_in_order(content, store):
    page = stage_1(content, store, store.create_participant())
    html = "".join(w.value for w in page.children if isinstance(getattr(w, "value", 0), str))
    numbers = [int(n) for n in re.findall(r"<h2>(\d)\. ", html)]
    assert numbers == [1, 2, 3, 4, 5]


# --- stage 2: hand-made profiles ----------------------------------------------------------


def test_a_flat_profile_is_asked_for_three_picks_then_gets_a_list(content, store, workshop):
    person = rated(content, store, workshop, every_skill(content, 3))
    stage = AlternativeCareers(content, store, person)
    assert stage.ranking.needs_picks
    assert stage.close_roles == [] and stage.stretch_roles == []
    assert "Pick the 3 skills you are strongest in" in stage.pick_note.value
    assert len(stage.pick_box.children) == 4  # the note and three choices

    stage.pick("programming", "analytical_thinking", "data_analysis")
    assert stage.ranking.state == "picked"
    assert stage.close_roles and stage.stretch_roles
    assert industry(content, stage.close_roles[0]) in {"tech", "data"}
    assert store.answers(person, "alternative_careers")["strongest_skills"] == [
        "programming",
        "analytical_thinking",
        "data_analysis",
    ]
    again = AlternativeCareers(content, store, person)
    assert [box.value for box in again.pick_boxes] == [
        "programming",
        "analytical_thinking",
        "data_analysis",
    ]
    assert again.close_roles == stage.close_roles


def test_a_stale_or_forged_saved_pick_is_dropped(content, store, workshop):
    person = rated(content, store, workshop, every_skill(content, 5))
    store.save_answer(person, "alternative_careers", "strongest_skills", ["gone", "<b>", "editing"])
    stage = AlternativeCareers(content, store, person)
    assert stage.picks == ["editing"]
    assert [box.value for box in stage.pick_boxes] == ["editing", "", ""]
    assert stage.ranking.state == "picked"


def test_a_profile_with_a_clear_strength_gets_no_pick_prompt(content, store, workshop):
    stage = AlternativeCareers(content, store, rated(content, store, workshop, CODER))
    assert stage.ranking.state == "ranked" and stage.pick_box.children == ()


def test_a_writer_hears_about_writing_and_creating(content, store, workshop):
    person = rated(content, store, workshop, WRITER, interests={"artistic": 5})
    stage = AlternativeCareers(content, store, person)
    first = stage.close_roles[0]
    assert industry(content, first) in {"marketing", "media"}
    why = card_html(stage, first)
    assert re.search(r"Uses your (stories and social media|emails and reports)", why)
    assert "fits your interest in creating" in why
    assert "Based on the 9 skills and the interests you rated" in stage.children[0].value


def test_a_coder_sees_tech_roles_with_teer_and_a_noc_link(content, store, workshop):
    stage = AlternativeCareers(content, store, rated(content, store, workshop, CODER))
    first = stage.close_roles[0]
    assert industry(content, first) in {"tech", "data"}
    role = next(r for r in content.roles.roles if r.id == first)
    html = card_html(stage, first)
    assert f"NOC {role.noc}</a>" in html
    link = re.search(r'<a class="wk-noc" href="([^"]+)" target="_blank"[^>]* rel="([^"]+)"', html)
    assert link and f"CPV={role.noc}" in link.group(1) and "noopener" in link.group(2)
    assert f"TEER {role.teer}:" in html and "What it takes" in html


def test_an_it_student_interested_in_start_ups_sees_the_start_up_suggestion(
    content, store, workshop
):
    person = rated(content, store, workshop, IT_STUDENT, interests={"enterprising": 5})
    stage = AlternativeCareers(content, store, person)
    assert industry(content, stage.close_roles[0]) == "tech"
    shown = set(stage.close_roles) | set(stage.stretch_roles)
    assert "startup_operations_intern" in shown or "Start-up operations intern" in (
        stage.suggestion.value
    )
    assert "Your skills also fit start-ups:" in stage.suggestion.value

    stage.set_employer("startup")
    roles = {r.id: r for r in content.roles.roles}
    listed = stage.close_roles + stage.stretch_roles
    assert listed and all("startup" in roles[r].employers for r in listed)
    assert "startup_operations_intern" in listed
    assert store.answers(person, "alternative_careers")["employer"] == "startup"
    assert AlternativeCareers(content, store, person).employer.value == "startup"


def test_the_employer_filter_narrows_browsing_too(content, store, workshop):
    stage = AlternativeCareers(content, store, rated(content, store, workshop, CARER))
    stage.browse.value = "healthcare"
    everyone = [c.role_id for c in stage.browse_box.children if isinstance(c, RoleCard)]
    stage.set_employer("small_business")
    roles = {r.id: r for r in content.roles.roles}
    small = [c.role_id for c in stage.browse_box.children if isinstance(c, RoleCard)]
    assert small and set(small) < set(everyone)
    assert all("small_business" in roles[r].employers for r in small)


def test_a_care_minded_student_gets_care_roles_naming_skills_and_interests(
    content, store, workshop
):
    person = rated(content, store, workshop, CARER, interests={"social": 5})
    stage = AlternativeCareers(content, store, person)
    first = stage.close_roles[0]
    assert first == "personal_support_worker"
    why = card_html(stage, first)
    assert "Uses your caring for people" in why and "fits your interest in helping people" in why
    assert all(industry(content, r) != "healthcare" for r in stage.stretch_roles)


def test_a_forged_employer_is_not_saved(content, store, workshop):
    person = rated(content, store, workshop, CODER)
    stage = AlternativeCareers(content, store, person)
    stage._on_employer({"new": "<script>"})
    assert store.answers(person, "alternative_careers")["employer"] == ""


# --- words that match what is shown ------------------------------------------------------


def test_without_a_field_close_to_home_does_not_claim_a_known_field(content, store, workshop):
    stage = AlternativeCareers(content, store, rated(content, store, workshop, CODER))
    assert stage.field.value == ""
    assert "Roles in the field you know" not in stage.close_head.value
    name = {i.id: i.name for i in content.roles.industries}[industry(content, stage.close_roles[0])]
    assert f"You have not chosen a field yet, so these roles are in {name}" in (
        stage.close_head.value
    )
    stage.set_field("tech")
    assert "Roles in the field you know" in stage.close_head.value


def test_a_close_to_home_card_never_calls_itself_a_real_stretch(content, store, workshop):
    stage = AlternativeCareers(content, store, rated(content, store, workshop, WRITER))
    stage.set_field("engineering")  # the writer's strengths are central to none of these
    close = [card_html(stage, r) for r in stage.close_roles]
    assert close and not any("real stretch" in html for html in close)
    assert any("in your field, but none of your strongest skills" in html for html in close)


# --- stage 1's "how wide" sets how far the stretch list reaches ----------------------------


@pytest.mark.parametrize(
    ("comfort", "count", "fields"),
    [("same_role", 2, None), ("same_field", 3, None), ("new_field", 5, 5), ("anything", 8, 8)],
)
def test_how_wide_the_student_looks_sets_the_stretch_list(
    content, store, workshop, comfort, count, fields
):
    person = rated(content, store, workshop, WRITER, comfort=comfort)
    stage = AlternativeCareers(content, store, person)
    assert len(stage.stretch_roles) == count
    if fields is not None:
        assert len({industry(content, r) for r in stage.stretch_roles}) == fields
    label = next(o.label for o in content.self_assessment.comfort_zone.options if o.id == comfort)
    assert f'In stage 1 you said: "{label}"' in stage.stretch_head.value.replace("&quot;", '"')


def test_without_a_comfort_answer_the_stretch_list_keeps_its_size(content, store, workshop):
    stage = AlternativeCareers(content, store, rated(content, store, workshop, WRITER))
    assert len(stage.stretch_roles) == content.alternative_careers.suggestions
    assert "say how wide you are ready to look" in stage.stretch_head.value


# --- the dashboard's interest spread ------------------------------------------------------


def test_the_group_interest_spread_needs_three_people(content, store, workshop):
    workshop_row = workshop[0]
    for _ in range(2):
        rated(content, store, workshop, {}, interests={"social": 5})
    snapshot = store.workshop_snapshot(workshop_row.id)
    assert analysis.interest_spread(snapshot, content) == {}
    html = group_interests_html(content.interests, {}, 5, 3)
    assert "too few" in html and "at least 3 students" in html

    rated(content, store, workshop, {}, interests={"social": 2, "artistic": 5})
    means = analysis.interest_spread(store.workshop_snapshot(workshop_row.id), content)
    assert means["social"] == pytest.approx(4.0)
    assert means["artistic"] == pytest.approx(3.0)
    assert "Helping people: 4.0 of 5" in group_interests_html(content.interests, means, 5, 3)


def test_interests_alone_are_said_to_guide_the_list(content, store, workshop):
    person = rated(content, store, workshop, {}, interests={"social": 5})
    stage = AlternativeCareers(content, store, person)
    assert "so these roles follow your interests alone" in stage.children[0].value
    assert "social" in next(
        r.interests for r in content.roles.roles if r.id == stage.close_roles[0]
    )
