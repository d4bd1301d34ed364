"""The kit's frame in French: the welcome page, save and rating messages, the timers,
the workshop's end, the confidence check, the store's refusals and the server's own
pages, as a French-speaking student or instructor meets them. English stays as it was."""

from __future__ import annotations

import html
import re

import pytest
from helpers import ROOT

from workshop_kit import i18n
from workshop_kit.catalogs import catalog_gaps
from workshop_kit.content import load_content
from workshop_kit.error_pages import error_page, front_door
from workshop_kit.identity import Arrival, resolve_participant
from workshop_kit.models import confidence as model
from workshop_kit.pages import STAGE_PAGES
from workshop_kit.stages.confidence import ConfidenceCheck, group_change_html
from workshop_kit.stages.dashboard import Dashboard
from workshop_kit.stages.page import _tree
from workshop_kit.stages.welcome import Welcome
from workshop_kit.stages.workshop_end import EndWorkshop, ended_banner
from workshop_kit.store import KeyRefused, StageLocked, StoreError
from workshop_kit.store import key_attempts as attempts
from workshop_kit.store.board import IdeaRefused
from workshop_kit.store.sessions import WorkshopEnded, valid_class_size
from workshop_kit.widgets.activity_timer import ActivityTimer
from workshop_kit.widgets.autosave import DraftKeeper, SaveStatus
from workshop_kit.widgets.countdown import Countdown
from workshop_kit.widgets.language_switch import LanguageSwitch
from workshop_kit.widgets.rating import RatingScale
from workshop_kit.widgets.text_answer import TextAnswer

NAME = "<b>Mei</b> & co"  # a student's own text: shown escaped, in any language

# Words of the kit's English frame that a French page must not show (content written in
# English is taken out first while the French content folder does not exist yet).
ENGLISH = re.compile(
    r"\b(Join|Your|your|Resume|Saved|saved|Saving|Loading|workshop|Workshop|Three|lessons|"
    r"Start|fresh|stages|Type|anonymous|instructor|Cancel|Undo|Students|students|ended|"
    r"answers|Average|Waiting|Statement|Change|Rating|chose|Time|Ready|Answer|left|the|"
    r"and|not|done|progress|started|expected|End)\b"
)

# The files whose words this part of the kit marks (see tests below).
FRAME_FILES = [
    *[  # the language switch and the identity widget are the lead's
        path
        for path in sorted((ROOT / "workshop_kit" / "widgets").glob("*.py"))
        if path.stem not in ("language_switch", "identity")
    ],
    *[
        ROOT / "workshop_kit" / name
        for name in (
            "stages/welcome.py",
            "stages/workshop_end.py",
            "stages/confidence.py",
            "models/confidence.py",
            "identity.py",
            "error_pages.py",
            "store/controls.py",
            "store/board.py",
            "store/sessions.py",
            "store/key_attempts.py",
            "store/presenter.py",
            "store/records.py",
            "store/workshops.py",
        )
    ],
]


def starts(text: str) -> str:
    return "^" + re.escape(text)


def whole(text: str) -> str:
    return "^" + re.escape(text) + "$"


@pytest.fixture(scope="module")
def fr_content(content):
    """The French content once it exists; the English content until then."""
    if (ROOT / "exercises" / "fr").is_dir():
        return load_content(ROOT / "exercises", "fr")
    return content


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    if hasattr(value, "model_dump"):
        return _strings(value.model_dump())
    return []


def content_words(content) -> list[str]:
    """Every sentence of the content (longest first), to take out of a page's text."""
    found = {s for part in content.by_kind.values() for s in _strings(part) if s.strip()}
    found |= {i18n.gettext(name) for _page, name, _stage in STAGE_PAGES}  # the lead's names
    return sorted(found, key=len, reverse=True)


