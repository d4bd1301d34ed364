"""What the server itself gives away or trips on, as an outsider probes it: no page
token in any log line, no notebook listing, and malformed requests answered calmly."""

from __future__ import annotations

import http.client
import json
import re
import secrets
import urllib.request
import uuid
from urllib.parse import urlparse

import pytest
from conftest import serve
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

pytestmark = pytest.mark.voila


def request(url: str, method: str = "GET") -> tuple[int, str]:
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def test_no_page_token_reaches_the_servers_log(tmp_path):
    tokens = [secrets.token_urlsafe(24) for _ in range(7)]
    with serve(tmp_path, 0) as server:
        base = server.base
        assert request(f"{base}/voila/render/01_self_asessment.ipynb?p={tokens[0]}")[0] == 404
        assert request(server.page(query=f"p={tokens[1]}"))[0] == 200
        assert request(f"{base}/voila/static/nope.js?session=ABC-DEF&p={tokens[2]}")[0] == 403
        assert request(f"{base}/voila/api/shutdown/x?p={tokens[3]}", "POST")[0] == 403
        assert request(f"{base}/logout?p={tokens[4]}")[0] in (404, 500)
        assert request(f"{base}/no/such/page%3Fp%3D{tokens[5]}")[0] == 404
        ws = base.replace("http", "ws", 1)
        with pytest.raises(InvalidStatus):
            connect(f"{ws}/api/kernels/{uuid.uuid4()}/channels?p={tokens[6]}").close()
    log = server.log.read_text()
    assert "01_self_asessment.ipynb" in log and "/logout" in log  # the failures were logged
    assert [token for token in tokens if token in log] == []


def test_the_bare_address_leads_to_the_start_page_and_lists_no_notebook(voila_server):
    status, html = request(f"{voila_server.base}/?session=ABC-DEF")
    assert status == 200
    assert 'href="/voila/render/00_welcome.ipynb?session=ABC-DEF"' in html
    assert ".ipynb" not in html.replace("00_welcome.ipynb", "")
    for path in ("/voila/tree", "/voila/tree/notebooks", "/voila/api/contents", "/logout"):
        status, html = request(voila_server.base + path)
        assert status == 404, path
        assert "Page not found" in html and "01_self_assessment" not in html
        assert "cdn" not in html.lower() and "font-awesome" not in html


def _message(msg_type: str) -> dict:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "s"}
    header |= {"session": uuid.uuid4().hex, "date": "", "version": "5.3"}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": {}}


def test_a_malformed_websocket_message_is_dropped_with_a_warning(voila_server):
    with urllib.request.urlopen(voila_server.page(), timeout=120) as response:
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', response.read().decode()).group(1)
    before = len(voila_server.log.read_text())
    probe = _message("kernel_info_request") | {"channel": "shell"}
    url = voila_server.base.replace("http", "ws", 1)
    with connect(f"{url}/api/kernels/{kernel_id}/channels?session_id=probe") as ws:
        ws.send(json.dumps({"channel": "shell", "content": {}}))  # no header
        ws.send(json.dumps({"channel": "shell", "header": "x"}))
        ws.send("not json")
        ws.send(json.dumps(probe))
        while True:  # the connection stays open and the kernel still answers
            reply = json.loads(ws.recv(timeout=60))
            if reply["parent_header"].get("msg_id") == probe["header"]["msg_id"]:
                break
    log = voila_server.log.read_text()[before:]
    assert "Traceback" not in log and "Uncaught exception" not in log, log
    assert "Dropped a malformed message" in log
