"""The student pages in workshop order, and the content each needs (kept import-light:
the CLI reads it)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from workshop_kit.i18n import N_
from workshop_kit.stage_ids import ACTION_PLAN, ALTERNATIVE_CAREERS, INTERVIEW, SELF_ASSESSMENT

if TYPE_CHECKING:
    from workshop_kit.content import Content, ContentError

# (notebook, short name for the navigation, the stage its answers belong to). The names
# are shown through _() in the page's language.
PAGES = [
    ("00_welcome.ipynb", N_("Start"), None),
    ("01_self_assessment.ipynb", N_("1. Your skills"), SELF_ASSESSMENT),
    ("02_alternative_careers.ipynb", N_("2. Other careers"), ALTERNATIVE_CAREERS),
    ("03_interview_dos_donts.ipynb", N_("3. Interview do's and don'ts"), INTERVIEW),
    ("04_action_plan.ipynb", N_("4. Action plan"), ACTION_PLAN),
]
STAGE_PAGES = [(page, name, stage) for page, name, stage in PAGES if stage]
DASHBOARD = "instructor_dashboard.ipynb"
WELCOME = PAGES[0][0]  # where the join link (and its QR code) leads
PRESENTER = "presenter.ipynb"  # the projector's page, opened from the dashboard

# The content kinds each page reads, besides the two every content folder has (the
# loader requires skills and self_assessment). `workshop-kit check` and `serve` refuse
# a folder that lacks one, and a page opened without one says so instead of failing.
# The dashboard and the exports read the others where they are, and skip them where
# they are not.
NEEDS: dict[str, tuple[str, ...]] = {
    "00_welcome.ipynb": ("welcome",),
    "01_self_assessment.ipynb": (),
    "02_alternative_careers.ipynb": ("alternative_careers", "roles"),
    "03_interview_dos_donts.ipynb": (
        "interview_statements",
        "interview_scenarios",
        "star_questions",
        "mock_interview",
        "interviewer_questions",
    ),
    "04_action_plan.ipynb": ("action_plan", "star_questions"),
    DASHBOARD: (),
}
PAGE_NAMES = {page: name for page, name, _stage in PAGES} | {DASHBOARD: N_("Instructor dashboard")}
PAGE_OF_STAGE = {stage: page for page, _name, stage in STAGE_PAGES}


def missing_content(content: Content, pages: Collection[str] = tuple(NEEDS)) -> list[ContentError]:
    """A mistake for each content kind one of ``pages`` needs that ``content`` lacks,
    naming the pages that need it."""
    from workshop_kit.content import ContentError

    needed_by: dict[str, list[str]] = {}
    for page in pages:
        for kind in NEEDS[page]:
            if kind not in content.by_kind:
                needed_by.setdefault(kind, []).append(f'"{PAGE_NAMES[page]}" ({page})')
    return [
        ContentError(
            content.folder,
            "",
            f"has no '{kind}' file (such as {kind}.yaml), which "
            + " and ".join(f"the page {name}" for name in names)
            + (" need" if len(names) > 1 else " needs"),
        )
        for kind, names in needed_by.items()
    ]


def require_content(content: Content, page: str) -> None:
    """Raise :class:`ContentErrors` naming what ``page`` needs and ``content`` lacks."""
    missing = missing_content(content, (page,))
    if missing:
        from workshop_kit.content import ContentErrors

        raise ContentErrors(missing)
