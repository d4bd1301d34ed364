"""``workshop-kit``: check content, serve the workshop.

Content mistakes are printed as "file:line: place: problem" with exit status 1,
never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from workshop_kit import i18n
from workshop_kit.content import Content, ContentErrors, default_content_dir, load_content
from workshop_kit.i18n import _
from workshop_kit.kernel_guard import (
    DEFAULT_GRACE_SECONDS,
    DEFAULT_MAX_KERNELS,
    DEFAULT_MAX_PER_ADDRESS,
)
from workshop_kit.pages import DASHBOARD, PRESENTER, WELCOME, missing_content
from workshop_kit.store.records import StoreError

# Each command imports what only it needs (the store, segno...): `check` stays quick.

PROJECT_DIR = Path(__file__).resolve().parents[1]


def default_notebooks_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_KIT_NOTEBOOKS", PROJECT_DIR / "notebooks"))


def load_for_pages(folder: Path) -> Content:
    """The content in ``folder``, with everything every page needs; raise
    :class:`ContentErrors` naming what is wrong or missing."""
    content = load_content(folder)
    missing = missing_content(content)
    if missing:
        raise ContentErrors(missing)
    return content


def cmd_check(args: argparse.Namespace) -> int:
    from workshop_kit.content.check import run_check

    folder = Path(args.folder) if args.folder else default_content_dir()
    return run_check(folder, load_for_pages)


def server_address(args: argparse.Namespace) -> tuple[int, str]:
    """The port and address links should name: as given, else the running server's
    (``serve`` notes them in the data folder), else ``make serve``'s defaults."""
    from workshop_kit.links import DEFAULT_HOST, DEFAULT_PORT, running_server
    from workshop_kit.store.store import default_data_dir

    running = running_server(default_data_dir())
    if running is None and args.port is None:
        print(
            _(
                "(No workshop server is running from {folder}: the links assume "
                "port {port}. Start it with make serve.)"
            ).format(folder=default_data_dir(), port=DEFAULT_PORT),
            file=sys.stderr,
        )
    port = args.port if args.port is not None else (running or (DEFAULT_PORT,))[0]
    host = args.host if args.host is not None else (running or (0, DEFAULT_HOST))[1]
    return port, host


def workshop_languages() -> tuple[str, ...]:
    """The languages a workshop can speak: those with both a catalog for the kit's
    words and a folder of content (English first)."""
    from workshop_kit.identity import offered_languages

    return offered_languages(default_content_dir())


def cmd_session_new(args: argparse.Namespace) -> int:
    from workshop_kit.links import student_links
    from workshop_kit.store import Store

    port, host = server_address(args)
    from workshop_kit.store.sessions import valid_class_size

    try:
        valid_class_size(args.size)
    except StoreError as refused:
        print(f"--size: {refused}", file=sys.stderr)
        return 1
    with Store.from_env() as store:
        workshop, key = store.create_workshop(args.name, language=args.language)
        if args.size:
            store.set_class_size(workshop, key, args.size)
    print(_("Workshop:        {name}").format(name=workshop.name))
    if args.language != i18n.SOURCE_LANGUAGE:
        print(_("Language:        {language}").format(language=i18n.language_name(args.language)))
    print(_("Join code:       {code}").format(code=workshop.code))
    print(_("Instructor key:  {key}").format(key=key))
    if args.size:
        print(_("Class size:      {size}").format(size=args.size))
        print(_("  While it is open, a running server keeps that many pages ready to start."))
    print(_("  Keep the key to yourself: it is shown only this once and lets you moderate."))
    print(_("Students open:"))
    for link in student_links(host, port, workshop.code):
        print(f"  {link}")
    print(_("Show this on the projector: workshop-kit links {code}").format(code=workshop.code))
    return 0


