"""Links students open, and QR codes of them for the projector (segno)."""

from __future__ import annotations

import io
import socket
from urllib.parse import urlencode

import segno

from workshop_kit.pages import PAGES

ANY_ADDRESS = ("0.0.0.0", "::", "")


def lan_address() -> str | None:
    """This machine's address on the local network, for students' devices (no traffic sent)."""
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return None
    return None if address.startswith("127.") else address


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
