"""Working out which participant a page belongs to (no widgets here).

A page learns about the student from its address (``?p=<token>`` for a returning
student, ``?session=<join code>`` for a newcomer to a workshop) and from the token
the browser remembered. :func:`resolve_participant` turns those into a participant.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs

from workshop_kit.i18n import _, catalog_languages, header_languages, normalize, preferred
from workshop_kit.store import Participant, Store, StoreError, Workshop

COOKIE_NAME = "wk_p"  # also written by widgets/identity.py's browser code


def wait_for_request() -> None:
    """What ``voila.utils.wait_for_request()`` does, without importing voila.

    A preheated kernel runs the notebook before any student arrives; it must wait here
    for the request it will serve, which Voila sends over its query websocket. Importing
    ``voila.utils`` would pull Jupyter Server into every student kernel (seconds of
    imports and tens of megabytes each: BENCHMARKS.md), so this speaks the same small
    protocol with ``websockets``.
    """
    import json

    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    kernel_id = os.environ.get("VOILA_KERNEL_ID", "")
    try:
        # No keepalive pings: a preheated kernel may wait hours for its student, and
        # a server busy with a class arriving can answer a ping late; the client would
        # then drop the socket and miss its request.
        with connect(
            f"{protocol}://{host}:{port}{base}voila/query/{kernel_id}",
            open_timeout=5,
            ping_interval=None,
        ) as socket:
            info = json.loads(socket.recv())
    except (OSError, TimeoutError, ValueError, WebSocketException):
        return  # no request info: the page falls back on what the browser remembers
    for name, value in info.items():
        os.environ[name] = value


# Under `serve` the server sets this request header to the address a page was asked
# from (a client's own header of that name is overwritten), and Voila passes it to the
# kernel as HTTP_X_WORKSHOP_KIT_CLIENT.
CLIENT_HEADER = "X-Workshop-Kit-Client"


def client_address() -> str:
    """The address this page was requested from, or "unknown" outside `serve`."""
    variable = "HTTP_" + CLIENT_HEADER.upper().replace("-", "_")
    return os.environ.get(variable, "")[:60] or "unknown"


def query_params() -> dict[str, str]:
    """The page's query string as ``{name: first value}`` (Voila's ``QUERY_STRING``)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        wait_for_request()
    query = os.environ.get("QUERY_STRING", "")
    return {name: values[0] for name, values in parse_qs(query).items() if values}


@dataclass(frozen=True)
class Arrival:
    """What a page knows about its student before asking the store."""

    url_token: str | None = None
    join_code: str | None = None
    # What the browser remembered, sent as a cookie with the page request. ``None``
    # when the page cannot know before the browser reports (JupyterLab, plain Voila).
    cookie_token: str | None = None
    # A language asked for in the address (``?lang=fr``): a choice, like the switch's.
    language: str | None = None

    @classmethod
    def from_query(cls, params: dict[str, str]) -> Arrival:
        token = params.get("p") or None
        return cls(
            url_token=token,
            join_code=params.get("session") or None,
            cookie_token=cookie_token(),
            language=normalize(params.get("lang")),
        )

    @property
    def browser_known(self) -> bool:
        """Whether the request already said what the browser remembers."""
        return self.cookie_token is not None


def cookie_token() -> str | None:
    """The token cookie of the page request: ``""`` when the browser has none, ``None``
    when cookies do not reach the kernel here.

    ``workshop-kit serve`` has Voila pass the Cookie header to kernels (``HTTP_COOKIE``)
    and says so in ``WORKSHOP_KIT_COOKIE_IDENTITY``, so a page can build the student's
    stage in its first render instead of after a round trip to the browser.
    """
    if os.environ.get("WORKSHOP_KIT_COOKIE_IDENTITY") != "1":
        return None
    from http.cookies import CookieError, SimpleCookie

    cookies = SimpleCookie()
    try:
        cookies.load(os.environ.get("HTTP_COOKIE", ""))
    except CookieError:
        return ""
    morsel = cookies.get(COOKIE_NAME)
    return morsel.value[:64] if morsel else ""