def cmd_session_end(args: argparse.Namespace) -> int:
    """End a workshop: no one joins any more and students' answers become read-only
    (their pages say so within a few seconds)."""
    import getpass

    from workshop_kit.store import Store

    with Store.from_env() as store:
        workshop = store.workshop_by_code(args.session)
        if workshop is None:
            print(_no_workshop(args.session), file=sys.stderr)
            return 1
        key = args.key if args.key is not None else getpass.getpass(_("Instructor key: "))
        try:
            store.end_workshop(workshop, key)
        except StoreError as refused:
            print(refused, file=sys.stderr)
            return 1
    print(_("“{name}” ({code}) has ended.").format(name=workshop.name, code=workshop.code))
    print(_("  Students see that it has ended; their answers and plans stay saved."))
    print(_("  Export them: workshop-kit export {code}").format(code=workshop.code))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from workshop_kit.guide import URL_PATH as GUIDE_URL_PATH
    from workshop_kit.links import student_links
    from workshop_kit.store import Store, database_url_from_env

    content_dir = Path(args.content).resolve() if args.content else default_content_dir().resolve()
    try:
        load_for_pages(content_dir)
    except ContentErrors as exc:
        print(exc.summary(), file=sys.stderr)
        print(
            _("The workshop did not start: fix the content above and run it again."),
            file=sys.stderr,
        )
        return 1

    env = dict(os.environ)
    env["WORKSHOP_KIT_CONTENT"] = str(content_dir)
    env["WORKSHOP_KIT_COOKIE_IDENTITY"] = "1"  # see workshop_kit.identity.cookie_token
    if not env.get("WORKSHOP_KIT_DB"):
        # Kernels run in the notebooks folder: give them an absolute data folder.
        from workshop_kit.store.store import default_data_dir

        env["WORKSHOP_KIT_DATA"] = str(default_data_dir().resolve())
        os.environ["WORKSHOP_KIT_DATA"] = env["WORKSHOP_KIT_DATA"]
    from workshop_kit.store.store import default_data_dir

    env["WORKSHOP_KIT_DATA_CONFIG"] = str(default_data_dir().resolve() / "voila-config")
    url = database_url_from_env()
    Store(url).close()  # create the tables before the first student arrives
    # ...so a kernel that finds no database file knows it was deleted: it refuses to
    # start an empty one in its place (the pages say answers are not saved).
    from workshop_kit.store.store import DATABASE_MUST_EXIST

    env[DATABASE_MUST_EXIST] = "1"
    # Creating a workshop from the dashboard needs the organiser's secret; kernels get
    # only its hash. The command line (`session new`) needs none.
    import secrets

    from workshop_kit.store.key_attempts import ORGANISER_HASH
    from workshop_kit.store.store import hash_key

    organiser_secret = env.pop(ORGANISER_SECRET, "") or secrets.token_urlsafe(9)
    env[ORGANISER_HASH] = hash_key(organiser_secret)

    notebooks = Path(args.notebooks).resolve() if args.notebooks else default_notebooks_dir()
    print(_("Career Workshop Kit"))
    print(_("  content:  {folder}").format(folder=content_dir))
    print(_("  answers:  {database}").format(database=_safe_url(url)))
    print(_("Students open (on the same network, the address that is not localhost):"))
    for link in student_links(args.host, args.port):
        print(f"  {link}")
    print(_("Organiser secret, to create workshops on the dashboard (or use `session new`):"))
    print(f"  {organiser_secret}")
    print(_("Instructor dashboard (open it on this computer; it asks for the instructor key):"))
    print(f"  http://localhost:{args.port}/voila/render/{DASHBOARD}")
    print(
        _("Facilitator guide (printable): {link}").format(
            link=f"http://localhost:{args.port}/{GUIDE_URL_PATH}"
        )
    )
    print(_("Stop with Ctrl+C."), flush=True)

    command = voila_command(
        notebooks,
        args.port,
        args.host,
        args.pool,
        Path(env["WORKSHOP_KIT_DATA_CONFIG"]),
        class_size=args.class_size,
        refill_delay=args.refill_delay,
        fork_kernels=not args.no_fork,
        max_kernels=args.max_kernels,
        max_kernels_per_address=args.max_kernels_per_address,
        reclaim_after=args.reclaim_after,
        data_dir=default_data_dir().resolve(),
    )
    # The guide rendered now comes first, ahead of the template's own copy of it.
    guide_root = publish_guide(default_data_dir().resolve())
    env["JUPYTER_PATH"] = os.pathsep.join(
        [guide_root, str(TEMPLATE_ROOT), *filter(None, [env.get("JUPYTER_PATH")])]
    )
    os.chdir(notebooks)
    os.execve(sys.executable, command, env)
    return 0  # pragma: no cover  (execve does not return)


