"""The instructor's side in French: ``session new --language fr`` and the command
line's messages, the dashboard of a French workshop (and its language menu), and the
presenter view's panels."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import ipywidgets as widgets
import pytest

from workshop_kit import i18n
from workshop_kit.content import load_content
from workshop_kit.models import presenter as presenter_model
from workshop_kit.models.presenter import View
from workshop_kit.stages.dashboard import Dashboard
from workshop_kit.stages.presenter import Presenter
from workshop_kit.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[1]
# The kit's own words on these pages, which a French page must not show.
ENGLISH = (
    "Join code",
    "Instructor key",
    "Workshop language",
    "Stage control",
    "Activity timer",
    "Start timer",
    "Stop timer",
    "Timer label",
    "Presenter",
    "Reveal the answer",
    "On the projector",
    "Prepare exports",
    "Include students",
    "Top ideas",
    "No ideas posted",
    "Hidden ideas",
    "Show again",
    "Progress<",
    "The group's skills",
    "Tricky moments",
    "STAR answers",
    "Mock interview",
    "No answers yet",
    "No one has joined",
    "active in the last",
    "Students scan",
    "Waiting for more answers",
    "so far",
    "answered",
    "Statement",
    "right answer",
    "people have joined",
    "Scan the code",
    "type the join code",
    "Strongest skills",
    "Average rating",
    "left for this activity",
    "No activity timer",
    "paused",
    "open now",
    "Your answers are saved",
    "Hide",
    "Undo",
    "Yes, hide it",
)


@pytest.fixture(scope="module")
def content_root(tmp_path_factory) -> Path:
    """A content folder with English and French: the French files the kit has, and the
    English ones where a French file is still being written (same ids)."""
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(ROOT / "exercises" / "en", root / "en")
    shutil.copytree(ROOT / "exercises" / "en", root / "fr")
    for path in (ROOT / "exercises" / "fr").glob("*.yaml"):
        shutil.copy(path, root / "fr" / path.name)
    load_content(root, "fr")  # the mix is valid content
    return root


def content_for(root: Path):
    return lambda language: load_content(root, language)


def visible_texts(widget: widgets.Widget) -> list[str]:
    """Every string a person reads in ``widget``'s tree: values of text widgets,
    descriptions, placeholders, tooltips and menu entries."""
    texts: list[str] = []
    for child in getattr(widget, "children", ()):
        texts += visible_texts(child)
    for trait in ("description", "placeholder", "tooltip"):
        value = getattr(widget, trait, None)
        if isinstance(value, str) and value:
            texts.append(value)
    if isinstance(widget, (widgets.HTML, widgets.Label, widgets.Text)):
        texts.append(widget.value)
    if isinstance(widget, widgets.Dropdown):
        texts += [label for label, _code in widget.options]
    return texts


def english_in(texts: list[str]) -> list[str]:
    """The English words among ``texts`` (HTML read as the browser shows it)."""
    shown = [unescape(text) for text in texts]
    return [f"{word!r} in {text[:80]!r}" for text in shown for word in ENGLISH if word in text]


# --- the command line -------------------------------------------------------------


def run_cli(
    *args: str, data: Path, root: Path, language: str | None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_KIT_DATA": str(data), "WORKSHOP_KIT_CONTENT": str(root)}
    for variable in ("WORKSHOP_KIT_DB", "WORKSHOP_KIT_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(variable, None)
    env["LANG"] = "C.UTF-8"
    if language:
        env["WORKSHOP_KIT_LANGUAGE"] = language
    return subprocess.run(
        [sys.executable, "-m", "workshop_kit.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_session_new_in_french_makes_a_french_workshop_and_says_so_in_french(
    tmp_path, content_root
):
    made = run_cli(
        "session", "new", "Groupe d'essai", "--language", "fr", "--port", "8866",
        data=tmp_path, root=content_root, language="fr",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    out = made.stdout
    assert "Atelier\u00a0:" in out and "Groupe d'essai" in out
    assert "Langue\u00a0:" in out and "Français" in out
    assert "Code d'accès\u00a0:" in out and "Clé d'animation\u00a0:" in out
    assert "Gardez cette clé pour vous" in out
    for english in ("Workshop:", "Join code", "Instructor key", "Keep the key", "Students open"):
        assert english not in out
    code = next(line.split()[-1] for line in out.splitlines() if "Code d'accès" in line)
    with Store(f"sqlite:///{tmp_path / 'workshop.sqlite3'}") as store:
        assert store.workshop_by_code(code).language == "fr"

    # an unknown workshop, in French too
    ended = run_cli("links", "ZZZ-ZZZ", data=tmp_path, root=content_root, language="fr")
    assert ended.returncode == 1
    assert "Il n'y a aucun atelier avec le code 'ZZZ-ZZZ'." in ended.stderr


def test_the_command_lines_english_stays_and_its_language_choices_are_the_kits(
    tmp_path, content_root
):
    made = run_cli("session", "new", "Test", "--port", "8866", data=tmp_path,
                   root=content_root, language=None)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Workshop:        Test\nJoin code:       ")
    assert "Language:" not in made.stdout  # English, the default, is not announced
    code = made.stdout.split("Join code:")[1].split()[0]
    with Store(f"sqlite:///{tmp_path / 'workshop.sqlite3'}") as store:
        assert store.workshop_by_code(code).language == "en"
    refused = run_cli("session", "new", "X", "--language", "de", data=tmp_path,
                      root=content_root, language=None)  # fmt: skip
    assert refused.returncode == 2 and "invalid choice: 'de'" in refused.stderr
    helped = run_cli("session", "new", "--help", data=tmp_path, root=content_root, language="fr")
    assert "la langue des pages et du contenu de l'atelier" in helped.stdout
    assert "{en,fr}" in helped.stdout


# --- the dashboard ----------------------------------------------------------------


def test_the_dashboard_of_a_french_workshop_speaks_french(store, content_root):
    content = load_content(content_root, "en")
    w, key = store.create_workshop("Atelier de Moncton", language="fr")
    people = [store.create_participant(join_code=w.code) for _ in range(3)]
    idea = store.post_idea(people[0], "<b>Gras</b> idée")
    store.post_idea(people[1], "Une autre idée")
    try:
        board = Dashboard(content, store, content_for=content_for(content_root))
        assert board.unlock(w.code, key)
        assert i18n.current() == "fr" and board.content.language == "fr"
        assert board.page_language.language == "fr"  # the page's lang attribute
        assert "Tableau de bord de l'animation" in unescape(board.title.value)
        assert "3 inscrits" in board.header.value
        assert board.language_box.value == "fr" and board.language_box.label == "Français"
        board.hide(idea)
        board.set_locked("interview", True)
        board.present("next_panel")
        mine = [part.widget for part in board.parts if part.name not in ("confidence", "end")]
        texts = [text for part in mine for text in visible_texts(part)]
        assert english_in(texts) == []
        raw = "\n".join(texts)
        shown = unescape(raw)
        for french in (
            "Contrôle des étapes",
            "Minuterie d'activité",
            "Lancer la minuterie",
            "Vue de présentation",
            "Au projecteur\u00a0: <strong>2 sur 8\u00a0: Les compétences et les intérêts",
            "Préparer les exportations",
            "Meilleures idées",
            "Idées masquées (1)",
            "Afficher de nouveau",
            "Progression",
            "verrouillée",
        ):
            assert french in shown, french
        # a student's words still show as typed, escaped
        assert "&lt;b&gt;Gras&lt;/b&gt; idée" in raw and "<b>Gras" not in raw
        assert "L'étape 3." in board.control_status.message
    finally:
        i18n.use("en")


def test_the_language_menu_changes_the_workshop_and_the_dashboard(store, content_root):
    content = load_content(content_root, "en")
    w, key = store.create_workshop("Bilingual group")
    try:
        board = Dashboard(content, store, content_for=content_for(content_root))
        assert board.unlock(w.code, key)
        assert "Stage control" in board.controls.children[0].value
        assert [label for label, _code in board.language_box.options] == ["English", "Français"]
        board.language_box.value = "fr"
        assert store.workshop_by_code(w.code).language == "fr"
        assert board.workshop.language == "fr" and board.content.language == "fr"
        assert "Contrôle des étapes" in board.controls.children[0].value
        assert board.language_box.value == "fr"  # the rebuilt menu shows the choice
        assert "Français" in board.language_status.message
        assert english_in(visible_texts(board.part("board").widget)) == []
        board.language_box.value = "en"
        assert store.workshop_by_code(w.code).language == "en"
        assert "Stage control" in board.controls.children[0].value
    finally:
        i18n.use("en")


def test_the_store_refuses_a_language_without_the_key(store):
    w, _key = store.create_workshop("Keyed")
    with pytest.raises(StoreError):
        store.set_workshop_language(w, "not the key", "fr")
    assert store.workshop_by_code(w.code).language == "en"


def test_a_workshop_created_on_a_french_dashboard_is_french(store, content_root, french):
    content = load_content(content_root, "fr")
    board = Dashboard(content, store, content_for=content_for(content_root))
    assert board.create_button.description == "Créer un atelier"
    assert board.new_language.value == "fr"
    assert board.create("Groupe du soir")
    assert board.workshop.language == "fr"
    notice = board.created.value
    assert "Atelier créé." in notice and "Clé d'animation\u00a0:" in notice


def test_an_unfinished_french_folder_leaves_the_dashboard_working(store, tmp_path):
    """While a translator is still writing exercises/fr/, a French workshop's dashboard
    and presenter open, in French words, with the content they already had."""
    shutil.copytree(ROOT / "exercises" / "en", tmp_path / "en")
    (tmp_path / "fr").mkdir()
    shutil.copy(ROOT / "exercises" / "en" / "roles.yaml", tmp_path / "fr" / "roles.yaml")
    content = load_content(tmp_path, "en")
    w, key = store.create_workshop("Unfinished", language="fr")
    try:
        board = Dashboard(content, store, content_for=content_for(tmp_path))
        assert board.unlock(w.code, key)
        assert (
            board.content is content and "Contrôle des étapes" in board.controls.children[0].value
        )
        presenter = Presenter(content, store, code=w.code, content_for=content_for(tmp_path))
        assert presenter.enter(w.code, store.presenter_pass(w, key))
        assert presenter.content is content
    finally:
        i18n.use("en")


# --- the presenter view -----------------------------------------------------------


def test_every_presenter_panel_of_a_french_workshop_is_french(store, content_root):
    content = load_content(content_root, "en")
    w, key = store.create_workshop("Projecteur", language="fr")
    people = [store.create_participant(join_code=w.code) for _ in range(4)]
    for n, person in enumerate(people):
        store.save_answer(person, "self_assessment", "rating.presenting", 3 + n % 2)
    store.post_idea(people[0], "<script>alert(1)</script> idée")
    store.start_timer(w, key, "Réflexion", 300)
    store.set_stage_locked(w, key, "interview", True)
    try:
        presenter = Presenter(content, store, code=w.code, content_for=content_for(content_root))
        assert presenter.enter(w.code, store.presenter_pass(w, key))
        assert i18n.current() == "fr" and presenter.content.language == "fr"
        assert presenter.screen.language == "fr"  # the page's lang attribute
        titles = {}
        for panel in presenter_model.PANELS:
            presenter.view = View(panel.id)
            html = presenter.render()
            assert english_in([html]) == [], panel.id
            titles[panel.id] = unescape(html)
            assert "<script>" not in html
        assert "Rejoindre l'atelier" in titles["joining"]
        assert "4 personnes se sont jointes à l'atelier" in titles["joining"]
        assert "Compétences les plus fortes" in titles["skills"]
        assert "Les compétences et les intérêts du groupe" in titles["skills"]
        assert "3,5" in titles["skills"]  # a decimal comma
        assert "Énoncé 1 sur" in titles["statement"]
        assert "En attente d'autres réponses." in titles["statement"]
        assert "Moment 1 sur" in titles["scenario"]
        assert "<script>alert(1)</script> idée" in titles["ideas"]  # shown as text
        assert "Réflexion" in titles["timer"] and "pour terminer cette activité" in titles["timer"]
        assert "Confiance\u00a0: avant et après" in titles["confidence"]
        assert "en pause" in titles["next"] and "ouverte maintenant" in titles["next"]
        presenter.view = View("statement", 0, True)
        revealed = unescape(presenter.render())
        assert "À faire." in revealed or "À éviter." in revealed
    finally:
        i18n.use("en")


def test_the_presenter_follows_a_language_change_made_on_the_dashboard(store, content_root):
    content = load_content(content_root, "en")
    w, key = store.create_workshop("Switch")
    try:
        presenter = Presenter(content, store, code=w.code, content_for=content_for(content_root))
        assert presenter.enter(w.code, store.presenter_pass(w, key))
        assert "Join the workshop" in presenter.screen.value
        store.set_workshop_language(w, key, "fr")
        presenter.follow()
        assert "Rejoindre l'atelier" in unescape(presenter.screen.value)
        assert presenter.content.language == "fr"
    finally:
        i18n.use("en")


# --- served, in Chromium -----------------------------------------------------------

AXE_RUN = """async () => (await axe.run(document, {runOnly: ["wcag2a", "wcag2aa"]}))
    .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target).join(" | ")}`)"""


@pytest.mark.voila
@pytest.mark.browser
def test_a_french_workshops_dashboard_and_presenter_served(tmp_path, content_root, browser):
    from conftest import serve
    from helpers import AXE

    with serve(tmp_path, 0, "--content", str(content_root)) as server:
        with server.store() as store:
            w, key = store.create_workshop("Groupe de Moncton", language="fr")
            for name in ("Amélie", "Benoît", "Chloé"):
                student = store.create_participant(w.code, name)
                store.save_answer(student, "self_assessment", "rating.presenting", 4)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            dashboard = context.new_page()
            # before the workshop is known, the address chooses the language
            dashboard.goto(server.page("instructor_dashboard.ipynb", "lang=fr"))
            dashboard.get_by_label("Code d'accès").fill(w.code, timeout=120_000)
            dashboard.get_by_label("Clé d'animation").fill(key)
            dashboard.get_by_role("button", name="Ouvrir le tableau de bord").click()
            dashboard.get_by_text("3 inscrits").wait_for(timeout=60_000)
            assert dashboard.evaluate("document.documentElement.lang") == "fr"
            assert dashboard.locator(".wk-workshop-language select").input_value() == "Français"
            assert dashboard.get_by_role("heading", name="Contrôle des étapes").is_visible()
            if AXE.exists():
                dashboard.add_script_tag(path=str(AXE))
                assert dashboard.evaluate(AXE_RUN) == []
            with context.expect_page() as opened:
                dashboard.get_by_role("link", name="Ouvrir la vue de présentation").click()
            presenter = opened.value
            presenter.set_viewport_size({"width": 1280, "height": 720})
            presenter.locator(".wk-present-joining").wait_for(timeout=120_000)
            assert presenter.evaluate("document.documentElement.lang") == "fr"
            text = presenter.locator(".wk-present").inner_text()
            assert "Rejoindre l'atelier" in text and "3 personnes se sont jointes" in text
            dashboard.get_by_role("button", name="Panneau ▶", exact=True).click()
            presenter.locator(".wk-present-skills").wait_for(timeout=15_000)
            text = presenter.locator(".wk-present").inner_text()
            assert "Les compétences et les intérêts du groupe" in text and "4,0" in text
            if AXE.exists():
                presenter.add_script_tag(path=str(AXE))
                assert presenter.evaluate(AXE_RUN) == []
        finally:
            context.close()
