"""Where the browser reached an instructor page (the dashboard, the presenter view):
the students' join link is built from it. Import-light: no pandas."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlencode

from workshop_kit.identity import query_params
from workshop_kit.links import lan_address
from workshop_kit.pages import WELCOME


@dataclass(frozen=True)
class PageAddress:
    """Where the browser reached this page: students' links are built from it."""

    host: str = "localhost"
    port: str = ""
    base: str = "/"

    @classmethod
    def from_request(cls) -> PageAddress:
        """The request's own host, port and base path (Voila gives the kernel them)."""
        query_params()  # a preheated kernel learns its request here
        host = os.environ.get("SERVER_NAME") or "localhost"
        port = os.environ.get("SERVER_PORT") or os.environ.get("VOILA_APP_PORT") or ""
        path = os.environ.get("SCRIPT_NAME") or ""
        base = path.split("voila/render/", 1)[0] if "voila/render/" in path else "/"
        return cls(host, port, base or "/")

    def student_url(self, join_code: str) -> str:
        """The absolute welcome link for students' devices. A page opened as localhost
        gives the machine's network address instead, which students can reach."""
        host = self.host
        if host in ("localhost", "::1") or host.startswith("127."):
            host = lan_address() or host
        if ":" in host:  # an IPv6 address
            host = f"[{host.strip('[]')}]"
        port = f":{self.port}" if self.port and self.port != "80" else ""
        query = urlencode({"session": join_code})
        return f"http://{host}{port}{self.base}voila/render/{WELCOME}?{query}"
