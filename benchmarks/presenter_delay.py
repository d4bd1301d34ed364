"""How long the projector takes to show a new answer: the presenter page's update delay.

A served kit (``workshop-kit serve``) holds a workshop of ``students`` who answered
everything (:func:`benchmarks.workload.fill_workshop`); Chromium shows its presenter page
on the first do-or-don't statement. Each run, one more student joins and answers that
statement through the store, as a student's page does; the delay is from the answer's
commit to the page showing the new count ("N answered"). The page follows the store
once a second, so the delay is that wait plus the read and the redraw; runs start at
random moments within the second.

``python -m benchmarks.presenter_delay [--students 100] [--runs 10]`` prints one JSON
object; ``benchmarks/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from benchmarks.page_load import Server, chromium
from benchmarks.workload import fill_workshop
from workshop_kit.content import load_content
from workshop_kit.models import interview
from workshop_kit.models.presenter import View
from workshop_kit.pages import PRESENTER
from workshop_kit.store import Store

TARGET_S = 2.0


def run(students: int = 100, runs: int = 10, seed: int = 11) -> dict:
    content = load_content()
    statement = content.by_kind["interview_statements"].statements[0]
    key_name = interview.QUIZ_PREFIX + statement.id
    rng = random.Random(seed)
    delays = []
    with (
        Server("kit", pool=1) as server,
        chromium() as browser,
        Store(f"sqlite:///{Path(server.data) / 'workshop.sqlite3'}") as store,
    ):
        workshop, key = fill_workshop(store, content, students)
        store.set_presenter_view(workshop, key, View("statement"))
        answered = students
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        ticket = store.presenter_pass(workshop, key)
        page.goto(f"{server.url(PRESENTER)}?session={workshop.code}#pass={ticket}")
        page.get_by_text(f"{answered} answered").wait_for(timeout=120_000)
        for _ in range(runs):
            time.sleep(rng.uniform(0, 1))  # start anywhere within the page's second
            student = store.create_participant(workshop.code, "Late arrival")
            store.save_answer(student, "interview", key_name, "do")
            saved = time.perf_counter()
            answered += 1
            page.get_by_text(f"{answered} answered").wait_for(timeout=30_000)
            delays.append(time.perf_counter() - saved)
        page.close()
    delays.sort()
    return {
        "students": students,
        "runs": runs,
        "median_s": round(statistics.median(delays), 2),
        "max_s": round(delays[-1], 2),
        "delays_s": [round(d, 2) for d in delays],
        "target_s": TARGET_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(run(args.students, args.runs)))


if __name__ == "__main__":
    main()
