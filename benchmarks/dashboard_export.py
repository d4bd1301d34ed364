"""What the instructor waits for: the dashboard's refresh (every 5 seconds) for a class of
1,000 students who answered everything, and the Excel export of 10,000.

Each step is timed with ``time.perf_counter``: ``cold`` is its first call in a fresh
process (empty caches), ``warm`` the median of the next ``repeats`` calls. The refresh
is the real :meth:`Dashboard.refresh` of a dashboard opened with the join code and the
instructor key, as the page does: cold is the first one (opening), warm each later one
after ``changes`` students saved something (what an instructor watching a working class
waits for every 5 seconds), and ``refresh_idle`` one after nobody did. The steps after
it (the snapshot and each aggregation alone) show where the time goes.

``python -m benchmarks.dashboard_export [--url URL]`` prints one JSON object;
``benchmarks/run.py`` calls :func:`run`. Without ``--url`` each workshop gets a new
SQLite file; a PostgreSQL URL gets a new schema per workshop, dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from benchmarks.workload import SENTENCE, fill_workshop
from kit_devtools import throwaway_schema
from workshop_kit.content import Content, load_content
from workshop_kit.models import interview
from workshop_kit.store import Store

ROOT = Path(__file__).resolve().parents[1]


def snapshot_as_callers_do(store: Store, workshop_id: int, answers_after: int = 0) -> dict:
    """The snapshot as the dashboard and the export take it: with the garbage collector
    paused (older versions of the kit paused it inside the store)."""
    try:
        from workshop_kit.gc_pause import gc_paused
    except ImportError:
        return store.workshop_snapshot(workshop_id, answers_after=answers_after)
    with gc_paused():
        return store.workshop_snapshot(workshop_id, answers_after=answers_after)


TARGET_REFRESH_MS = 200
TARGET_EXPORT_S = 10


def timed(action: Callable[[], Any], repeats: int) -> tuple[dict[str, float], Any]:
    """``({"cold_ms", "warm_ms", "warm_cpu_ms"}, last result)``: the first call, then the
    median of ``repeats`` more. CPU time (this process only) is less swayed than wall
    time by other work on the machine; on PostgreSQL it leaves out the server's share."""
    started = time.perf_counter()
    result = action()
    cold = time.perf_counter() - started
    wall, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        "cold_ms": round(cold * 1000, 1),
        "warm_ms": round(statistics.median(wall) * 1000, 1) if wall else None,
        "warm_cpu_ms": round(statistics.median(cpu) * 1000, 1) if cpu else None,
    }, result


@contextmanager
def database(url: str | None, tmp: Path, name: str) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new schema on ``url``'s server."""
    if url is None:
        yield f"sqlite:///{tmp / f'{name}.sqlite3'}"
        return
    if make_url(url).get_backend_name() != "postgresql":
        yield url
        return
    with throwaway_schema(url, prefix=f"bench_{name}") as scoped:
        yield scoped


def answer_count(snapshot) -> int:
    """How many answers a snapshot holds (``{participant: {stage: {key: value}}}``, or
    the list of rows it was before)."""
    given = snapshot["answers"]
    if isinstance(given, dict):
        return sum(len(keys) for stages in given.values() for keys in stages.values())
    return len(given)


def _clear_caches(module) -> None:
    """Forget memoised results, so a step's cold run is cold even after the refresh."""
    for value in vars(module).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


def class_at_work(store: Store, content: Content, workshop, count: int, seed: int = 11):
    """What ``count`` students save between two refreshes: a quiz answer and a new draft
    of a STAR action each, and every third one changes a rating."""
    rng = random.Random(seed)
    people = store.workshop_participants(workshop.id)
    skills = [skill.id for skill in content.skills.skills]
    statements = content.by_kind["interview_statements"].statements
    questions = content.by_kind["star_questions"].questions
    drafts = iter(range(1, 10**9))

    def work() -> None:
        for n, person in enumerate(rng.sample(people, count)):
            statement = rng.choice(statements)
            store.save_answers(
                person,
                interview.STAGE,
                {
                    interview.QUIZ_PREFIX + statement.id: rng.choice(["do", "dont"]),
                    f"star.{rng.choice(questions).id}.action": f"{SENTENCE} Draft {next(drafts)}.",
                },
            )
            if n % 3 == 0:
                store.save_answer(
                    person, "self_assessment", f"rating.{rng.choice(skills)}", rng.randint(1, 5)
                )

    return work


