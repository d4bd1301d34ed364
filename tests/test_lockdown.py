"""Serve mode gives students widget pages and nothing else of the Jupyter Server: no
file browser, no contents or terminals API, and no way to run code in a kernel."""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlparse

import pytest
from websockets.sync.client import connect

pytestmark = pytest.mark.voila

REFUSED_PATHS = [
    "/tree",
    "/voila/tree",
    "/voila/tree/notebooks",
    "/voila/api/contents",
    "/voila/api/contents/01_self_assessment.ipynb",
    "/logout",
    "/lab",
    "/api/contents",
    "/api/contents/notebooks",
    "/api/kernels",
    "/api/sessions",
    "/api/kernelspecs",
    "/api/terminals",
    "/terminals/1",
    "/files/README.md",
    "/voila/files/exercises/en/skills.yaml",
    "/voila/files/01_self_assessment.ipynb",
    "/voila/files/%2e%2e/.workshop-data/workshop.sqlite3",
    "/voila/files/..%2f..%2fpyproject.toml",
]


def status(url: str) -> int:
    # http.client sends the path exactly as written (urllib would normalise "..").
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.mark.parametrize("path", REFUSED_PATHS)
def test_jupyter_server_apis_and_files_are_not_served(voila_server, path):
    assert status(voila_server.base + path) in (403, 404, 405)


def test_the_student_pages_themselves_are_served(voila_server):
    assert status(voila_server.page()) == 200


def _message(msg_type: str, content: dict) -> dict:
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "student",
            "session": uuid.uuid4().hex,
            "date": "",
            "version": "5.3",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


def test_code_sent_over_a_pages_kernel_websocket_never_runs(voila_server, tmp_path):
    try:
        with urllib.request.urlopen(voila_server.page(), timeout=120) as response:
            html = response.read().decode()
    except urllib.error.URLError as error:  # pragma: no cover - reported clearly
        pytest.fail(f"the page did not load: {error}")
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', html).group(1)
    marker = tmp_path / "ran"
    forged = [
        _message(
            "execute_request",
            {
                "code": f"open({str(marker)!r}, 'w').write('x')",
                "silent": False,
                "store_history": False,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        ),
        _message("complete_request", {"code": "import o", "cursor_pos": 8}),
        _message("inspect_request", {"code": "open", "cursor_pos": 4, "detail_level": 1}),
    ]
    probe = _message("kernel_info_request", {})
    url = voila_server.base.replace("http", "ws", 1)
    seen: list[str] = []
    with connect(f"{url}/api/kernels/{kernel_id}/channels?session_id=probe") as ws:
        for message in [*forged, probe]:
            ws.send(json.dumps(message))
        # The kernel answers the shell channel in order: any reply to the forged
        # requests would arrive before the reply to the probe.
        while True:
            reply = json.loads(ws.recv(timeout=60))
            seen.append(reply["parent_header"].get("msg_type", ""))
            if reply["parent_header"].get("msg_id") == probe["header"]["msg_id"] and (
                reply["msg_type"] == "kernel_info_reply"
            ):
                break
    assert not marker.exists()
    assert set(seen) <= {"kernel_info_request"}, seen
