"""What a student waits for, in a real Chromium: the time from navigation to the first
control of the stage on screen, for the kit as ``make serve`` runs it (own template,
preheated kernels) and for stock Voila (stock template, no preheat) side by side; the
server's render time over plain HTTP; kernel memory per stage; and a class arriving.

``python -m benchmarks.page_load --help``; ``benchmarks/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil

from kit_devtools import CHROMIUM_ARGS, FIRST_CONTROL, find_chromium, free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = find_chromium() or "/usr/bin/chromium"
STAGES = list(FIRST_CONTROL)
# Records, in the page's own clock, when the first control became visible.
WATCH = """
(selector) => {
  const seen = () => {
    const el = document.querySelector(selector);
    if (el && el.offsetParent !== null && window.__firstControl === undefined) {
      window.__firstControl = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true, attributes: true});
  seen();
}
"""


class Server:
    """``kit``: ``workshop-kit serve`` as ``make serve`` runs it; ``stock``: plain
    ``voila notebooks/`` with the stock template and no preheated kernels."""

    def __init__(self, kind: str, pool: int = 2, extra: list[str] | None = None):
        self.kind, self.pool, self.extra = kind, pool, extra or []
        self.class_size = (
            int(self.extra[self.extra.index("--class-size") + 1])
            if ("--class-size" in self.extra)
            else 0
        )
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data = tempfile.mkdtemp(prefix=f"bench-{kind}-")
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        if self.kind == "kit":
            return [
                *[sys.executable, "-m", "workshop_kit.cli", "serve"],
                *["--port", str(self.port), "--host", "127.0.0.1", "--pool", str(self.pool)],
                *self.extra,
            ]
        return [
            *[sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser"],
            *[f"--port={self.port}", "--Voila.ip=127.0.0.1", "--Voila.log_level=WARN"],
        ]

    def __enter__(self) -> Server:
        env = {**os.environ, "WORKSHOP_KIT_DATA": self.data}
        env.pop("WORKSHOP_KIT_DB", None)
        self.log = open(Path(self.data) / "server.log", "w")
        self.process = subprocess.Popen(
            self.command(), env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)  # the server is starting
        self.settle(limit=600)  # a big --class-size pool takes minutes to fill
        return self

    def __exit__(self, *exc) -> None:
        assert self.process is not None
        for child in self.tree():
            if child.pid != self.process.pid:
                child.kill()
        self.process.kill()
        self.process.wait()
        self.log.close()

    def tree(self) -> list[psutil.Process]:
        root = psutil.Process(self.process.pid)
        return [root, *root.children(recursive=True)]

    def kernels(self) -> list[psutil.Process]:
        found = []
        for process in self.tree():
            with suppress(psutil.Error):  # a kernel that just ended (or a zombie)
                if "ipykernel_launcher" in " ".join(process.cmdline()):
                    found.append(process)
        return found

    def kernel(self, kernel_id: str) -> psutil.Process | None:
        for process in self.kernels():
            if kernel_id in " ".join(process.cmdline()):
                return process
        return None

    def pools_ready(self) -> bool:
        """Whether every preheated kernel has run its page up to waiting for a student:
        it then holds a websocket to the server (Voila's query socket). A CPU lull
        alone is not enough: a refilling kernel is quiet for seconds between starting
        and running its page."""
        if self.kind != "kit" or self.pool == 0:
            return True
        waiting = 0
        for process in self.kernels():
            with suppress(psutil.Error):
                sockets = process.net_connections(kind="tcp")
                waiting += any(s.raddr and s.raddr.port == self.port for s in sockets)
        return waiting >= len(STAGES) * self.pool + max(self.class_size - self.pool, 0)

    def settle(self, quiet_percent: float = 15, seconds: float = 1.5, limit: float = 120):
        """Wait until the preheated pools are full and the server and its kernels are
        idle, so the next measurement starts from the same state."""
        deadline = time.monotonic() + limit
        while not self.pools_ready() and time.monotonic() < deadline:
            time.sleep(0.25)  # kernels are starting: nothing to await on from outside
        quiet_since = None
        while time.monotonic() < deadline:
            busy = 0.0
            for process in self.tree():
                with suppress(psutil.Error):
                    busy += process.cpu_percent(interval=None)
            now = time.monotonic()
            if busy < quiet_percent:
                quiet_since = quiet_since or now
                if now - quiet_since >= seconds:
                    return
            else:
                quiet_since = None
            time.sleep(0.25)  # sampling CPU use needs an interval

    def url(self, notebook: str) -> str:
        return f"{self.base}/voila/render/{notebook}"


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def first_control_seconds(
    browser, url: str, selector: str, timeout_s: float = 120, came_from=None
) -> float:
    """Navigation start to the first control on screen, by the page's own clock.

    ``came_from`` is ``(server, url, selector)`` of a page the same tab shows first, as
    a student who follows the link from the start page does: the browser then has the
    scripts (the figure for every page after the first of the day)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        if came_from is not None:
            server, first_url, first_selector = came_from
            page.goto(first_url, timeout=timeout_s * 1000)
            page.wait_for_selector(first_selector, state="visible", timeout=timeout_s * 1000)
            server.settle()
        page.add_init_script(f"({WATCH})({json.dumps(selector)})")
        page.goto(url, timeout=timeout_s * 1000)
        page.wait_for_function(
            "window.__firstControl !== undefined", timeout=timeout_s * 1000, polling=50
        )
        return page.evaluate("window.__firstControl") / 1000
    finally:
        context.close()


def render_seconds(url: str) -> float:
    began = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - began


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3) if values else float("nan")