@dataclass(frozen=True)
class Resolution:
    participant: Participant
    message: str = ""
    is_new: bool = False


def known_participant(store: Store, arrival: Arrival) -> Participant | None:
    """The participant named by the page address, if any (no browser needed)."""
    return store.participant_by_token(arrival.url_token)


def resolve_participant(
    store: Store,
    arrival: Arrival,
    stored_token: str = "",
    create: bool = True,
    code_must_match: bool = False,
) -> Resolution | None:
    """Find or create the participant for a page.

    Order: the token in the address, then the token the browser remembered (unless
    the address names a different workshop to join), then a new participant: in the
    workshop when the join code is good, solo otherwise, with a message saying why.
    With ``create=False``, None instead of a new participant. With
    ``code_must_match`` (the welcome page, where join links lead), a join code in the
    address that names no workshop also passes over whom the browser remembers, so
    the page can show its joining form and say what is wrong with the code.
    """
    found = known_participant(store, arrival)
    if found is not None:
        return Resolution(found)

    remembered = store.participant_by_token(stored_token)
    if remembered is not None and _joins_own_workshop(store, arrival, remembered, code_must_match):
        return Resolution(remembered)

    if not create:
        return None
    message = ""
    if arrival.url_token:
        message = _("That personal link was not recognised, so you are starting fresh.")
    if arrival.join_code:
        try:
            return Resolution(store.create_participant(join_code=arrival.join_code), message, True)
        except StoreError as exc:
            message = _("{problem} You are working on your own for now.").format(problem=exc)
    return Resolution(store.create_participant(), message, True)


def _joins_own_workshop(
    store: Store, arrival: Arrival, remembered: Participant, code_must_match: bool
) -> bool:
    """Whether the address asks to join no workshop but ``remembered``'s own."""
    if not arrival.join_code:
        return True
    wanted = store.workshop_by_code(arrival.join_code)
    if wanted is None:
        return not code_must_match
    return remembered.workshop_id == wanted.id


# --- which language a page speaks -------------------------------------------------


def offered_languages(content_root=None) -> tuple[str, ...]:
    """The languages a student can choose: those with both a catalog of the kit's words
    and a content folder (English first)."""
    from workshop_kit.content import content_languages, default_content_dir

    catalogs = catalog_languages()
    found = content_languages(content_root or default_content_dir())
    return tuple(code for code in found if code in catalogs) or ("en",)


def page_language(
    offered: tuple[str, ...],
    arrival: Arrival | None = None,
    participant: Participant | None = None,
    workshop: Workshop | None = None,
    browser_languages: tuple[str, ...] = (),
) -> str:
    """What a student's page speaks: the language the address asks for, else the one
    the student chose, else their workshop's, else (on their own) the browser's first
    offered language (the request's ``Accept-Language``, then ``navigator.languages``),
    else the first offered."""
    for code in (
        arrival.language if arrival else None,
        participant.language if participant else None,
        workshop.language if workshop else None,
    ):
        if code in offered:
            return code
    return (
        preferred(header_languages(), offered)
        or preferred(list(browser_languages), offered)
        or offered[0]
    )


def arrival_language(store: Store, arrival: Arrival, offered: tuple[str, ...]) -> str:
    """:func:`page_language` from what a page knows before the browser reports: the
    student named by the address or the cookie, and their workshop or the one the join
    code names."""
    participant = known_participant(store, arrival) or store.participant_by_token(
        arrival.cookie_token
    )
    workshop = None
    if participant is not None and participant.workshop_id is not None:
        workshop = store.workshop_by_id(participant.workshop_id)
    elif arrival.join_code:
        workshop = store.workshop_by_code(arrival.join_code)
    return page_language(offered, arrival, participant, workshop)