# Set it to choose the organiser's secret yourself; otherwise `serve` makes a new one
# each time it starts and prints it.
ORGANISER_SECRET = "WORKSHOP_KIT_ORGANISER_SECRET"
# The kit's Voila template lives in the package, so an editable install finds it too.
TEMPLATE_ROOT = Path(__file__).resolve().parent / "share" / "jupyter"
IOPUB_TIMEOUT_SECONDS = 120
FORK_PROVISIONER = "workshop-kit-fork"  # entry point in pyproject.toml
# Refills wait until a class has finished arriving rather than competing with it for
# the CPU; meanwhile students beyond the ready kernels get a fresh kernel at once
# (voila_app.py), so nobody waits for this delay.
FILL_DELAY_SECONDS = 20
# A backstop only: a page's kernel ends when the student leaves the page, or once no
# page has been connected to it for --reclaim-after seconds (voila_app.py).
IDLE_CULL_SECONDS = 3 * 3600


def voila_command(
    notebooks: Path,
    port: int,
    host: str,
    pool: int,
    config_dir: Path,
    class_size: int = 0,
    refill_delay: float = FILL_DELAY_SECONDS,
    fork_kernels: bool = True,
    max_kernels: int = DEFAULT_MAX_KERNELS,
    max_kernels_per_address: int = DEFAULT_MAX_PER_ADDRESS,
    reclaim_after: float = DEFAULT_GRACE_SECONDS,
    data_dir: Path | None = None,
) -> list[str]:
    """The Voila command line ``serve`` runs: the kit's template, no tracebacks for
    students, kernels forked from one that has imported the kit, a pool of preheated
    kernels per student page (refilled after a pause so refills do not compete with a
    class arriving), a cap on the kernels of open pages, and the kernels of pages
    that have gone reclaimed."""
    from workshop_kit.identity import CLIENT_HEADER

    config_dir.mkdir(parents=True, exist_ok=True)
    # Dict settings go in a voila.json: on the command line traitlets deprecates them.
    (config_dir / "voila.json").write_text(
        json.dumps(
            {
                "VoilaKernelManager": {
                    "kernel_pools_config": {
                        "default": {"pool_size": max(pool, 0)},
                        # The join link opens the start page: a class arrives there at
                        # once, so it can keep a kernel ready for every student.
                        WELCOME: {"pool_size": max(pool, class_size, 0)},
                    },
                    # the instructor's pages are opened once: no kernels kept waiting
                    "preheat_denylist": [DASHBOARD, PRESENTER],
                },
                "VoilaConfiguration": {
                    # The browser's token cookie reaches the kernel with the request,
                    # so a returning student's stage is built in the first render.
                    "http_header_envs": ["Cookie", "Accept-Language", CLIENT_HEADER],
                    # JupyterLab's Voila-preview button and code highlighting have no
                    # use on a page without code: not loaded.
                    "extension_denylist": [
                        "@voila-dashboards/jupyterlab-preview",
                        "jupyterlab_pygments",
                    ],
                },
            }
        )
    )
    return [
        sys.executable,
        "-m",
        "workshop_kit.voila_app",  # Voila with gzip
        str(notebooks),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={host}",
        "--template=workshop_kit",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--VoilaConfiguration.preheat_kernel={max(pool, class_size) > 0}",
        "--Voila.config_file_paths",
        str(config_dir),
        f"--VoilaKernelManager.fill_delay={refill_delay}",
        # Kernels talk to the server over Unix sockets: with dozens starting at once,
        # TCP ports picked for one kernel were sometimes taken by another.
        "--KernelManager.transport=ipc",
        # Voila waits 4 s after a cell's reply for the rest of its output, then drops
        # what is late. A stage sends a few hundred widget messages; when a class
        # arrives on 2 cores they take longer than that and the page came up empty.
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
        f"--WorkshopVoila.max_kernels={max_kernels}",
        f"--WorkshopVoila.max_kernels_per_address={max_kernels_per_address}",
        f"--WorkshopVoila.reclaim_after={reclaim_after}",
        # where the server notes its port for `workshop-kit links` and `session new`
        *([f"--WorkshopVoila.data_dir={data_dir}"] if data_dir else []),
        f"--MappingKernelManager.cull_idle_timeout={IDLE_CULL_SECONDS}",
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_connected=False",
        "--Voila.log_level=WARN",
        # Kernels start in milliseconds and share the kit's modules (forked_kernels.py).
        *(
            [f"--KernelProvisionerFactory.default_provisioner_name={FORK_PROVISIONER}"]
            if fork_kernels
            else []
        ),
    ]


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def publish_guide(data_dir: Path) -> str:
    """Render the facilitator guide from its Markdown into the data folder, where Voila
    serves it ahead of the template's copy (the dashboard links to it); returns the
    folder to put on JUPYTER_PATH."""
    from workshop_kit import guide

    root = data_dir / "guide"
    try:
        guide.publish(root)
    except OSError as error:  # the workshop matters more than its guide
        print(
            _("(The facilitator guide was not rendered: {error})").format(error=error),
            file=sys.stderr,
        )
    return str(root)