def visible_text(root) -> str:
    """What a person reads in a widget tree: descriptions, values, placeholders,
    tooltips, labels, help, statuses and words sent to the browser; HTML as text."""
    parts = []
    # The language switch names each language in that language, on purpose.
    switches = {id(w) for s in _tree(root) if isinstance(s, LanguageSwitch) for w in _tree(s)}
    for widget in _tree(root):
        if id(widget) in switches:
            continue
        for name in (
            "description",
            "placeholder",
            "tooltip",
            "label",
            "help",
            "status",
            "words_left",
            "words_up",
            "spare_words",
            "too_long_words",
        ):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                parts.append(value)
        for name in ("levels", "cards"):
            parts.extend(_strings(getattr(widget, name, None)))
        words = getattr(widget, "words", None)
        if isinstance(words, dict):
            parts.extend(_strings(words))
        value = getattr(widget, "value", None)
        if isinstance(value, str) and widget.__class__.__name__ in ("HTML", "SaveStatus"):
            text = re.sub(r"<style>.*?</style>", " ", value, flags=re.S)
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)))
    return "\n".join(parts)


def english_left(root, content) -> list[str]:
    text = visible_text(root)
    for words in content_words(content):
        text = text.replace(words, " ")
    text = text.replace("ABC-123", " ").replace("ABCD-EFGH", " ")
    return sorted(set(ENGLISH.findall(text)))


@pytest.fixture
def workshop(store):
    return store.create_workshop("Atelier du mardi", language="fr")


def welcome(content, store, **arrival) -> Welcome:
    page = Welcome(content, store, Arrival(**arrival), offered=("en", "fr"))
    page.browser.set_state({"stored_token": "", "reported": True})
    return page


# --- the welcome page ----------------------------------------------------------------------


def test_the_joining_form_is_in_french(french, fr_content, store, workshop):
    page = welcome(fr_content, store, join_code=workshop[0].code)
    assert page.join_button.description == "Rejoindre l'atelier"
    assert page.code_box.description == "Code d'accès"
    assert page.name_box.placeholder == "Comme on vous appelle"
    assert page.resume_button.description == "Reprendre"
    assert "Rejoignez votre atelier" in visible_text(page.form)
    assert english_left(page, fr_content) == []


def test_joining_in_french_shows_the_panel_in_french_with_the_name_escaped(
    french, fr_content, store, workshop
):
    w, _key = workshop
    page = welcome(fr_content, store, join_code=w.code)
    page.name_box.value = NAME
    page.join_button.click()
    assert page.participant is not None
    panel = page.panel.value
    assert "Vous participez à l&#x27;atelier «\u00a0Atelier du mardi\u00a0» sous le nom" in panel
    assert html.escape(NAME) in panel and NAME not in panel
    assert "Votre code de reprise\u00a0: <strong>" in panel
    assert panel.count("pas commencée") == 4
    assert english_left(page, fr_content) == []


def test_joining_mistakes_are_explained_in_french(french, fr_content, store):
    page = welcome(fr_content, store)
    page.join_button.click()
    assert page.status.message == (
        "Tapez le code d'accès que la personne qui anime l'atelier vous a donné."
    )
    page.code_box.value = "ZZZ-999"
    page.join_button.click()
    assert page.status.message.endswith(
        "Vérifiez le code auprès de la personne qui anime l'atelier."
    )
    assert not page.resume("WXYZ-WXYZ")
    assert page.resume_status.message == (
        "Ce code de reprise est introuvable. Il ressemble à ABCD-EFGH; vérifiez-le."
    )


def test_an_unknown_personal_link_says_so_in_french(french, store):
    found = resolve_participant(store, Arrival(url_token="nobody"))
    assert found.message == (
        "Ce lien personnel n'a pas été reconnu\u00a0: vous recommencez donc à zéro."
    )


# --- saving as one types, rating, timers ----------------------------------------------------


def test_a_text_answer_says_saved_paused_and_failed_in_french(french):
    outcome: list[Exception | None] = [None]

    def save(_text: str) -> None:
        if outcome[0] is not None:
            raise outcome[0]

    answer = TextAnswer("Question", "Aide", save, limit=100, delay=0)
    answer.box.value = "Bonjour"
    assert answer.status.value.endswith("✓ Enregistré</span>")
    outcome[0] = StageLocked("pause")
    answer.box.value = "Bonjour encore"
    assert answer.status.message.startswith("Pas encore enregistré\u00a0: la personne qui anime")
    assert answer.status.paused
    outcome[0] = RuntimeError("disk on fire")
    answer.box.value = "Bonjour toujours"
    assert answer.status.message == (
        "Non enregistré\u00a0: le serveur n'a pas répondu. Réessayez dans un moment. "
        "Votre texte est toujours là."
    )


