"""The checks behind deploy/nginx/verify_nginx.sh (which starts Voila and nginx first).

Everything a student does goes through nginx over HTTPS. Each check prints one line;
the first failure stops the run with exit status 1.
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

from kit_devtools import CHROMIUM_ARGS, find_chromium

VOILA = os.environ["VERIFY_VOILA"]
HTTP = os.environ["VERIFY_HTTP"]
HTTPS = os.environ["VERIFY_HTTPS"]
WORK = os.environ["VERIFY_WORK"]
STARTED_AT = float(os.environ["VERIFY_STARTED_AT"])
CHROMIUM = find_chromium()
PAGE = "/workshop/voila/render/01_self_assessment.ipynb"
TEMPLATE_MARKER = '<header class="wk-site-header">Career Workshop Kit'
TIMEOUT = 180  # s: kernels starting on a busy 2-core machine
POOL = 2 * 5  # voila.json's pool_size for each of the five student pages
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname = False
UNVERIFIED.verify_mode = ssl.CERT_NONE  # the check's own self-signed certificate


class CheckFailed(Exception):
    pass


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def ok(text: str, seconds: float | None = None) -> None:
    timing = "" if seconds is None else f"{seconds:6.1f} s"
    print(f"  ok    {text:<60} {timing}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def wait_for(what: str, probe, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.5)
    raise CheckFailed(f"{what}: not within {timeout:.0f} s")


def fetch(url: str, follow: bool = True) -> tuple[int, dict, str]:
    handlers = [urllib.request.HTTPSHandler(context=UNVERIFIED)]
    if not follow:
        handlers.append(NoRedirect())
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(url, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def our_kernels() -> int:
    """Kernels of this run's Voila (their connection files are under WORK)."""
    found = subprocess.run(["pgrep", "-f", f"ipykernel_launcher.*{WORK}/"], capture_output=True)
    return len(found.stdout.split())


def main() -> int:
    try:
        wait_for("Voila answering on its own port", lambda: fetch(VOILA)[0] == 200, TIMEOUT)
        ok("Voila up under /workshop/ (start -> answers)", time.time() - STARTED_AT)

        status, headers, _ = fetch(f"{HTTP}{PAGE}", follow=False)
        expect(status == 301, f"plain HTTP: expected 301, got {status}")
        expect(headers.get("Location", "").startswith("https://"), "plain HTTP: not to HTTPS")
        status, headers, _ = fetch(f"{HTTPS}/", follow=False)
        expect(status == 302, f"/: expected a redirect, got {status}")
        expect(
            headers.get("Location", "").endswith("/workshop/voila/render/00_welcome.ipynb"),
            f"/ redirects to {headers.get('Location')}",
        )
        ok("HTTP -> HTTPS, and / -> the welcome page")

        start = time.monotonic()
        status, _, html = fetch(f"{HTTPS}{PAGE}")
        expect(status == 200, f"page over HTTPS: HTTP {status}")
        expect(TEMPLATE_MARKER in html, "page over HTTPS: not the workshop_kit template")
        expect("/workshop/voila/" in html, "page: links do not carry the /workshop/ base URL")
        ok("page through nginx over HTTPS (200, kit template, base URL)", time.monotonic() - start)

        start = time.monotonic()
        wait_for(f"{POOL} preheated kernels", lambda: our_kernels() >= POOL, TIMEOUT)
        ok(f"preheated kernels waiting ({our_kernels()})", time.monotonic() - start)
        student_in_chromium()
    except CheckFailed as failure:
        print(f"FAIL  {failure}", flush=True)
        return 1
    return 0


def student_in_chromium() -> None:
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        print("  skip  no Chromium found (set WORKSHOP_KIT_CHROMIUM)")
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            first = browser.new_context(ignore_https_errors=True)
            page = first.new_page()
            start = time.monotonic()
            page.goto(f"{HTTPS}{PAGE}")
            page.wait_for_selector(".wk-rating", timeout=TIMEOUT * 1000)
            ok("Chromium: page with live widgets over HTTPS", time.monotonic() - start)
            radio = page.get_by_role("group", name="Presenting to a group").get_by_role(
                "radio", name="4 Strong"
            )
            radio.check()
            page.get_by_text("Rating saved").wait_for(timeout=60_000)
            ok("a rating travels over the WebSocket through nginx and is saved")
            page.wait_for_function(
                "new URL(location.href).searchParams.get('p')", timeout=TIMEOUT * 1000
            )
            link = page.url
            expect(parse_qs(urlparse(link).query).get("p"), "no personal link in the address")

            other = browser.new_context(ignore_https_errors=True)
            elsewhere = other.new_page()
            elsewhere.goto(link)
            elsewhere.wait_for_selector(".wk-rating", timeout=TIMEOUT * 1000)
            again = elsewhere.get_by_role("group", name="Presenting to a group").get_by_role(
                "radio", name="4 Strong"
            )
            expect(again.is_checked(), "the personal link on another device lost the rating")
            ok("the personal link on another device finds the rating")
            expect(
                elsewhere.locator(".wk-connection").count() == 0,
                "the page says the connection was lost",
            )
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
