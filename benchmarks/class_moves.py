"""What a class leaves behind: simulated students move through all five pages, and the
server's kernels and memory are measured once they are all on the last page.

Each student (a small client, no browser; see ``class_server.py``) does on every page
what a browser does: GETs it, opens the kernel websocket and asks for the widgets'
states; then, leaving for the next page, sends what Voila's page sends as the browser
unloads it (a POST to ``/voila/api/shutdown/<kernel>`` with the ``_xsrf`` cookie's
value) and closes the websocket. On the last page they stay connected, as a class
still in the room does.

Stock Voila never sets the ``_xsrf`` cookie, so its shutdowns are refused (403,
voila issue 1458) and every page a student left keeps its kernel; the kit's ends.

``python -m benchmarks.class_moves --students 30 --kinds kit,stock``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
import uuid
from contextlib import suppress
from pathlib import Path

import psutil

from benchmarks.class_server import _message
from benchmarks.page_load import STAGES, Server, _median

LEAVE_TIMEOUT_S = 30  # for the kernels of left pages to end once everyone is done


async def visit(server: Server, notebook: str, cookies: dict) -> tuple[str, object]:
    """One page as a browser shows it: returns its kernel and open websocket."""
    from tornado.httpclient import AsyncHTTPClient
    from tornado.websocket import websocket_connect

    headers = {"Accept-Encoding": "gzip"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    response = await AsyncHTTPClient().fetch(
        server.url(notebook), request_timeout=900, connect_timeout=900, headers=headers
    )
    for cookie in response.headers.get_list("Set-Cookie"):
        name, _, rest = cookie.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    found = re.search(r'"kernelId": "([0-9a-f-]+)"', response.body.decode())
    if not found:
        raise RuntimeError(f"{notebook} named no kernel")
    kernel = found.group(1)
    session = uuid.uuid4().hex
    socket = await websocket_connect(
        f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id={session}",
        max_message_size=256 * 2**20,
    )
    comm_id = uuid.uuid4().hex
    opened = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
    socket.write_message(_message("comm_open", opened, session, {"version": "1.0.0"}))
    socket.write_message(
        _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}}, session)
    )
    while True:
        raw = await asyncio.wait_for(socket.read_message(), timeout=900)
        if raw is None:
            raise RuntimeError("the kernel websocket closed")
        if isinstance(raw, bytes):
            continue
        msg = json.loads(raw)
        data = msg.get("content", {}).get("data", {})
        if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
            return kernel, socket


async def leave(server: Server, kernel: str, socket, cookies: dict) -> int:
    """What Voila's page does as the browser leaves it (``navigator.sendBeacon``)."""
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError

    boundary = uuid.uuid4().hex
    xsrf = cookies.get("_xsrf", "")
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="_xsrf"\r\n\r\n{xsrf}\r\n'
        f"--{boundary}--\r\n"
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Origin": server.base,
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    try:
        response = await AsyncHTTPClient().fetch(
            f"{server.base}/voila/api/shutdown/{kernel}", method="POST", body=body, headers=headers
        )
        status = response.code
    except HTTPClientError as error:
        status = error.code
    socket.close()
    return status


async def student(server: Server, delay: float) -> dict:
    await asyncio.sleep(delay)  # the arrival schedule itself
    cookies: dict = {}
    statuses = []
    began = time.perf_counter()
    socket = None
    left = []
    for n, notebook in enumerate(STAGES):
        kernel, socket = await visit(server, notebook, cookies)
        if n < len(STAGES) - 1:
            statuses.append(await leave(server, kernel, socket, cookies))
            left.append(kernel)
    return {
        "statuses": statuses,
        "left": left,
        "seconds": time.perf_counter() - began,
        "socket": socket,
    }


def _kernel_count(server: Server) -> int:
    return len(server.kernels())


def _running_ids(server: Server) -> set[str]:
    ids = set()
    for process in server.kernels():
        with suppress(psutil.Error):
            ids.update(re.findall(r"kernel-([0-9a-f-]{36})\.json", " ".join(process.cmdline())))
    return ids


def _wait_for_left_kernels(server: Server, left: set[str]) -> tuple[float, int]:
    """Wait (bounded) until the kernels of left pages have ended; returns the wait and
    how many of them still run."""
    began = time.monotonic()
    while time.monotonic() - began < LEAVE_TIMEOUT_S:
        if not left & _running_ids(server):
            break
        time.sleep(0.5)  # kernels ending: nothing to await on from outside
    return round(time.monotonic() - began, 1), len(left & _running_ids(server))


def _memory(server: Server) -> dict:
    root = psutil.Process(server.process.pid)
    rss = pss = 0
    for process in server.tree():
        with suppress(psutil.Error):
            info = process.memory_full_info()
            rss += info.rss
            pss += info.pss
    return {
        "server_process_rss_mb": round(root.memory_info().rss / 2**20),
        "server_and_kernels_rss_mb": round(rss / 2**20),
        "server_and_kernels_pss_mb": round(pss / 2**20),
    }


async def _class(server: Server, students: int, window_s: float) -> dict:
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(2 * students, 10))
    kernels_before = _kernel_count(server)
    began = time.perf_counter()
    results = await asyncio.gather(
        *(student(server, n * window_s / students) for n in range(students)),
        return_exceptions=True,
    )
    wall = time.perf_counter() - began
    ok = [r for r in results if isinstance(r, dict)]
    errors = [f"{type(r).__name__}: {r}"[:200] for r in results if isinstance(r, BaseException)]
    pool = server.pool * len(STAGES) if server.kind == "kit" else 0
    waited, still_running = _wait_for_left_kernels(server, {k for r in ok for k in r["left"]})
    server.settle()  # the preheated pools refilled, as a class's server is minutes later
    figures = {
        "students": students,
        "pages_each": len(STAGES),
        "window_s": window_s,
        "kernels_before": kernels_before,
        "kernels_after": _kernel_count(server),
        "kernels_expected": f"{pool} preheated + {len(ok)} open pages",
        **_memory(server),
        "shutdowns": {str(s): sum(r["statuses"].count(s) for r in ok) for s in (204, 403)},
        "left_pages_kernels_running": still_running,
        "log_403": len(re.findall(r"\b403 POST", Path(server.data, "server.log").read_text())),
        "student_median_s": _median([r["seconds"] for r in ok]),
        "waited_for_left_kernels_s": waited,
        "failed": len(errors),
        "errors": errors[:3],
        "wall_s": round(wall, 1),
    }
    for r in ok:
        r["socket"].close()
    return figures


def run(students: int = 30, kinds=("kit", "stock"), window_s: float = 10.0) -> dict:
    out: dict = {}
    for kind in kinds:
        with Server(kind, 2) as server:
            out[kind] = asyncio.run(_class(server, students, window_s))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--kinds", default="kit,stock")
    parser.add_argument("--window", type=float, default=10.0, help="arrival window, seconds")
    args = parser.parse_args()
    print(json.dumps(run(args.students, tuple(args.kinds.split(",")), args.window), indent=1))


if __name__ == "__main__":
    main()