def dashboard_figures(
    store: Store, content: Content, students: int, repeats: int, changes: int
) -> dict:
    from workshop_kit import analysis
    from workshop_kit.stages.dashboard import Dashboard

    started = time.perf_counter()
    workshop, key = fill_workshop(store, content, students)
    out: dict[str, Any] = {"fill_s": round(time.perf_counter() - started, 1)}
    work = class_at_work(store, content, workshop, changes)

    # The real page: unlock() runs the first refresh, as when the instructor opens it.
    board = Dashboard(content, store)
    calls: list[tuple[float, float]] = []
    refresh = board.refresh

    def counted() -> None:
        begun, cpu = time.perf_counter(), time.process_time()
        refresh()
        calls.append((time.perf_counter() - begun, time.process_time() - cpu))

    board.refresh = counted  # unlock() calls self.refresh(): time that first one too
    if not board.unlock(workshop.code, key):
        raise RuntimeError("the benchmark workshop did not unlock")
    board.ticker.stop()
    cold = calls.pop()
    # Each refresh 5 seconds after `changes` students saved something (saving not timed).
    for _ in range(repeats):
        work()
        board.refresh()
    out["refresh"] = {
        "cold_ms": round(cold[0] * 1000, 1),
        "warm_ms": round(statistics.median(c[0] for c in calls) * 1000, 1) if calls else None,
        "warm_cpu_ms": round(statistics.median(c[1] for c in calls) * 1000, 1) if calls else None,
        "students_saving_between_refreshes": changes if calls else 0,
    }
    calls.clear()
    for _ in range(repeats):  # nobody saved anything since
        board.refresh()
    out["refresh_idle"] = {
        "warm_ms": round(statistics.median(c[0] for c in calls) * 1000, 1) if calls else None,
        "warm_cpu_ms": round(statistics.median(c[1] for c in calls) * 1000, 1) if calls else None,
    }
    if f"{students} joined" not in board.header.value:
        raise RuntimeError(f"the dashboard shows the wrong group: {board.header.value}")

    # Where the time goes: the steps one at a time, caches emptied first. The
    # aggregations run on what the dashboard gives them (a LiveSnapshot where there is
    # one), so their warm figures are those of an unchanged group.
    _clear_caches(analysis)
    steps: dict[str, Any] = {}
    steps["workshop_snapshot"], snapshot = timed(
        lambda: snapshot_as_callers_do(store, workshop.id), repeats
    )
    out["answers"] = answer_count(snapshot)
    if "answers_upto" in snapshot:
        since = snapshot["answers_upto"]
        work()
        steps["workshop_snapshot_since"], _ = timed(
            lambda: snapshot_as_callers_do(store, workshop.id, answers_after=since), repeats
        )
    if hasattr(analysis, "LiveSnapshot"):
        steps["prepare"], snapshot = timed(
            lambda: analysis.LiveSnapshot().update(snapshot), repeats
        )
    else:
        steps["answers_frame"], _ = timed(lambda: analysis.answers_frame(snapshot), repeats)
    aggregations = {
        "participation": lambda: analysis.participation(snapshot),
        "top_ideas": lambda: analysis.top_ideas(snapshot, 10),
        "progress_table": lambda: analysis.progress_table(snapshot, content),
        "skill_distribution": lambda: analysis.skill_distribution(snapshot, content),
        "quiz_results": lambda: analysis.quiz_results(snapshot, content),
        "scenario_results": lambda: analysis.scenario_results(snapshot, content),
        "star_failures": lambda: analysis.star_failures(snapshot, content),
        "drill_ratings": lambda: analysis.drill_ratings(snapshot, content),
    }
    for name, action in aggregations.items():
        steps[name], _ = timed(action, repeats)
    steps["aggregations_total"] = {
        field: round(sum(steps[name][field] or 0 for name in aggregations), 1)
        for field in ("cold_ms", "warm_ms", "warm_cpu_ms")
    }
    out["steps"] = steps
    return out


