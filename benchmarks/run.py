"""Run every benchmark and write the results table (``make bench``).

Writes ``benchmarks/results/latest.json`` and ``benchmarks/results/latest.md``, each
with the machine described. BENCHMARKS.md discusses the figures against the targets.

``python -m benchmarks.run [--quick] [--only store,dashboard,...] [--postgres URL]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SECTIONS = ("content", "store", "dashboard", "pages", "class", "moves", "presenter")


def machine() -> dict:
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def content_check(runs: int) -> dict:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "workshop_kit.cli", "check", str(ROOT / "exercises" / "en")],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - began)
    return {"median_s": round(statistics.median(times), 3), "runs": runs}


def store(runs: int, postgres: str | None, writers: int) -> dict:
    from benchmarks import store_burst, store_sustained

    out: dict = {}
    engines = {"sqlite": None, **({"postgresql": postgres} if postgres else {})}
    for engine, url in engines.items():
        bursts = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                target = url or f"sqlite:///{Path(tmp) / 'burst.sqlite3'}"
                result = store_burst.run_burst(target, writers=writers, rounds=5)
                bursts.append({**result.figures(), "lost": len(store_burst.check(result))})
        with tempfile.TemporaryDirectory() as tmp:
            target = url or f"sqlite:///{Path(tmp) / 'sustained.sqlite3'}"
            sustained = store_sustained.run(target, writers=4, seconds=10)
        out[engine] = {
            "burst": {
                "writers": writers,
                "p50_ms": statistics.median(b["p50_ms"] for b in bursts),
                "p99_ms": statistics.median(b["p99_ms"] for b in bursts),
                "join_p99_ms": statistics.median(b["join_p99_ms"] for b in bursts),
                "lost": sum(b["lost"] for b in bursts),
                "runs": bursts,
            },
            "sustained": sustained,
        }
    return out


def dashboard(quick: bool) -> dict:
    from benchmarks import dashboard_export

    if quick:
        return dashboard_export.run(None, 200, 1000, 3, 1)
    return dashboard_export.run(None, 1000, 10_000, 5, 3)


def pages(quick: bool) -> dict:
    from benchmarks import page_load

    if quick:
        return page_load.run(runs=1, class_sizes=(5,))
    return page_load.run(runs=3, class_sizes=(30,))


def class_server(quick: bool) -> dict:
    """The server alone (no browser on this machine): the cost curve by class size."""
    from benchmarks import class_server

    sizes = (1, 10) if quick else (1, 30, 100)
    return {
        "kit": class_server.run(sizes),
        "kit, --class-size": class_server.run(sizes, ready_for_class=True),
        "kit, session new --size": class_server.run_sized_workshop(10 if quick else 30),
    }


def class_moves(quick: bool) -> dict:
    """A class moving through all five pages: the kernels and memory left behind."""
    from benchmarks import class_moves

    # Stock Voila keeps every kernel a student left (about 90 MB each, four per
    # student here), so its class is smaller: 10 students already leave 40 kernels.
    out = class_moves.run(students=5 if quick else 30, kinds=("kit",))
    out.update(class_moves.run(students=5 if quick else 10, kinds=("stock",)))
    return out


def presenter(quick: bool) -> dict:
    """The projector's update delay after an answer, 100 students' answers in the store."""
    from benchmarks import presenter_delay

    return presenter_delay.run(students=100, runs=3 if quick else 10)


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"{m['date']} · {m['cpus']} cores · {m['memory_gib']} GiB · Python {m['python']} · "
        f"load average at start {m['load_average_at_start']}",
        "",
        *(
            [f"Sections from an earlier run: {results['earlier']}", ""]
            if results.get("earlier")
            else []
        ),
        "| figure | value | target |",
        "|---|---|---|",
    ]

    def row(name: str, value, target: str) -> None:
        lines.append(f"| {name} | {value} | {target} |")

    if "content" in results:
        row("content check", f"{results['content']['median_s']} s", "≤ 0.5 s")
    for engine, figures in results.get("store", {}).items():
        burst, sustained = figures["burst"], figures["sustained"]
        row(
            f"store burst, {burst['writers']} processes ({engine})",
            f"p50 {burst['p50_ms']} ms · p99 {burst['p99_ms']} ms · lost {burst['lost']}",
            "p99 ≤ 1 s, 0 lost",
        )
        row(
            f"store sustained, dashboard polling ({engine})",
            f"{sustained['commits_per_s']} commits/s",
            "≥ 1,000/s",
        )
    if "dashboard" in results:
        d = results["dashboard"]
        row("dashboard refresh", json.dumps(d.get("summary", d))[:200], "≤ 200 ms")
    pages = results.get("pages")
    if pages:
        for kind in ("kit", "stock"):
            for notebook, fig in pages[kind]["first_control"].items():
                row(
                    f"first widget, {notebook} ({kind})",
                    f"new browser {fig['median_s']} s · "
                    f"from the start page {fig.get('warm_median_s', '–')} s",
                    "≤ 1.6 s",
                )
            for notebook, seconds in pages[kind]["server_render_s"].items():
                row(f"server render, {notebook} ({kind})", f"{seconds} s", "≤ 0.1 s / ≤ 1 s")
            for notebook, mem in pages[kind]["kernel_memory"].items():
                row(
                    f"kernel memory, {notebook} ({kind})",
                    f"RSS {mem['rss_mb']} MB · USS {mem['uss_mb']} MB",
                    "≤ 60 / ≤ 40 MB",
                )
        for size, kinds in pages.get("class", {}).items():
            for kind, fig in kinds.items():
                row(
                    f"class of {size} in {fig['window_s']:g} s ({kind})",
                    f"median {fig['median_s']} s · p95 {fig['p95_s']} s · failed {fig['failed']}"
                    f" · server {fig['server_rss_mb']} MB",
                    "p95 ≤ 3 s",
                )
    for name, curve in results.get("class", {}).items():
        for size, fig in curve.items():
            if not isinstance(fig, dict):
                continue
            row(
                f"server alone, class of {size} in {fig['window_s']:g} s ({name})",
                f"ready median {fig['ready_median_s']} s · p95 {fig['ready_p95_s']} s · "
                f"failed {fig['failed']} · CPU {fig['server_cpu_s_per_student']} s/student · "
                f"{fig['kernels']} kernels, {fig['server_and_kernels_rss_mb']} MB",
                "p95 ≤ 3 s",
            )
    for kind, fig in results.get("moves", {}).items():
        row(
            f"class of {fig['students']} through all {fig['pages_each']} pages ({kind})",
            f"{fig['kernels_after']} kernels ({fig['kernels_expected']}) · "
            f"server and kernels {fig['server_and_kernels_rss_mb']} MB RSS, "
            f"{fig['server_and_kernels_pss_mb']} MB PSS · server process "
            f"{fig['server_process_rss_mb']} MB · shutdowns refused {fig['shutdowns']['403']}"
            f" · failed {fig['failed']}",
            "no kernel left behind",
        )
    if "presenter" in results:
        p = results["presenter"]
        row(
            f"presenter update after an answer, {p['students']} students",
            f"median {p['median_s']} s · max {p['max_s']} s ({p['runs']} runs)",
            "≤ 2 s",
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller classes")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("WORKSHOP_KIT_TEST_POSTGRES"),
        help="also measure the store on this PostgreSQL URL",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    results: dict = {"machine": machine()}
    if "content" in only:
        results["content"] = content_check(5)
    if "store" in only:
        results["store"] = store(1 if args.quick else 3, args.postgres, 100)
    if "dashboard" in only:
        results["dashboard"] = dashboard(args.quick)
    if "pages" in only:
        results["pages"] = pages(args.quick)
    if "class" in only:
        results["class"] = class_server(args.quick)
    if "moves" in only:
        results["moves"] = class_moves(args.quick)
    if "presenter" in only:
        results["presenter"] = presenter(args.quick)
    RESULTS.mkdir(parents=True, exist_ok=True)
    previous = RESULTS / "latest.json"
    if only != set(SECTIONS) and previous.exists():
        # A partial run keeps the other sections' earlier figures, dated.
        earlier = json.loads(previous.read_text())
        for section in SECTIONS:
            if section not in results and section in earlier:
                results[section] = earlier[section]
                results.setdefault("earlier", {})[section] = earlier.get("earlier", {}).get(
                    section, earlier["machine"]["date"]
                )
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    table = markdown(results)
    (RESULTS / "latest.md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
