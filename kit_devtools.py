"""What the kit's tests, benchmarks and deployment checks share: the Chromium they drive
and its flags, free ports, and a throwaway PostgreSQL schema.

Not part of the kit (the wheel ships ``workshop_kit`` only) and imported by nothing in
it. The tests find it through pytest's ``pythonpath``, the benchmarks run from the
clone's root (``python -m benchmarks.run``), and the deploy checks get the clone on
``PYTHONPATH``. Shell scripts ask for ports with ``python -m kit_devtools free-ports 3``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

# Headless and quiet: no sandbox (containers, root in CI), no GPU, and none of the
# browser's own traffic (updates, sync, first-run pages, QUIC) beside the page's.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# The first control a student can use on each student page.
FIRST_CONTROL = {
    "00_welcome.ipynb": ".wk-join input",
    "01_self_assessment.ipynb": ".wk-rating input",
    "02_alternative_careers.ipynb": ".wk-role button",
    "03_interview_dos_donts.ipynb": ".wk-quiz-row button",
    "04_action_plan.ipynb": ".wk-card input",
}


def find_chromium() -> str | None:
    """The Chromium to drive: ``$WORKSHOP_KIT_CHROMIUM``, the system's (Debian's
    ``chromium`` package), or one ``playwright install chromium`` put in Playwright's
    cache; None when there is none."""
    configured = os.environ.get("WORKSHOP_KIT_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    system = shutil.which("chromium") or shutil.which("chromium-browser")
    if system:
        return system
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            bundled = playwright.chromium.executable_path
    except Exception:  # no Playwright driver, or no browser of its own
        return None
    return bundled if Path(bundled).exists() else None


def free_ports(count: int) -> list[int]:
    """``count`` different ports on 127.0.0.1 that nothing listens on now (all are held
    until the last is found, so none comes twice)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    return free_ports(1)[0]


@contextmanager
def throwaway_schema(server_url: str, prefix: str = "t") -> Iterator[str]:
    """A new, empty schema on the PostgreSQL server at ``server_url``, dropped with all
    it holds on leaving: yields a URL whose connections use it (much cheaper than a
    database each)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        scoped = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield scoped.render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    finally:
        admin.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kit_devtools")
    commands = parser.add_subparsers(dest="command", required=True)
    ports = commands.add_parser("free-ports", help="print COUNT free ports on one line")
    ports.add_argument("count", type=int, nargs="?", default=1)
    args = parser.parse_args(argv)
    if args.command == "free-ports":
        print(*free_ports(args.count))


if __name__ == "__main__":
    main()