def cmd_guide(args: argparse.Namespace) -> int:
    from workshop_kit import guide

    path = guide.write(Path(args.out))
    grade = guide.reading_grades()["all"]
    print(
        _("Wrote the facilitator guide to {path} (reading grade {grade}).").format(
            path=path, grade=i18n.format_number(grade, 1)
        )
    )
    print(_("Open it in a browser; its Print command gives each agenda a page of its own."))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from workshop_kit.export import write
    from workshop_kit.gc_pause import gc_paused
    from workshop_kit.store import Store

    with Store.from_env() as store:
        workshop = store.workshop_by_code(args.session)
        if workshop is None:
            print(_no_workshop(args.session), file=sys.stderr)
            return 1
        with gc_paused():  # a large class's snapshot: see gc_pause.py
            snapshot = store.workshop_snapshot(workshop.id)
    # The files speak the workshop's language, with its content; ids are the same in
    # every language, so a class that mixed languages is counted together.
    try:
        content = load_content(args.content or default_content_dir(), workshop.language)
    except ContentErrors as exc:
        print(exc.summary(), file=sys.stderr)
        return 1
    files = write(
        snapshot,
        content,
        Path(args.out),
        args.format,
        workshop.code,
        with_reports=not args.no_reports,
        with_names=args.with_names,
        language=content.language,
    )
    count = len(snapshot["participants"])
    print(
        i18n.ngettext(
            "Exported {n} participant of “{name}”:", "Exported {n} participants of “{name}”:", count
        ).format(n=i18n.format_number(count), name=workshop.name)
    )
    for path in files:
        print(f"  {path}")
    if args.with_names:
        print(_("Students' first names are included: keep these files private."))
    else:
        print(_("Students appear as P001, P002... without names (--with-names adds them)."))
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from workshop_kit.links import qr_text, student_links
    from workshop_kit.store import Store

    code = None
    if args.session:
        with Store.from_env() as store:
            workshop = store.workshop_by_code(args.session)
        if workshop is None:
            print(_no_workshop(args.session), file=sys.stderr)
            return 1
        code = workshop.code
    port, host = server_address(args)
    links = student_links(host, port, code)
    print(_("Students open:"))
    for link in links:
        print(f"  {link}")
    if not args.no_qr:
        # the LAN address is the one phones in the room can reach
        print(qr_text(links[-1]))
        print(_("QR code for {link}").format(link=links[-1]))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The commands and their help, in the language :func:`main` chose."""
    parser = argparse.ArgumentParser(
        prog="workshop-kit", description=_("Run and check a Career Workshop Kit workshop.")
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help=_("validate a folder of content files"))
    check.add_argument(
        "folder", nargs="?", help=_("content folder (default: the kit's exercises/)")
    )
    check.set_defaults(func=cmd_check)

    serve = commands.add_parser("serve", help=_("serve the workshop pages with Voila"))
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--host", default="0.0.0.0", help=_("0.0.0.0 lets students' devices in"))
    serve.add_argument("--content", help=_("content folder (default: the kit's exercises/)"))
    serve.add_argument("--notebooks", help=_("notebooks folder (default: the kit's notebooks/)"))
    serve.add_argument(
        "--pool",
        type=int,
        default=2,
        help=_("preheated kernels kept ready per student page (default 2; 0 turns preheating off)"),
    )
    serve.add_argument(
        "--class-size",
        type=int,
        default=0,
        help=_(
            "students expected to open the join link together: the start page keeps "
            "this many kernels ready (about 40 MB each), so nobody waits for a kernel to start"
        ),
    )
    serve.add_argument(
        "--refill-delay",
        type=float,
        default=FILL_DELAY_SECONDS,
        help=_(
            "seconds before a used preheated kernel is replaced (default "
            "{seconds}: after a class has arrived, not while it does)"
        ).format(seconds=FILL_DELAY_SECONDS),
    )
    serve.add_argument(
        "--no-fork",
        action="store_true",
        help=_(
            "start every kernel as a new Python process instead of forking it from one "
            "that has already imported the kit (slower, about 80 MB per student instead of 40)"
        ),
    )
    serve.add_argument(
        "--max-kernels",
        type=int,
        default=DEFAULT_MAX_KERNELS,
        help=_(
            "most students' pages open at once, each a kernel of about 40 MB (default "
            "{count}; 0: no cap); beyond it a page says the workshop is full "
            "and to try again in a minute"
        ).format(count=DEFAULT_MAX_KERNELS),
    )
    serve.add_argument(
        "--max-kernels-per-address",
        type=int,
        default=DEFAULT_MAX_PER_ADDRESS,
        help=_(
            "most pages open from one device's address (default {count}; "
            "0: no cap; this machine is capped only overall); raise it when students share a NAT"
        ).format(count=DEFAULT_MAX_PER_ADDRESS),
    )
    serve.add_argument(
        "--reclaim-after",
        type=float,
        default=DEFAULT_GRACE_SECONDS,
        help=_(
            "seconds a page's kernel is kept once no page is connected to it (default "
            "{seconds}): a connection that blinks comes back well within it"
        ).format(seconds=f"{DEFAULT_GRACE_SECONDS:g}"),
    )
    serve.set_defaults(func=cmd_serve)

    session = commands.add_parser("session", help=_("create or end a workshop session"))
    session_commands = session.add_subparsers(dest="session_command", required=True)
    new = session_commands.add_parser("new", help=_("open a session: prints its join code"))
    new.add_argument("name", help=_('for example "Vancouver cohort, Nov"'))
    new.add_argument(
        "--port", type=int, help=_("the server's port (default: the running server's, else 8866)")
    )
    new.add_argument("--host", help=_("the server's address (default: the running server's)"))
    new.add_argument(
        "--size",
        type=int,
        default=0,
        help=_(
            "students expected: while the workshop is open the server keeps this many "
            "pages ready to start (about 40 MB each), so a class arriving together does not wait"
        ),
    )
    languages = workshop_languages()
    new.add_argument(
        "--language",
        choices=languages,
        default=i18n.SOURCE_LANGUAGE,
        help=_(
            "the language of the workshop's pages and content (default: {default}; "
            "the instructor can change it on the dashboard)"
        ).format(default=i18n.SOURCE_LANGUAGE),
    )
    new.set_defaults(func=cmd_session_new)
    end = session_commands.add_parser(
        "end", help=_("end a session: no new joins, answers become read-only")
    )
    end.add_argument("session", help=_("the workshop's join code"))
    end.add_argument("--key", help=_("the instructor key (asked for when left out)"))
    end.set_defaults(func=cmd_session_end)

    links = commands.add_parser("links", help=_("print the student link and its QR code"))
    links.add_argument("session", nargs="?", help=_("the workshop's join code"))
    links.add_argument(
        "--port", type=int, help=_("the server's port (default: the running server's, else 8866)")
    )
    links.add_argument("--host", help=_("the server's address (default: the running server's)"))
    links.add_argument("--no-qr", action="store_true", help=_("links only"))
    links.set_defaults(func=cmd_links)

    export = commands.add_parser("export", help=_("export a workshop's answers"))
    export.add_argument("session", help=_("the workshop's join code"))
    export.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
    export.add_argument("--out", default="exports", help=_("folder to write into"))
    export.add_argument("--no-reports", action="store_true", help=_("skip the reports zip"))
    export.add_argument(
        "--with-names",
        action="store_true",
        help=_(
            "add the first names students gave to the participants table and the reports "
            "(left out by default: students appear as P001, P002...)"
        ),
    )
    export.add_argument("--content", help=_("content folder (default: the kit's exercises/)"))
    export.set_defaults(func=cmd_export)

    guide = commands.add_parser(
        "guide", help=_("write the facilitator guide as a printable web page")
    )
    guide.add_argument(
        "--out",
        default="facilitator-guide.html",
        help=_("file to write (default: {default})").format(default="%(default)s"),
    )
    guide.set_defaults(func=cmd_guide)
    return parser


def _no_workshop(code: str) -> str:
    return _("There is no workshop with the code {code}.").format(code=repr(code))


def main(argv: list[str] | None = None) -> int:
    # Instructors read the command line's messages in their own language (it is the
    # workshop's pages that speak the workshop's).
    i18n.use(i18n.command_line_language())
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
