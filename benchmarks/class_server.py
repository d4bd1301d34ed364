"""What one server can hold: a class of simulated students arriving within seconds,
each doing what a student's browser does first, without a browser on this machine.

In a classroom every student's browser runs on their own device; only the server and
its kernels share the instructor's laptop. The Chromium benchmark (``page_load.py``)
runs every browser on this 2-core machine too, so for a class it mostly measures
Chromium. Here each student is a small client that:

1. GETs the page (Voila runs the notebook in a kernel and streams the HTML), then
2. opens the kernel websocket and asks for every widget's state in one message
   (``jupyter.widget.control`` / ``request_states``, what ipywidgets 8's manager does),

and the figure is the time from arrival to the states received: everything the
server must do before the browser can draw the first control. Static scripts
(cached by the browser after the first page; their size is in BENCHMARKS.md) are not
fetched. All students stay connected until the end, as a class does, so the memory
figure is the whole class's.

``python -m benchmarks.class_server --students 1,30,100 --window 10``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
import uuid
from contextlib import suppress

import psutil

from benchmarks.page_load import Server, _median, spread

NOTEBOOK = "00_welcome.ipynb"  # where the join link leads


def _message(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> str:
    return json.dumps(
        {
            "header": {
                "msg_id": uuid.uuid4().hex,
                "msg_type": msg_type,
                "session": session,
                "username": "student",
                "version": "5.3",
                "date": "",
            },
            "parent_header": {},
            "metadata": metadata or {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


async def student(server: Server, delay: float, notebook: str) -> dict:
    """One arrival; returns its figures and its still-open websocket."""
    from tornado.httpclient import AsyncHTTPClient
    from tornado.websocket import websocket_connect

    await asyncio.sleep(delay)  # the arrival schedule itself
    began = time.perf_counter()
    response = await AsyncHTTPClient().fetch(
        server.url(notebook),
        request_timeout=600,
        connect_timeout=600,  # also how long a request may wait in the client's queue
        headers={"Accept-Encoding": "gzip"},
    )
    html_s = time.perf_counter() - began
    found = re.search(r'"kernelId": "([0-9a-f-]+)"', response.body.decode())
    if not found:
        raise RuntimeError("the page named no kernel")
    session = uuid.uuid4().hex
    socket = await websocket_connect(
        f"ws://127.0.0.1:{server.port}/api/kernels/{found.group(1)}/channels?session_id={session}",
        max_message_size=256 * 2**20,
    )
    comm_id = uuid.uuid4().hex
    opened = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
    # the widget control protocol version ipywidgets 8 expects
    socket.write_message(_message("comm_open", opened, session, {"version": "1.0.0"}))
    ask = {"comm_id": comm_id, "data": {"method": "request_states"}}
    socket.write_message(_message("comm_msg", ask, session))
    while True:
        raw = await asyncio.wait_for(socket.read_message(), timeout=600)
        if raw is None:
            raise RuntimeError("the kernel websocket closed")
        if isinstance(raw, bytes):
            continue  # binary frames carry other messages' buffers
        msg = json.loads(raw)
        data = msg.get("content", {}).get("data", {})
        if msg.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
            ready_s = time.perf_counter() - began
            return {
                "html_s": html_s,
                "ready_s": ready_s,
                "models": len(data["states"]),
                "socket": socket,
            }


async def _arrive(server: Server, students: int, window_s: float, notebook: str) -> dict:
    from tornado.httpclient import AsyncHTTPClient

    # Tornado's client runs 10 requests at a time by default: every student is a
    # separate browser, so all may be in flight at once.
    AsyncHTTPClient.configure(None, max_clients=max(students, 10))
    cpu_before = _cpu_seconds(server)
    began = time.perf_counter()
    results = await asyncio.gather(
        *(student(server, n * window_s / students, notebook) for n in range(students)),
        return_exceptions=True,
    )
    wall = time.perf_counter() - began
    memory = _memory(server)  # everyone still connected, as a class is
    cpu = _cpu_seconds(server) - cpu_before
    ok = [r for r in results if isinstance(r, dict)]
    for r in ok:
        r.pop("socket").close()
    errors = [f"{type(r).__name__}: {r}"[:200] for r in results if isinstance(r, BaseException)]
    ready = [r["ready_s"] for r in ok]
    return {
        "students": students,
        "window_s": window_s,
        **spread(ready, "ready_"),
        "html_median_s": _median([r["html_s"] for r in ok]),
        "models_per_page": ok[0]["models"] if ok else None,
        "failed": len(errors),
        "errors": errors[:3],
        "wall_s": round(wall, 1),
        "server_cpu_s": round(cpu, 1),
        "server_cpu_s_per_student": round(cpu / students, 2),
        **memory,
    }


def _cpu_seconds(server: Server) -> float:
    total = 0.0
    for process in server.tree():
        with suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _memory(server: Server) -> dict:
    kernels = server.kernels()
    rss = []
    for process in kernels:
        with suppress(psutil.Error):
            rss.append(process.memory_info().rss)
    total = 0
    for process in server.tree():
        with suppress(psutil.Error):
            total += process.memory_info().rss
    return {
        "kernels": len(rss),
        "kernel_rss_median_mb": round(_median(rss) / 2**20, 1) if rss else None,
        "server_and_kernels_rss_mb": round(total / 2**20),
    }


def run(
    class_sizes=(1, 30, 100), window_s: float = 10.0, pool: int = 2, ready_for_class=False
) -> dict:
    """``ready_for_class``: serve with ``--class-size`` set to the class's size."""
    out: dict = {"pool": pool, "window_s": window_s, "notebook": NOTEBOOK}
    for size in class_sizes:
        extra = ["--class-size", str(size)] if ready_for_class else []
        with Server("kit", pool, extra) as server:
            out[str(size)] = asyncio.run(_arrive(server, size, window_s, NOTEBOOK))
    return out