def test_a_status_attempt_says_enregistre_unless_told_otherwise(french):
    status = SaveStatus()
    assert status.attempt(lambda: None)
    assert status.message == "Enregistré"
    assert status.attempt(lambda: None, "")
    assert status.value == ""  # "" still says nothing (the dashboard's create form)


def test_a_refused_rating_is_put_back_and_explained_in_french(french):
    scale = RatingScale(label="Énoncé", levels=["Peu", "Assez", "Très"], value=1)

    def refuse():
        raise WorkshopEnded()

    scale.value = 3
    assert not scale.save_change({"old": 1, "new": 3}, refuse)
    assert scale.value == 1
    assert scale.status == (
        "Cet atelier est terminé\u00a0: les modifications ne sont donc pas enregistrées. Vos "
        "réponses sont enregistrées et votre plan est toujours ici, prêt à télécharger. "
        "Le niveau affiché est celui qui est enregistré."
    )
    assert scale.save_change({"old": 1, "new": 2}, lambda: None)
    assert scale.status == "Niveau enregistré"


def test_the_timers_and_the_too_long_note_get_french_words(french):
    countdown = Countdown()
    assert countdown.words == {
        "idle": "Commencez quand vous voulez",
        "prep": "Préparez-vous",
        "answer": "Répondez maintenant",
        "done": "Temps écoulé",
        "finished": "Terminé",
    }
    assert countdown.spare_words == "Il restait {time}"
    timer = ActivityTimer()
    assert timer.words_left == "{label}\u00a0: il reste {clock}"
    assert timer.words_up == "{label}\u00a0: le temps est écoulé"
    keeper = DraftKeeper()
    assert keeper.number_locale == "fr-CA"
    assert keeper.too_long_words.startswith("Trop long\u00a0: ce texte compte {length} caractères")
    for name in ("{length}", "{limit}", "{over}"):
        assert name in keeper.too_long_words


def test_english_words_for_the_browser_are_as_before():
    """The words the browser showed before they came from the kernel."""
    assert Countdown().words == {
        "idle": "Ready when you are",
        "prep": "Get ready",
        "answer": "Answer now",
        "done": "Time is up",
        "finished": "Finished",
    }
    assert Countdown().spare_words == "{time} to spare"
    timer = ActivityTimer()
    assert (timer.words_left, timer.words_up) == ("{label}: {clock} left", "{label}: time is up")
    keeper = DraftKeeper()
    assert keeper.number_locale == "en-CA"
    assert keeper.too_long_words == (
        "Too long: this is {length} characters; the limit is {limit}. Shorten it by {over} "
        "to save it. Nothing of it has been sent; your last saved version is kept."
    )


# --- the workshop's end and the confidence check -------------------------------------------


def test_the_ended_banner_and_the_end_section_are_in_french(french, fr_content, store, workshop):
    w, key = workshop
    student = store.create_participant(join_code=w.code, display_name=NAME)
    board = Dashboard(fr_content, store)
    assert board.unlock(w.code, key)
    section = board.part("end").widget
    assert isinstance(section, EndWorkshop)
    assert section.end_button.description == "Terminer l'atelier"
    section.ask()
    assert (section.yes.description, section.no.description) == ("Oui, le terminer", "Annuler")
    assert "Terminer l'atelier pour tout le monde?" in visible_text(section)
    assert english_left(section, fr_content) == []
    assert section.end()
    assert section.status.message.startswith("L'atelier est terminé.")
    assert section.undo.description == "Annuler\u00a0: le rouvrir"
    assert english_left(section, fr_content) == []
    banner = ended_banner(store, student)
    assert "<strong>Cet atelier est terminé.</strong>" in banner
    assert ">Voici votre plan</a>\u00a0: vous pouvez encore le télécharger." in banner
    assert ended_banner(store, student, on_plan_page=True).endswith(
        "Votre plan est plus bas\u00a0: téléchargez-le pour le garder.</p>"
    )


def test_the_confidence_check_on_the_welcome_page_speaks_french(
    french, fr_content, store, workshop
):
    w, _key = workshop
    page = welcome(fr_content, store, join_code=w.code)
    page.name_box.value = "Mei"
    page.join_button.click()
    check = next(w for w in page.joined.children if isinstance(w, ConfidenceCheck))
    scale = next(iter(check.scales.values()))
    scale.value = 2
    assert scale.status == "Niveau enregistré"
    assert english_left(page, fr_content) == []


