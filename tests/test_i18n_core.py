"""English and French: choosing a page's language, the catalogs, dates and numbers, the
store's language rules, and the content check across languages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from workshop_kit import i18n
from workshop_kit.catalogs import catalog_gaps
from workshop_kit.content import content_languages, load_content
from workshop_kit.content.languages import compare_languages
from workshop_kit.identity import Arrival, offered_languages, page_language
from workshop_kit.models.self_assessment import rating_key
from workshop_kit.store import Participant, Store, StoreError, Workshop

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = ROOT / "exercises"


# --- the language itself ---------------------------------------------------------------


def test_codes_are_normalised_and_unknown_ones_fall_back_to_english():
    assert i18n.normalize("fr-CA") == "fr"
    assert i18n.normalize("FR_ca") == "fr"
    assert i18n.normalize("<script>") is None
    try:
        assert i18n.use("fr-CA") == "fr"
        assert i18n.use("xx") == "en"  # no catalog: the kit speaks English
    finally:
        i18n.use("en")


def test_the_browser_header_picks_the_first_offered_language_by_weight():
    offered = ("en", "fr")
    assert i18n.preferred("fr-CA,fr;q=0.9,en;q=0.8", offered) == "fr"
    assert i18n.preferred("de-DE,en;q=0.5,fr;q=0.7", offered) == "fr"  # by weight, not order
    assert i18n.preferred("de,es", offered) is None
    assert i18n.preferred("fr;q=0", offered) is None  # "not French"
    assert i18n.preferred(["es-MX", "fr-CA"], offered) == "fr"  # navigator.languages


def test_dates_and_numbers_follow_the_language(french):
    assert i18n.format_date(date(2026, 12, 3)) == "3 décembre 2026"
    assert i18n.format_number(1234.5, 1) == "1\u00a0234,5"
    assert i18n.format_percent(0.45) == "45\u00a0%"
    i18n.use("en")
    assert i18n.format_date(date(2026, 12, 3)) == "December 3, 2026"
    assert i18n.format_number(1234.5, 1) == "1,234.5"


def test_the_french_catalog_translates_the_kit_and_english_needs_none(french):
    assert i18n._("Start fresh") == "Recommencer à zéro"
    i18n.use("en")
    assert i18n._("Start fresh") == "Start fresh"


def test_every_marked_word_of_the_kit_has_a_french_translation():
    gaps = catalog_gaps("fr")
    missing = [message for _key, message, _place in gaps.untranslated]
    assert not gaps.missing_catalog
    assert not missing, f"{len(missing)} untranslated, first: {missing[:5]}"
    assert not gaps.fuzzy, f"fuzzy guesses are not translations: {gaps.fuzzy[:5]}"


def test_the_command_line_speaks_the_shell_language(monkeypatch):
    for variable in ("WORKSHOP_KIT_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert i18n.command_line_language() == "en"
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert i18n.command_line_language() == "fr"
    monkeypatch.setenv("WORKSHOP_KIT_LANGUAGE", "en")
    assert i18n.command_line_language() == "en"


# --- which language a page speaks --------------------------------------------------


def _participant(language=None, workshop_id=None) -> Participant:
    return Participant(1, "token", workshop_id, None, None, language)


def test_the_page_language_order_address_choice_workshop_browser(monkeypatch):
    offered = ("en", "fr")
    in_french = Workshop(1, "ABC-123", "Atelier", True, "fr")
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "fr-CA,fr;q=0.9")
    # On their own, the browser decides.
    assert page_language(offered, Arrival(), _participant()) == "fr"
    # A workshop's language beats the browser's...
    english = Workshop(2, "XYZ-789", "Workshop", True, "en")
    assert page_language(offered, Arrival(), _participant(workshop_id=2), english) == "en"
    # ...the student's own choice beats the workshop's...
    assert page_language(offered, Arrival(), _participant("en", 1), in_french) == "en"
    # ...and the address beats everything.
    assert page_language(offered, Arrival(language="fr"), _participant("en"), english) == "fr"
    # Languages the kit does not offer are passed over.
    monkeypatch.setenv("HTTP_ACCEPT_LANGUAGE", "de")
    assert page_language(offered, Arrival(language="de"), _participant()) == "en"


def test_the_kit_offers_english_and_french():
    assert offered_languages() == ("en", "fr")
    assert content_languages(EXERCISES) == ("en", "fr")


# --- the store's rules ----------------------------------------------------------------


def test_a_workshop_language_is_set_by_its_instructor_only(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    workshop, key = store.create_workshop("Atelier", language="fr")
    assert store.workshop_by_code(workshop.code).language == "fr"
    with pytest.raises(StoreError):
        store.set_workshop_language(workshop, "wrong key", "en")
    with pytest.raises(StoreError):
        store.set_workshop_language(workshop, key, "xx")  # forged: no such language
    with pytest.raises(StoreError):
        store.create_workshop("Workshop", language="<b>")
    assert store.set_workshop_language(workshop, key, "en").language == "en"
    assert store.workshop_by_id(workshop.id).language == "en"


def test_a_students_choice_is_remembered_and_each_answer_says_its_language(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    workshop, _key = store.create_workshop("Mixed class")
    anglophone = store.create_participant(join_code=workshop.code)
    francophone = store.set_participant_language(
        store.create_participant(join_code=workshop.code), "fr"
    )
    with pytest.raises(StoreError):
        store.set_participant_language(anglophone, "klingon")
    assert store.participant_by_token(francophone.token).language == "fr"
    assert store.participant_by_token(anglophone.token).language is None

    store.save_answer(anglophone, "self_assessment", "skill:teamwork", 4)
    store.save_answer(francophone, "self_assessment", "skill:teamwork", 5)
    snapshot = store.workshop_snapshot(workshop.id)
    # One id for both: the two ratings count together.
    assert snapshot["answers"][anglophone.id]["self_assessment"]["skill:teamwork"] == 4
    assert snapshot["answers"][francophone.id]["self_assessment"]["skill:teamwork"] == 5
    assert snapshot["answer_languages"] == {
        francophone.id: {"self_assessment": {"skill:teamwork": "fr"}}
    }
    chosen = {row["participant_id"]: row["language"] for row in snapshot["participants"]}
    assert chosen == {anglophone.id: None, francophone.id: "fr"}


# --- content in two languages ---------------------------------------------------------


def test_french_content_loads_with_the_same_ids_as_english():
    english = load_content(EXERCISES, "en")
    french = load_content(EXERCISES, "fr")
    assert french.language == "fr" and english.language == "en"
    assert compare_languages(english, french) == []
    assert [s.id for s in french.skills.skills] == [s.id for s in english.skills.skills]
    assert french.skills.skills[0].name != english.skills.skills[0].name


def _two_languages(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(EXERCISES / "en", root / "en")
    shutil.copytree(EXERCISES / "fr", root / "fr")
    return root


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _check(folder: Path, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", "check", str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"},
    )


def test_check_passes_the_kits_own_two_languages(tmp_path):
    result = _check(EXERCISES, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Average reading grade (Flesch-Kincaid)" in result.stdout
    assert "Average reading ease (Kandel-Moles)" in result.stdout
    assert "every text translated" in result.stdout


def test_check_names_each_difference_between_the_languages(tmp_path):
    root = _two_languages(tmp_path)
    fr = root / "fr"
    english = load_content(EXERCISES, "en")
    _edit(fr / "interview_scenarios.yaml", lambda d: d["scenarios"][0].update(id="autre"))
    _edit(fr / "interview_statements.yaml", lambda d: d["statements"].pop())
    _edit(fr / "welcome.yaml", lambda d: d.update(intro=english.welcome.intro))
    (fr / "pitch.yaml").unlink()
    result = _check(root, tmp_path)
    assert result.returncode == 1
    err = result.stderr
    first = english.by_kind["interview_scenarios"].scenarios[0].id
    assert f"fr/interview_scenarios.yaml: scenarios[0].id: is 'autre' but '{first}'" in err
    assert "fr/interview_statements.yaml: statements: has" in err
    assert "fr/welcome.yaml: 1 text is still in English (intro)" in err
    assert "has no 'pitch' file; the English folder has pitch.yaml" in err
    assert "Traceback" not in err


def test_a_copied_folder_for_a_third_language_is_reported_as_untranslated(tmp_path):
    root = _two_languages(tmp_path)
    shutil.copytree(root / "en", root / "es")
    result = _check(root, tmp_path)
    assert result.returncode == 1
    assert "es/welcome.yaml" in result.stderr and "still in English" in result.stderr
    # No catalog of the kit's words for Spanish yet: the check says how to add one.
    assert "no catalog of the kit's own words" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_export_command_writes_a_french_workshops_reports_in_french(tmp_path):
    """The instructor's shell speaks English; the files follow the workshop's language, and
    the rows keep the ids and say the language of each answer."""
    url = f"sqlite:///{tmp_path / 'export.db'}"
    with Store(url) as store:
        workshop, _key = store.create_workshop("Atelier de Moncton", language="fr")
        student = store.set_participant_language(
            store.create_participant(join_code=workshop.code, display_name="Zoé"), "fr"
        )
        skill = load_content(EXERCISES, "en").skills.skills[0].id
        store.save_answer(student, "self_assessment", rating_key(skill), 4)
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "workshop_kit.cli",
            "export",
            workshop.code,
            "--format",
            "csv",
            "--out",
            str(out),
        ],
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "WORKSHOP_KIT_DB": url,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Exported 1 participant" in result.stdout  # the shell's language
    ratings = (out / f"workshop-{workshop.code}-ratings.csv").read_text("utf-8-sig")
    # the id as in English, the skill's name in French, the answer's language
    assert f'"P001","{skill}","Présenter devant un groupe"' in ratings
    assert ratings.strip().endswith('"fr"')
    archive = next(out.glob("*.zip"))
    import zipfile

    with zipfile.ZipFile(archive) as reports:
        html = reports.read("report-P001.html").decode()
    assert "lang='fr'" in html or 'lang="fr"' in html
    assert "Mon plan d'action" in html or "plan d&#x27;action" in html.lower()
