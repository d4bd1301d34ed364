"""What a role asks of a newcomer: its NOC 2021 TEER category, any credential,
registration or program, and a public link for its NOC code. No widgets here.

TEER (Training, Education, Experience and Responsibilities) is the second digit of
a NOC 2021 code: ``21232`` is TEER 1. The notes below restate Statistics Canada's
TEER definitions in plain words.
"""

from __future__ import annotations

from workshop_kit.content.schema import Role

TEER_NOTES = {
    0: "Management jobs: usually years of experience in the field.",
    1: "Usually a university degree.",
    2: "Usually a college diploma, or an apprenticeship of two years or more.",
    3: "Usually a shorter college program or apprenticeship, or over six months of "
    "training on the job.",
    4: "Usually high school, and some training on the job.",
    5: "No formal schooling; a short demonstration on the job.",
}

REQUIREMENT_WORDS = {
    "none": "No credential or registration is needed beyond the usual schooling.",
    "program": "Employers usually ask for a specific program.",
    "credential": "Needs a certificate or credential.",
    "registration": "Needs registration with a regulatory body.",
}

# Job Bank's occupation pages are addressed by Job Bank's own ids, not by NOC code,
# and no public address that takes a NOC code could be confirmed. Statistics Canada's
# NOC 2021 Version 1.0 page for a unit group takes the code itself.
NOC_PAGE = (
    "https://www23.statcan.gc.ca/imdb/p3VD.pl?Function=getVD&TVD=1322554&CVD=1322870"
    "&CPV={code}&CST=01052021&CLV=5&MLV=5"
)


def teer(noc: str | None) -> int | None:
    """The TEER category (0-5) of a NOC 2021 code, None without a code."""
    if noc is None or len(noc) != 5 or not noc.isdigit():
        return None
    return int(noc[1])


def teer_note(level: int | None) -> str:
    return TEER_NOTES.get(level, "") if level is not None else ""


def noc_url(noc: str) -> str:
    """The public NOC 2021 page of a five-digit code (Statistics Canada)."""
    if len(noc) != 5 or not noc.isdigit():
        raise ValueError(f"a NOC 2021 code has five digits, not {noc!r}")
    return NOC_PAGE.format(code=noc)


def requirement_text(role: Role) -> str:
    """One plain line on what the role asks for: the content's note when it has one,
    else its kind, else what its TEER category usually means ('' without either)."""
    if role.requirements is not None:
        return role.requirements.note or REQUIREMENT_WORDS[role.requirements.kind]
    return teer_note(role.teer)