def test_the_groups_change_table_uses_french_words_and_numbers(french, fr_content):
    settings = fr_content.by_kind["confidence"]
    ids = [s.id for s in settings.statements]

    def student(before, after):
        return {
            "confidence": {model.answer_key(i): before for i in ids},
            "action_plan": {model.answer_key(i): after for i in ids},
        }

    table = group_change_html(settings, {1: student(2, 4), 2: student(2, 3), 3: student(3, 4)})
    assert "<h2>Confiance\u00a0: début et fin</h2>" in table
    assert "<th>Énoncé</th><th>Début</th><th>Fin</th><th>Variation</th>" in table
    assert "<td>2,3</td><td>3,7</td>" in table and "▲ +1,3" in table
    waiting = group_change_html(settings, {1: student(2, 4)})
    assert "(affiché à partir de 3 personnes qui ont répondu les deux fois)" in waiting
    assert "Réponses au début\u00a0: 1; à la fin\u00a0: 1." in waiting


def test_the_groups_change_table_in_english_is_as_before(content):
    settings = content.by_kind["confidence"]
    ids = [s.id for s in settings.statements]
    group = {
        n: {
            "confidence": {model.answer_key(i): 2 for i in ids},
            "action_plan": {model.answer_key(i): 1 for i in ids},
        }
        for n in range(3)
    }
    table = group_change_html(settings, group)
    assert "<td>2.0</td><td>1.0</td><td><strong>▼ -1.0</strong></td><td>3</td>" in table
    assert "3 answered at the start, 3 at the end. No one's own answers are shown." in table


# --- the store's refusals ----------------------------------------------------------------


def test_the_stores_refusals_reach_people_in_french(french, store, workshop, monkeypatch):
    w, key = workshop
    ana = store.create_participant(join_code=w.code, display_name="Ana")
    ben = store.create_participant(join_code=w.code, display_name="Ben")
    with pytest.raises(StoreError, match=starts("Cette clé d'animation n'est pas la bonne")):
        store.set_stage_locked(w, "wrong", "self_assessment", True)
    store.set_stage_locked(w, key, "self_assessment", True)
    with pytest.raises(
        StageLocked, match=starts("La personne qui anime l'atelier a mis cette partie")
    ):
        store.save_answer(ana, "self_assessment", "rating.presenting", 3)
    with pytest.raises(StoreError, match=starts("Une minuterie dure de 1 seconde à 4 heures")):
        store.start_timer(w, key, "Activité", 0)
    idea = store.post_idea(ana, "Recherche UX")
    with pytest.raises(IdeaRefused, match=starts("Votez pour les idées des autres")):
        store.vote(ana, idea, budget=3)
    other = store.post_idea(ana, "Analyse de données")
    store.vote(ben, idea, budget=1)
    with pytest.raises(IdeaRefused, match=starts("Vous avez utilisé votre vote. Retirez-le")):
        store.vote(ben, other, budget=1)
    with pytest.raises(IdeaRefused, match=starts("Écrivez d'abord votre idée")):
        store.post_idea(ben, "   ")
    with pytest.raises(IdeaRefused, match=starts("Poste\u00a0: ")):
        store.post_idea(ben, "Une idée", role="x" * 500)
    with pytest.raises(
        StoreError, match=starts("La taille d'un groupe est un nombre entier de 1 à 500")
    ):
        valid_class_size(9999)
    store.end_workshop(w, key)
    with pytest.raises(
        WorkshopEnded, match=starts("Cet atelier est terminé\u00a0: les modifications")
    ):
        store.save_answer(ben, "action_plan", "own_steps", "texte")
    moment = [1_000_000.0]
    monkeypatch.setattr(attempts, "_clock", lambda: moment[0])
    for _ in range(3):
        with pytest.raises(KeyRefused, match=starts("Ce code et cette clé ne correspondent")):
            store.open_as_instructor(w.code, "not-the-key", "10.0.0.9")
    with pytest.raises(KeyRefused, match=whole("Trop d'essais erronés. Attendez 2 secondes.")):
        store.open_as_instructor(w.code, key, "10.0.0.9")