def export_figures(store: Store, content: Content, students: int, repeats: int) -> dict:
    from workshop_kit.export import tables, xlsx_bytes

    started = time.perf_counter()
    workshop, _key = fill_workshop(store, content, students)
    out: dict[str, Any] = {"fill_s": round(time.perf_counter() - started, 1)}
    names = ("snapshot", "tables", "xlsx", "total")
    runs: dict[str, list[float]] = {name: [] for name in (*names, "total_cpu")}
    size = 0
    for run_ in range(repeats + 1):
        begun, cpu_begun = time.perf_counter(), time.process_time()
        snapshot = snapshot_as_callers_do(store, workshop.id)
        read = time.perf_counter()
        frames = tables(snapshot, content)
        tabled = time.perf_counter()
        size = len(xlsx_bytes(frames))
        done = time.perf_counter()
        runs["snapshot"].append(read - begun)
        runs["tables"].append(tabled - read)
        runs["xlsx"].append(done - tabled)
        runs["total"].append(done - begun)
        runs["total_cpu"].append(time.process_time() - cpu_begun)
        if run_ == 0:
            out["answers"] = answer_count(snapshot)
            out["table_rows"] = {name: len(frame) for name, frame in frames.items()}
        del snapshot, frames
    for name, values in runs.items():
        out[name] = {
            "cold_s": round(values[0], 2),
            "warm_s": round(statistics.median(values[1:]), 2) if len(values) > 1 else None,
        }
    out["xlsx_mb"] = round(size / 1e6, 1)
    return out


def run(
    url: str | None = None,
    students: int = 1000,
    export_students: int = 10_000,
    repeats: int = 5,
    export_repeats: int = 5,
    changes: int = 50,
    content: Content | None = None,
) -> dict:
    """Build the workshops, time every step; return the figures as a dict.

    Parameters
    ----------
    url
        A database URL to run on (PostgreSQL: a new schema per workshop); default a new
        SQLite file per workshop in a temporary folder.
    students, export_students
        Class sizes for the dashboard and for the export (0 skips the export).
    repeats, export_repeats
        Warm runs after the cold one; each figure is their median.
    changes
        How many students save something between two timed refreshes.
    """
    content = content or load_content(ROOT / "exercises" / "en")
    result: dict[str, Any] = {
        "engine": make_url(url).get_backend_name() if url else "sqlite",
        "students": students,
        "repeats": repeats,
        "target_refresh_ms": TARGET_REFRESH_MS,
    }
    with tempfile.TemporaryDirectory() as tmp:
        with database(url, Path(tmp), "dashboard") as db, Store(db) as store:
            result["dashboard"] = dashboard_figures(store, content, students, repeats, changes)
        if export_students:
            result["export_students"] = export_students
            result["target_export_s"] = TARGET_EXPORT_S
            with database(url, Path(tmp), "export") as db, Store(db) as store:
                result["export"] = export_figures(store, content, export_students, export_repeats)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: new SQLite files)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--export-students", type=int, default=10_000, help="0: no export")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--export-repeats", type=int, default=5)
    parser.add_argument(
        "--changes", type=int, default=50, help="students saving between two refreshes"
    )
    args = parser.parse_args()
    figures = run(
        args.url,
        args.students,
        args.export_students,
        args.repeats,
        args.export_repeats,
        args.changes,
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