def spread(values: list[float], prefix: str = "") -> dict:
    """Median, p95 and maximum of some timings, keyed ``{prefix}median_s`` and so on."""
    return {
        f"{prefix}median_s": _median(values),
        f"{prefix}p95_s": _p95(values),
        f"{prefix}max_s": round(max(values), 3) if values else None,
    }


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return round(values[0], 3) if values else float("nan")
    return round(statistics.quantiles(values, n=20, method="inclusive")[18], 3)


def single_student(server: Server, browser, runs: int) -> dict[str, dict]:
    """One student at a time opens each stage ``runs`` times: in a new browser (cold:
    every script downloaded and compiled) and in a tab that showed the start page first
    (warm: the browser has the scripts)."""
    out = {}
    start = server.url(STAGES[0]), FIRST_CONTROL[STAGES[0]]
    for notebook in STAGES:
        cold, warm = [], []
        for _ in range(runs):
            server.settle()
            cold.append(
                first_control_seconds(browser, server.url(notebook), FIRST_CONTROL[notebook])
            )
            server.settle()
            warm.append(
                first_control_seconds(
                    browser,
                    server.url(notebook),
                    FIRST_CONTROL[notebook],
                    came_from=(server, *start),
                )
            )
        out[notebook] = {
            "median_s": _median(cold),
            "runs": [round(t, 3) for t in cold],
            "warm_median_s": _median(warm),
            "warm_runs": [round(t, 3) for t in warm],
        }
    return out


def server_render(server: Server, runs: int) -> dict[str, float]:
    out = {}
    for notebook in STAGES:
        times = []
        for _ in range(runs):
            server.settle()
            times.append(render_seconds(server.url(notebook)))
        out[notebook] = _median(times)
    return out


def kernel_memory(server: Server, browser) -> dict[str, dict]:
    """RSS and USS (MB) of the kernel behind each stage, after the page rendered."""
    out = {}
    for notebook in STAGES:
        server.settle()
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(server.url(notebook))
            page.wait_for_selector(FIRST_CONTROL[notebook], state="visible", timeout=120_000)
            html = page.content()
            found = re.search(r'"kernelId": "([0-9a-f-]+)"', html)
            process = server.kernel(found.group(1)) if found else None
            if process is None:
                continue
            server.settle()
            info = process.memory_full_info()
            out[notebook] = {
                "rss_mb": round(info.rss / 2**20, 1),
                "uss_mb": round(info.uss / 2**20, 1),
            }
        finally:
            context.close()
    return out


def class_arrives(server: Server, students: int, window_s: float, notebook: str) -> dict:
    """``students`` browser contexts open ``notebook``, spread evenly over ``window_s``."""
    server.settle()
    return asyncio.run(_class_arrives(server, students, window_s, notebook))


async def _class_arrives(server: Server, students: int, window_s: float, notebook: str):
    from playwright.async_api import async_playwright

    selector = FIRST_CONTROL[notebook]
    errors: list[str] = []

    async def student(browser, n: int) -> float | None:
        await asyncio.sleep(n * window_s / students)  # the arrival schedule itself
        context = await browser.new_context()
        try:
            page = await context.new_page()
            await page.add_init_script(f"({WATCH})({json.dumps(selector)})")
            await page.goto(server.url(notebook), timeout=300_000)
            await page.wait_for_function(
                "window.__firstControl !== undefined", timeout=300_000, polling=50
            )
            return await page.evaluate("window.__firstControl") / 1000
        except Exception as error:  # counted, not raised: the figure says how many failed
            errors.append(f"{type(error).__name__}: {error}"[:200])
            return None
        finally:
            await context.close()

    began = time.perf_counter()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = await asyncio.gather(*(student(browser, n) for n in range(students)))
        rss = sum(p.memory_info().rss for p in server.tree()) / 2**20
        await browser.close()
    times = [t for t in results if t is not None]
    return {
        "students": students,
        "window_s": window_s,
        **spread(times),
        "failed": len(errors),
        "server_rss_mb": round(rss),
        "wall_s": round(time.perf_counter() - began, 1),
        "errors": errors[:3],
    }


def run(runs: int = 5, class_sizes: tuple[int, ...] = (30,), pool: int = 2) -> dict:
    figures: dict = {"runs": runs, "pool": pool}
    with chromium() as browser:
        for kind in ("kit", "stock"):
            # Every run takes a preheated kernel and waits for the pool to be full again
            # before the next; a 5 s refill delay instead of 20 s keeps that wait short.
            # A refill starts after the measured page has shown its control.
            extra = ["--refill-delay", "5"] if kind == "kit" else []
            with Server(kind, pool, extra) as server:
                figures[kind] = {
                    "first_control": single_student(server, browser, runs),
                    "server_render_s": server_render(server, runs),
                    "kernel_memory": kernel_memory(server, browser),
                }
    # The class arrives where the join link leads: the start page.
    for size in class_sizes:
        setups = {
            "kit": ("kit", []),
            "kit, --class-size": ("kit", ["--class-size", str(size)]),
            "stock": ("stock", []),
        }
        for name, (kind, extra) in setups.items():
            with Server(kind, pool, extra) as server:
                figures.setdefault("class", {}).setdefault(str(size), {})[name] = class_arrives(
                    server, size, 10.0, "00_welcome.ipynb"
                )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pool", type=int, default=2)
    parser.add_argument("--class-sizes", default="30", help="comma-separated, e.g. 1,30,100")
    args = parser.parse_args()
    sizes = tuple(int(s) for s in args.class_sizes.split(",") if s)
    print(json.dumps(run(args.runs, sizes, args.pool), indent=1))


if __name__ == "__main__":
    main()
