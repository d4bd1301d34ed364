"""The checks behind deploy/verify_jupyterhub.sh, run against a hub it has started.

Everything goes through the hub's public address (its proxy), as a student's browser
would. Each check prints one line; the first failure stops the run with exit status 1
and says what was expected. Not meant to be run by hand: the shell script sets the
environment (hub address, service token, database) and cleans up afterwards.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import uuid
from dataclasses import dataclass, field

import requests

from kit_devtools import CHROMIUM_ARGS, find_chromium

HUB = os.environ["VERIFY_HUB_URL"].rstrip("/")
TOKEN = os.environ["VERIFY_SERVICE_TOKEN"]  # the test-only "verify" service's API token
PASSWORD = os.environ["WORKSHOP_HUB_PASSWORD"]
LAUNCHED_AT = float(os.environ["VERIFY_HUB_LAUNCHED_AT"])
CHROMIUM = find_chromium()
CULL_TIMEOUT = int(os.environ.get("WORKSHOP_HUB_CULL_TIMEOUT", "0"))
CULL_EVERY = int(os.environ.get("WORKSHOP_HUB_CULL_EVERY", "0"))
CHECK_CULL = os.environ.get("VERIFY_CULL", "1") == "1"
BROWSER = os.environ.get("VERIFY_BROWSER", "auto")  # auto | 1 | 0

# The kit's template writes this header on every page (workshop_kit template's
# index.html.j2); Voila's stock templates do not.
TEMPLATE_MARKER = '<header class="wk-site-header">Career Workshop Kit'
WIDGET_MARKER = "application/vnd.jupyter.widget-view+json"
PAGE_TIMEOUT = 180  # s: a cold kernel on a busy 2-core machine
API = {"Authorization": f"token {TOKEN}"}


class CheckFailed(Exception):
    pass


@dataclass
class Report:
    timings: list[tuple[str, float]] = field(default_factory=list)

    def ok(self, text: str, seconds: float | None = None) -> None:
        if seconds is None:
            print(f"  ok    {text}", flush=True)
        else:
            print(f"  ok    {text:<62} {seconds:6.1f} s", flush=True)
            self.timings.append((text, seconds))

    def skip(self, text: str) -> None:
        print(f"  skip  {text}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def wait_for(what: str, probe, timeout: float, every: float = 0.25):
    """Call ``probe`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = probe()
        except (requests.RequestException, OSError) as error:
            value, last_error = None, error
        if value:
            return value
        time.sleep(every)
    detail = f" (last error: {last_error})" if last_error else ""
    raise CheckFailed(f"{what}: not within {timeout:.0f} s{detail}")


# --- the hub ---------------------------------------------------------------------------


def hub_is_up(report: Report) -> None:
    def answers():
        response = requests.get(f"{HUB}/hub/api", timeout=5)
        return response.status_code == 200 and "version" in response.json()

    wait_for("the hub's API through the proxy", answers, timeout=120)
    report.ok(f"hub up at {HUB} (launch -> /hub/api answers)", time.time() - LAUNCHED_AT)


def server_state(name: str) -> dict | None:
    response = requests.get(f"{HUB}/hub/api/users/{name}", headers=API, timeout=10)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json().get("servers", {}).get("")


def user_token(name: str) -> str:
    response = requests.post(
        f"{HUB}/hub/api/users/{name}/tokens",
        headers=API,
        json={"note": "verify_jupyterhub", "expires_in": 3600},
        timeout=10,
    )
    expect(response.status_code in (200, 201), f"token for {name}: HTTP {response.status_code}")
    return response.json()["token"]


def log_in(session: requests.Session, name: str) -> None:
    """The hub's login form, as a browser posts it (with its XSRF field)."""
    form = session.get(f"{HUB}/hub/login", timeout=10)
    expect(form.status_code == 200, f"GET /hub/login: HTTP {form.status_code}")
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text)
    expect(xsrf is not None, "the login form has no _xsrf field")
    response = session.post(
        f"{HUB}/hub/login",
        data={"username": name, "password": PASSWORD, "_xsrf": xsrf.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    expect(
        response.status_code == 302,
        f"logging in as {name}: expected a redirect, got HTTP {response.status_code}",
    )
    wrong = session.post(
        f"{HUB}/hub/login",
        data={"username": name + "x", "password": PASSWORD + "x", "_xsrf": xsrf.group(1)},
        allow_redirects=False,
        timeout=30,
    )
    expect(wrong.status_code != 302, "a wrong password was accepted")


# --- a student over plain HTTP ------------------------------------------------------------


def student_over_http(report: Report, name: str) -> None:
    session = requests.Session()
    log_in(session, name)
    report.ok(f"{name} logs in with the shared password (a wrong one is refused)")

    start = time.monotonic()
    # what the hub does when a logged-in student opens any link: start their server
    session.get(f"{HUB}/hub/spawn/{name}", timeout=60, allow_redirects=False)
    wait_for(
        f"{name}'s server ready",
        lambda: (server_state(name) or {}).get("ready"),
        timeout=PAGE_TIMEOUT,
    )
    report.ok(f"spawn {name}'s server (request -> ready)", time.monotonic() - start)

    start = time.monotonic()
    page = session.get(
        f"{HUB}/user/{name}/voila/render/01_self_assessment.ipynb", timeout=PAGE_TIMEOUT
    )
    seconds = time.monotonic() - start
    expect(page.status_code == 200, f"student page: HTTP {page.status_code}")
    expect(TEMPLATE_MARKER in page.text, "student page: not the workshop_kit template")
    expect(WIDGET_MARKER in page.text, "student page: no widget in the HTML")
    expect("Traceback" not in page.text, "student page: shows a traceback")
    report.ok(f"first page /user/{name}/voila/render/01_self_assessment.ipynb", seconds)
    report.ok("HTTP 200, workshop_kit template, widgets, no traceback")

    stranger = requests.get(page.url, allow_redirects=False, timeout=30)
    expect(
        stranger.status_code in (302, 303) and "/hub/" in stranger.headers.get("location", ""),
        f"the page without logging in: HTTP {stranger.status_code}, expected a redirect",
    )
    report.ok("the same page without logging in redirects to the hub")

    kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.text)
    expect(kernel is not None, "student page: no kernel id in the page config")
    token = user_token(name)
    locked_down(report, name, token)
    kernel_websocket(report, name, token, kernel.group(1))


def locked_down(report: Report, name: str, token: str) -> None:
    auth = {"Authorization": f"token {token}"}
    base = f"{HUB}/user/{name}"
    for path in ("lab", "terminals/1", "api/terminals"):
        response = requests.get(f"{base}/{path}", headers=auth, timeout=30)
        expect(response.status_code == 404, f"/{path} should not exist: {response.status_code}")
    notebook = requests.get(f"{base}/api/contents/01_self_assessment.ipynb", headers=auth)
    expect(notebook.status_code == 200, f"reading a notebook: HTTP {notebook.status_code}")
    model = notebook.json()
    overwrite = requests.put(
        f"{base}/api/contents/01_self_assessment.ipynb", headers=auth, json=model, timeout=30
    )
    expect(overwrite.status_code == 403, f"overwriting a notebook: HTTP {overwrite.status_code}")
    new = requests.put(f"{base}/api/contents/sneaky.ipynb", headers=auth, json=model, timeout=30)
    expect(new.status_code == 403, f"adding a notebook: HTTP {new.status_code}")
    report.ok("no JupyterLab, no terminals, notebooks cannot be written (403)")


def kernel_websocket(report: Report, name: str, token: str, kernel_id: str) -> None:
    """The page's kernel over a WebSocket through the proxy: a message widgets use is
    answered; code sent from outside is dropped (as standalone Voila does)."""
    from websockets.sync.client import connect

    url = HUB.replace("http", "ws", 1) + f"/user/{name}/api/kernels/{kernel_id}/channels"

    def message(msg_type: str, content: dict) -> dict:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "username": name,
            "session": uuid.uuid4().hex,
            "date": "",
            "version": "5.3",
        }
        return {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }

    sneaky = message("execute_request", {"code": "print('ran')", "silent": False})
    info = message("kernel_info_request", {})
    start = time.monotonic()
    with connect(url, additional_headers={"Authorization": f"token {token}"}) as socket:
        socket.send(json.dumps(sneaky))
        socket.send(json.dumps(info))  # the shell channel answers in order
        deadline = time.monotonic() + 60
        replies = []
        while time.monotonic() < deadline:
            msg = json.loads(socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            parent = msg.get("parent_header", {}).get("msg_id")
            if parent in (sneaky["header"]["msg_id"], info["header"]["msg_id"]):
                replies.append((parent, msg["msg_type"]))
            if (info["header"]["msg_id"], "kernel_info_reply") in replies:
                break
    seconds = time.monotonic() - start
    expect(
        (info["header"]["msg_id"], "kernel_info_reply") in replies,
        "kernel WebSocket through the proxy: no kernel_info_reply",
    )
    ran = [kind for parent, kind in replies if parent == sneaky["header"]["msg_id"]]
    expect(not ran, f"an execute_request from the browser side reached the kernel: {ran}")
    report.ok("kernel WebSocket through the proxy (open, kernel_info_reply)", seconds)
    report.ok("an execute_request sent over it is dropped")


# --- students in Chromium -----------------------------------------------------------------


def students_in_a_browser(report: Report, names: tuple[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    from workshop_kit.store import Store

    with Store.from_env() as store:
        workshop, _key = store.create_workshop("Hub check")
    report.ok(f"workshop created in the shared database (join code {workshop.code})")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in names:
                context = browser.new_context()
                try:
                    join_in_browser(report, context, name, workshop.code)
                finally:
                    context.close()
        finally:
            browser.close()

    with Store.from_env() as store:
        joined = {p.display_name for p in store.workshop_participants(workshop.id)}
    wanted = {name.capitalize() for name in names}
    expect(joined == wanted, f"the shared database holds {joined}, expected {wanted}")
    report.ok(f"both students' servers wrote to one database: {sorted(joined)}")


def join_in_browser(report: Report, context, name: str, code: str) -> None:
    """A student opens the workshop link, logs in, waits for their server and joins."""
    page = context.new_page()
    console_errors = []
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    link = f"{HUB}/hub/user-redirect/voila/render/00_welcome.ipynb?session={code}"
    page.goto(link)
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    start = time.monotonic()
    page.click("#login_submit")
    page.wait_for_url(
        f"**/user/{name}/voila/render/**", wait_until="commit", timeout=PAGE_TIMEOUT * 1000
    )
    at_server = time.monotonic() - start
    page.locator(".wk-site-header").wait_for(timeout=PAGE_TIMEOUT * 1000)
    code_box = page.get_by_label("Join code")
    code_box.wait_for(timeout=PAGE_TIMEOUT * 1000)
    widgets_up = time.monotonic() - start
    expect(code_box.input_value() == code, "the join code did not survive login and spawn")
    report.ok(f"{name}: login -> at own server (spawn included if needed)", at_server)
    report.ok(f"{name}: login -> welcome page with live widgets", widgets_up)

    page.get_by_label("Your first name").fill(name.capitalize())
    start = time.monotonic()
    page.get_by_role("button", name="Join the workshop").click()
    page.get_by_text(f"as {name.capitalize()}.").wait_for(timeout=60_000)
    report.ok(
        f"{name}: joins the workshop (click -> answer from the kernel)", time.monotonic() - start
    )
    expect(not console_errors, f"{name}: errors in the page: {console_errors}")


# --- culling ------------------------------------------------------------------------------


def idle_servers_are_culled(report: Report, names: tuple[str, ...]) -> None:
    start = time.monotonic()
    limit = CULL_TIMEOUT + 2 * CULL_EVERY + 60

    def all_stopped():
        return all(server_state(name) is None for name in names)

    wait_for(f"the idle culler stopping {', '.join(names)}", all_stopped, limit, every=2)
    report.ok(
        f"idle culler stopped every server (timeout {CULL_TIMEOUT} s; waited)",
        time.monotonic() - start,
    )


def main() -> int:
    report = Report()
    try:
        print("== the hub", flush=True)
        hub_is_up(report)
        print("== a student over HTTP: login form, spawn, page, WebSocket", flush=True)
        student_over_http(report, "grace")

        students = ["grace"]
        use_browser = BROWSER == "1" or (BROWSER == "auto" and CHROMIUM is not None)
        print("== students in Chromium: workshop link, login, spawn, join", flush=True)
        if use_browser:
            students_in_a_browser(report, ("ada", "grace"))
            students.append("ada")
        elif BROWSER == "0":
            report.skip("VERIFY_BROWSER=0")
        else:
            report.skip("no Chromium found (set WORKSHOP_KIT_CHROMIUM)")

        print("== idle culling", flush=True)
        if CHECK_CULL:
            idle_servers_are_culled(report, tuple(students))
        else:
            report.skip("VERIFY_CULL=0")
    except CheckFailed as failure:
        print(f"FAIL  {failure}", flush=True)
        return 1

    print("== timings", flush=True)
    for text, seconds in report.timings:
        print(f"  {seconds:6.1f} s  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