def test_the_vote_budget_message_in_english(store, workshop):
    w, _key = workshop
    ana = store.create_participant(join_code=w.code, display_name="Ana")
    ben = store.create_participant(join_code=w.code, display_name="Ben")
    ideas = [store.post_idea(ana, text) for text in ("One", "Two", "Three")]
    store.vote(ben, ideas[0], budget=2)
    store.vote(ben, ideas[1], budget=2)
    with pytest.raises(
        IdeaRefused, match=whole("You have used all 2 of your votes. Take one back to vote again.")
    ):
        store.vote(ben, ideas[2], budget=2)


# --- the server's own pages ----------------------------------------------------------------


def test_error_pages_follow_the_browsers_language():
    page = error_page(404, "fr-CA,fr;q=0.9,en;q=0.8")
    assert '<html lang="fr">' in page
    assert "<h1>Page introuvable</h1>" in page and "Aller à la page de départ" in page
    assert "Page not found" not in page
    assert i18n.current() == "en"  # the server's language is back
    server = error_page(500, "fr")
    assert "Un problème est survenu sur le serveur" in server
    assert "«\u00a0Enregistré\u00a0»" in server
    assert "<h1>Erreur 418</h1>" in error_page(418, "fr")
    door = front_door("session=ABC-123", "fr-CA")
    assert "Bienvenue à l&#x27;atelier" in door and "?session=ABC-123" in door


def test_error_pages_in_english_are_as_before():
    for accepted in ("", "en-US,en;q=0.9", "de-DE"):
        page = error_page(404, accepted)
        assert '<html lang="en">' in page and "<h1>Page not found</h1>" in page
        assert "Go to the start page" in page
    assert "<h1>I&#x27;m a Teapot (418)</h1>" in error_page(418)
    assert "Welcome to the workshop" in front_door("")


# --- the catalog -----------------------------------------------------------------------------


def test_every_word_of_the_frame_has_a_french_translation():
    gaps = catalog_gaps("fr", FRAME_FILES)
    # The workshop's language check is the lead's (store/workshops.py), translated there.
    left = [
        (message, place)
        for _key, message, place in gaps.untranslated
        if message != "The kit has no language {code}; it speaks {known}."
    ]
    assert left == [] and gaps.fuzzy == []


# --- served: the browser's words come from the kernel, in French -----------------------------


@pytest.fixture(scope="module")
def french_server(tmp_path_factory):
    """``workshop-kit serve`` offering French: the kit's content when it has a French
    folder, else a copy of the English one as French (the kit's own words are tested)."""
    import shutil

    from conftest import serve

    root = ROOT / "exercises"
    if not (root / "fr").is_dir():
        root = tmp_path_factory.mktemp("content") / "exercises"
        shutil.copytree(ROOT / "exercises" / "en", root / "en")
        shutil.copytree(ROOT / "exercises" / "en", root / "fr")
    with serve(tmp_path_factory.mktemp("serve-fr"), 0, "--content", str(root)) as server:
        yield server


@pytest.mark.voila
@pytest.mark.browser
def test_a_french_page_times_and_refuses_long_text_in_french(french_server, browser):
    from playwright.sync_api import expect

    with french_server.store() as store:
        workshop, key = store.create_workshop("Atelier du mardi", language="fr")
        store.start_timer(workshop, key, "Remue-méninges", 300)
    context = browser.new_context(locale="fr-CA")
    try:
        page = context.new_page()
        page.clock.install()
        page.goto(french_server.page(query=f"session={workshop.code}"))
        timer = page.locator(".wk-activity")
        expect(timer).to_have_text(
            re.compile(r"^Remue-méninges\s: il reste \d:\d\d$"), timeout=90_000
        )
        box = page.locator("textarea").first
        box.fill("x" * 5000)
        expect(page.locator(".wk-too-long").first).to_have_text(
            re.compile(r"^Trop long\s: ce texte compte 5\s000 caractères; la limite est de "),
            timeout=15_000,
        )
        page.clock.run_for(301_000)
        expect(timer).to_have_text(
            re.compile(r"^⚠ Remue-méninges\s: le temps est écoulé$"), timeout=15_000
        )

        page.goto(french_server.base + "/nowhere")
        assert page.locator("html").get_attribute("lang") == "fr"
        expect(page.locator("h1")).to_have_text("Page introuvable")
    finally:
        context.close()
