"""What a role asks of a newcomer: its NOC 2021 TEER category, any credential,
registration or program, and a public link for its NOC code. No widgets here.

TEER (Training, Education, Experience and Responsibilities) is the second digit of
a NOC 2021 code: ``21232`` is TEER 1. The notes below restate Statistics Canada's
TEER definitions in plain words.
"""

from __future__ import annotations

from workshop_kit import i18n
from workshop_kit.content.schema import Role
from workshop_kit.i18n import N_, _

# Marked for the catalog, translated where shown (teer_note, requirement_text).
TEER_NOTES = {
    0: N_("Management jobs: usually years of experience in the field."),
    1: N_("Usually a university degree."),
    2: N_("Usually a college diploma, or an apprenticeship of two years or more."),
    3: N_(
        "Usually a shorter college program or apprenticeship, or over six months of "
        "training on the job."
    ),
    4: N_("Usually high school, and some training on the job."),
    5: N_("No formal schooling; a short demonstration on the job."),
}

REQUIREMENT_WORDS = {
    "none": N_("No credential or registration is needed beyond the usual schooling."),
    "program": N_("Employers usually ask for a specific program."),
    "credential": N_("Needs a certificate or credential."),
    "registration": N_("Needs registration with a regulatory body."),
}

# Job Bank's occupation pages are addressed by Job Bank's own ids, not by NOC code,
# and no public address that takes a NOC code could be confirmed. Statistics Canada's
# NOC 2021 Version 1.0 page for a unit group takes the code itself. Its French page
# (CNP 2021) is the same address with ``p3VD_f.pl`` for ``p3VD.pl``.
NOC_PAGE = (
    "https://www23.statcan.gc.ca/imdb/p3VD.pl?Function=getVD&TVD=1322554&CVD=1322870"
    "&CPV={code}&CST=01052021&CLV=5&MLV=5"
)
NOC_PAGES = {"en": NOC_PAGE, "fr": NOC_PAGE.replace("/p3VD.pl?", "/p3VD_f.pl?")}


def teer(noc: str | None) -> int | None:
    """The TEER category (0-5) of a NOC 2021 code, None without a code."""
    if noc is None or len(noc) != 5 or not noc.isdigit():
        return None
    return int(noc[1])


def teer_note(level: int | None) -> str:
    note = TEER_NOTES.get(level, "") if level is not None else ""
    return _(note) if note else ""


def noc_url(noc: str, language: str | None = None) -> str:
    """The public NOC 2021 page of a five-digit code (Statistics Canada), in
    ``language`` (the page's, by default) where Statistics Canada has that version,
    else in English."""
    if len(noc) != 5 or not noc.isdigit():
        raise ValueError(f"a NOC 2021 code has five digits, not {noc!r}")
    page = NOC_PAGES.get(language or i18n.current(), NOC_PAGE)
    return page.format(code=noc)


def requirement_text(role: Role) -> str:
    """One plain line on what the role asks for: the content's note when it has one,
    else its kind, else what its TEER category usually means ('' without either)."""
    if role.requirements is not None:
        return role.requirements.note or _(REQUIREMENT_WORDS[role.requirements.kind])
    return teer_note(role.teer)
