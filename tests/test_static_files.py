"""Scripts reach a new browser gzipped without the server compressing them per student,
and a browser that has them keeps them (workshop_kit/static_files.py)."""

from __future__ import annotations

import gzip
import json
import os
import re
import urllib.request

import pytest

from workshop_kit.static_files import MAX_FILE_BYTES, cached_for_good, gzipped, worth_gzipping


def _get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers, response.read()


def _extension_entry(server) -> str:
    """The URL of a lab extension's entry script, named the way the page names it."""
    html = _get(server.page())[2].decode()
    config = json.loads(
        re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    extension = next(e for e in config["federated_extensions"] if e["name"] == "anywidget")
    return f"{server.base}/voila/labextensions/{extension['name']}/{extension['load']}"


@pytest.mark.voila
def test_hashed_scripts_come_gzipped_and_cached_for_good(voila_server):
    url = _extension_entry(voila_server)
    assert re.search(r"\.[0-9a-f]{8,}\.js$", url), url

    status, headers, body = _get(url, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert int(headers["Content-Length"]) == len(body)
    plain = gzip.decompress(body)

    # A second browser gets the same bytes; one without gzip gets the file itself.
    assert _get(url, **{"Accept-Encoding": "gzip"})[2] == body
    status, headers, raw = _get(url)
    assert "Content-Encoding" not in headers and raw == plain and b"webpack" in raw

    # A byte range is cut from the file, not from the compressed copy (Tornado's
    # transform may then compress those bytes for the trip).
    status, headers, part = _get(url, **{"Accept-Encoding": "gzip", "Range": "bytes=0-99"})
    if headers.get("Content-Encoding") == "gzip":
        part = gzip.decompress(part)
    assert status == 206 and part == plain[:100]


@pytest.mark.voila
def test_unhashed_files_are_not_cached_for_good(voila_server):
    """Voila's own chunks (``5764.voila.js``) keep their names across Voila versions: a
    browser must not keep them forever."""
    html = _get(voila_server.page())[2].decode()
    script = re.search(r'src="([^"]*/voila\.js)[^"]*"', html).group(1)
    _, headers, _ = _get(
        urllib.request.urljoin(voila_server.base + "/voila/render/", script),
        **{"Accept-Encoding": "gzip"},
    )
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" not in headers.get("Cache-Control", "")


def test_an_edited_file_is_compressed_afresh(tmp_path):
    script = tmp_path / "page.js"
    script.write_text("let version = 1;\n" * 100)
    assert gzip.decompress(gzipped(str(script))) == script.read_bytes()
    script.write_text("let version = 22;\n" * 100)
    os.utime(script, ns=(1, 2))  # even with an older time stamp: the size changed
    assert gzip.decompress(gzipped(str(script))) == script.read_bytes()


def test_only_whole_compressible_files_of_reasonable_size_are_sent_gzipped():
    """What static_files.py decides; voila_app.py applies it to Voila's routes."""
    js = "application/javascript; charset=UTF-8"
    assert worth_gzipping("gzip, deflate, br", None, js, 500_000)
    assert worth_gzipping("gzip", None, "text/css", 10)
    assert not worth_gzipping("br", None, js, 10)  # the browser does not take gzip
    assert not worth_gzipping("gzip", "bytes=0-99", js, 10)  # a range: from the file
    assert not worth_gzipping("gzip", None, "image/png", 10)  # compressed already
    assert not worth_gzipping("gzip", None, js, MAX_FILE_BYTES + 1)
    assert cached_for_good(
        "/voila/labextensions/x/static/remoteEntry.698dcaf7.js", "r/remoteEntry.698dcaf7.js"
    )
    assert not cached_for_good("/voila/static/5764.voila.js", "s/5764.voila.js")
    assert not cached_for_good("/voila/labextensions/x/package.json", "x/package.json")