def _ready_kernel_pss_mb(server: Server) -> float | None:
    """The median PSS of the kernels waiting for a student (measured as
    ``class_moves.py`` does: forked kernels share the kit's pages of memory, so PSS,
    which splits shared pages among their users, is what one more costs)."""
    pss = []
    for process in server.kernels():
        with suppress(psutil.Error):
            pss.append(process.memory_full_info().pss)
    return round(_median(pss) / 2**20, 1) if pss else None


def run_sized_workshop(students: int = 30, window_s: float = 10.0, pool: int = 2) -> dict:
    """A class arriving at a workshop created with a class size (``workshop-kit session
    new --size N``) on a server started without ``--class-size``: within seconds the
    server keeps N kernels ready on the join page (voila_app.keep_classes_ready), then
    the class arrives with the join code. Also: how long the ready kernels took, and
    the PSS of one."""
    from workshop_kit.store import Store

    with Server("kit", pool) as server:
        with Store(f"sqlite:///{server.data}/workshop.sqlite3") as store:
            workshop, key = store.create_workshop("Benchmark class")
            began = time.perf_counter()
            store.set_class_size(workshop, key, students)
        server.class_size = students  # what settle() waits for
        server.settle(limit=600)
        ready_after = time.perf_counter() - began
        pss = _ready_kernel_pss_mb(server)
        join = f"{NOTEBOOK}?session={workshop.code}"
        figures = asyncio.run(_arrive(server, students, window_s, join))
    return {
        "pool": pool,
        "window_s": window_s,
        "notebook": NOTEBOOK,
        str(students): {
            **figures,
            "kernels_ready_after_s": round(ready_after, 1),
            "ready_kernel_pss_mb": pss,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", default="1,30,100", help="comma-separated class sizes")
    parser.add_argument("--window", type=float, default=10.0, help="arrival window, seconds")
    parser.add_argument("--pool", type=int, default=2)
    parser.add_argument(
        "--ready-for-class", action="store_true", help="serve with --class-size = the class size"
    )
    parser.add_argument(
        "--sized-workshop",
        action="store_true",
        help="a workshop created with --size = the class size, the server started without",
    )
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.students.split(",") if s)
    if args.sized_workshop:
        out = {str(n): run_sized_workshop(n, args.window, args.pool) for n in sizes}
        print(json.dumps(out, indent=1))
        return
    print(json.dumps(run(sizes, args.window, args.pool, args.ready_for_class), indent=1))


if __name__ == "__main__":
    main()
