"""A class arriving at once: N writer processes (one per student, as kernels are) join a
workshop and submit answers at the same instant.

Each writer reports every commit to the parent only after the store returned, which is
the moment the student's page says "Saved". The parent can SIGKILL every writer in the
middle of the burst; :func:`check` then proves that nothing reported saved is missing,
nothing is duplicated and no answer landed on another student.

Run it alone for figures (``python -m benchmarks.store_burst --writers 100``) or through
``benchmarks/run.py``; ``tests/test_reliability.py`` runs it for behaviour.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import pickle
import signal
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import connection
from pathlib import Path
from typing import Any

from workshop_kit.store import Store

STAGE = "self_assessment"
KEYS_PER_SUBMIT = 3

# What one student does in one round, run in the writer process: returns the stage and
# the answers the student was told are saved, or None when the page showed an error.
Submit = Callable[[Store, Any, int, int], "tuple[str, dict[str, Any]] | None"]


@dataclass
class BurstResult:
    url: str
    writers: int
    rounds: int
    join_code: str
    # token -> (stage, key) -> value the student was told is saved
    saved: dict[str, dict[tuple[str, str], Any]] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)  # worker -> token
    join_latency: list[float] = field(default_factory=list)
    commit_latency: list[float] = field(default_factory=list)
    wall_seconds: float = 0.0
    killed: bool = False
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        commits = sorted(self.commit_latency)
        return {
            "writers": self.writers,
            "commits": len(commits),
            "joins": len(self.join_latency),
            "p50_ms": round(_percentile(commits, 50) * 1000, 1),
            "p99_ms": round(_percentile(commits, 99) * 1000, 1),
            "max_ms": round(max(commits, default=0) * 1000, 1),
            "join_p99_ms": round(_percentile(sorted(self.join_latency), 99) * 1000, 1),
            "wall_s": round(self.wall_seconds, 2),
            "errors": len(self.errors),
        }


def _percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(pct) - 1]


def answer_value(worker: int, round_: int, key: int) -> str:
    # Every value names its writer, so an answer saved on the wrong student shows.
    return f"writer {worker} round {round_} key {key}"


def submit_answers(store: Store, me, worker: int, round_: int) -> tuple[str, dict[str, Any]]:
    """The default round: one submit of a few answers, straight through the store."""
    values = {
        f"burst.r{round_}.k{key}": answer_value(worker, round_, key)
        for key in range(KEYS_PER_SUBMIT)
    }
    store.save_answers(me, STAGE, values)
    return STAGE, values


def _writer(url, code, worker, rounds, submit: Submit, ready, start, report) -> None:
    try:
        store = Store(url)
        ready.release()
        start.wait()
        began = time.perf_counter()
        me = store.create_participant(code, f"Student {worker}")
        report.send(("join", worker, me.token, time.perf_counter() - began))
        for round_ in range(rounds):
            began = time.perf_counter()
            outcome = submit(store, me, worker, round_)
            seconds = time.perf_counter() - began
            if outcome is None:
                report.send(("error", worker, f"round {round_} was not saved"))
                return
            stage, values = outcome
            saved = {(stage, key): value for key, value in values.items()}
            report.send(("saved", me.token, saved, seconds))
        store.close()
    except Exception as error:  # reported to the parent, which fails the run
        report.send(("error", worker, f"{type(error).__name__}: {error}"))
    finally:
        report.close()


def run_burst(
    url: str,
    writers: int = 100,
    rounds: int = 5,
    kill_after_commits: int | None = None,
    submit: Submit = submit_answers,
) -> BurstResult:
    """Start ``writers`` processes that join and submit at once; optionally SIGKILL them
    all once ``kill_after_commits`` commits were reported. The processes are forked, so
    whatever the caller imported (widgets, content) is already loaded in each."""
    with Store(url) as store:
        workshop, _key = store.create_workshop("Burst")
    result = BurstResult(url, writers, rounds, workshop.code)
    ctx = multiprocessing.get_context("fork")
    ready, start = ctx.Semaphore(0), ctx.Event()
    # One pipe per writer, like one websocket per page: a writer killed mid-message
    # breaks only its own pipe, and a message not fully received was never "Saved".
    pipes = [ctx.Pipe(duplex=False) for _ in range(writers)]
    processes = [
        ctx.Process(
            target=_writer,
            args=(url, workshop.code, n, rounds, submit, ready, start, pipes[n][1]),
        )
        for n in range(writers)
    ]
    gc.freeze()  # see _writer: forked writers must not copy the parent's heap
    for process in processes:
        process.start()
    gc.unfreeze()
    for _, sender in pipes:
        sender.close()  # the parent keeps only the reading ends
    for _ in processes:  # every writer connected: now they all go at the same instant
        if not ready.acquire(timeout=120):
            raise TimeoutError("writers did not start within 120 s")
    began = time.perf_counter()
    start.set()
    open_pipes = [receiver for receiver, _ in pipes]
    while open_pipes:
        if kill_after_commits is not None and len(result.commit_latency) >= kill_after_commits:
            for process in processes:
                os.kill(process.pid, signal.SIGKILL)
            result.killed = True
        ready_pipes = connection.wait(open_pipes, timeout=120)
        if not ready_pipes:
            result.errors.append("no writer reported anything for 120 s")
            break
        for receiver in ready_pipes:
            try:
                _record(result, receiver.recv())
            except (EOFError, OSError, pickle.UnpicklingError):
                open_pipes.remove(receiver)  # the writer finished, or was killed
    result.wall_seconds = time.perf_counter() - began
    for process in processes:
        process.join(30)
    return result


def _record(result: BurstResult, message: tuple) -> None:
    kind = message[0]
    if kind == "join":
        _, worker, token, seconds = message
        result.tokens[worker] = token
        result.join_latency.append(seconds)
    elif kind == "saved":
        _, token, saved, seconds = message
        result.saved.setdefault(token, {}).update(saved)
        result.commit_latency.append(seconds)
    elif kind == "error" and not result.killed:
        result.errors.append(f"writer {message[1]}: {message[2]}")


def check(result: BurstResult) -> list[str]:
    """What went wrong, as sentences; empty when every reported answer is stored once,
    on the right student."""
    problems = list(result.errors)
    with Store(result.url) as store:
        workshop = store.workshop_by_code(result.join_code)
        members = {p.id for p in store.workshop_participants(workshop.id)}
        for worker, token in result.tokens.items():
            person = store.participant_by_token(token)  # the store keeps only its hash
            if person is None or person.id not in members:
                problems.append(f"writer {worker} joined but is not in the workshop")
                continue
            stored = store.all_answers(person)
            for (stage, key), value in result.saved.get(token, {}).items():
                found = stored.get(stage, {}).get(key)
                if found != value:
                    problems.append(f"writer {worker}: {key} was reported saved but is {found!r}")
                if len(store.answer_history(person, stage, key)) != 1:
                    problems.append(f"writer {worker}: {key} is stored more than once")
            strangers = [
                value
                for answers in stored.values()
                for value in answers.values()
                if isinstance(value, str) and not value.startswith(f"writer {worker} ")
            ]
            if strangers:
                problems.append(f"writer {worker} holds another student's answer: {strangers[0]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'burst.sqlite3'}"
        result = run_burst(url, args.writers, args.rounds)
        figures = {**result.figures(), "lost_or_wrong": len(check(result))}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
