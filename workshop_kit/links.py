"""Links students open, and QR codes of them for the projector (segno).

``workshop-kit serve`` notes its port and address in ``serve.json`` in the data folder
(:func:`record_server`), so ``workshop-kit links`` and ``session new`` print links to
the server that is running, whatever port it was given.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
from pathlib import Path
from urllib.parse import urlencode

import segno

from workshop_kit.pages import PAGES

ANY_ADDRESS = ("0.0.0.0", "::", "")
DEFAULT_PORT = 8866
DEFAULT_HOST = "0.0.0.0"
RUNTIME_FILE = "serve.json"
# Any address outside this machine: connecting a UDP socket to it sends nothing, it
# only picks the interface a packet would leave by. (A TEST-NET address, RFC 5737.)
OUTWARD = ("192.0.2.1", 9)


def lan_address() -> str | None:
    """This machine's address on the local network, for students' devices: the address
    of the interface that routes outward (no traffic sent). The host name is no guide:
    on most Debian and Ubuntu machines it maps to 127.0.1.1."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(OUTWARD)
            address = probe.getsockname()[0]
    except OSError:  # no network at all
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def record_server(data_dir: Path, port: int, host: str) -> Path:
    """Note the running server's port and address for ``links`` and ``session new``.
    ``serve`` becomes the server (exec), so its process id is the server's."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / RUNTIME_FILE
    path.write_text(json.dumps({"port": port, "host": host, "pid": os.getpid()}) + "\n")
    return path


def running_server(data_dir: Path) -> tuple[int, str] | None:
    """``(port, host)`` of the server ``serve`` started with this data folder, if it
    is still running."""
    try:
        noted = json.loads((data_dir / RUNTIME_FILE).read_text())
        port, host, pid = int(noted["port"]), str(noted["host"]), int(noted["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # running, as another user
        pass
    with contextlib.suppress(OSError):
        # a process id reused by something else is not the server
        if "workshop_kit" not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
            return None
    return port, host


def hosts_for(host: str) -> list[str]:
    """The addresses to print: localhost, and the LAN address when serving on all."""
    if host not in ANY_ADDRESS:
        return [host]
    lan = lan_address()
    return ["localhost", *([lan] if lan else [])]


def welcome_url(host: str, port: int, join_code: str | None = None, base: str = "/") -> str:
    query = f"?{urlencode({'session': join_code})}" if join_code else ""
    return f"http://{host}:{port}{base}voila/render/{PAGES[0][0]}{query}"


def student_links(host: str, port: int, join_code: str | None = None) -> list[str]:
    return [welcome_url(h, port, join_code) for h in hosts_for(host)]


def qr_text(url: str) -> str:
    """A QR code drawn with block characters, for a terminal on the projector."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def qr_svg(url: str, scale: int = 6) -> str:
    """A QR code as inline SVG (only our own URL is encoded; no user text)."""
    return segno.make(url, error="m").svg_inline(scale=scale, title=f"QR code for {url}")
