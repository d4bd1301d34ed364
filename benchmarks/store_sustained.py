"""Sustained writes: several writer processes save answers as fast as they can for a
while, one commit per answer (what a text box's autosave does), while a dashboard
process reads the whole workshop every second. Reports commits per second.

``python -m benchmarks.store_sustained [--url URL] [--writers 4] [--seconds 10]``
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from pathlib import Path

from workshop_kit.gc_pause import gc_paused
from workshop_kit.store import Store


def _writer(url: str, code: str, seconds: float, start, counts) -> None:
    store = Store(url)
    me = store.create_participant(code)
    start.wait()
    deadline = time.perf_counter() + seconds
    done = 0
    while time.perf_counter() < deadline:
        store.save_answer(me, "self_assessment", f"postmortem.k{done % 7}", f"answer {done}")
        done += 1
    counts.put(done)
    store.close()


def _dashboard(url: str, workshop_id: int, seconds: float, start, reads) -> None:
    store = Store(url)
    start.wait()
    deadline = time.perf_counter() + seconds
    times = []
    while time.perf_counter() < deadline:
        began = time.perf_counter()
        with gc_paused():  # as the dashboard does
            store.workshop_snapshot(workshop_id)
        times.append(time.perf_counter() - began)
        time.sleep(max(0.0, 1.0 - (time.perf_counter() - began)))  # the dashboard's poll
    reads.put(times)
    store.close()


def run(url: str, writers: int = 4, seconds: float = 10.0) -> dict:
    with Store(url) as store:
        workshop, _key = store.create_workshop("Sustained")
    ctx = multiprocessing.get_context("fork")
    start, counts, reads = ctx.Event(), ctx.Queue(), ctx.Queue()
    processes = [
        ctx.Process(target=_writer, args=(url, workshop.code, seconds, start, counts))
        for _ in range(writers)
    ]
    processes.append(ctx.Process(target=_dashboard, args=(url, workshop.id, seconds, start, reads)))
    for process in processes:
        process.start()
    time.sleep(1.0)  # let every process open its connection before the clock starts
    start.set()
    total = sum(counts.get(timeout=seconds + 60) for _ in range(writers))
    snapshot_times = reads.get(timeout=seconds + 60)
    for process in processes:
        process.join(30)
    return {
        "writers": writers,
        "seconds": seconds,
        "commits": total,
        "commits_per_s": round(total / seconds),
        "dashboard_reads": len(snapshot_times),
        "dashboard_read_max_ms": round(max(snapshot_times, default=0) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'sustained.sqlite3'}"
        print(json.dumps(run(url, args.writers, args.seconds)))


if __name__ == "__main__":
    main()
