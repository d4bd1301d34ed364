"""Kernels forked from the template process (``workshop-kit serve``'s default) behave
as kernels started afresh: the page's environment and folder, subprocesses, widgets,
interrupts and shutdown all work, and none outlives the server.

The served-page tests (test_served_pages.py, test_class_arrival.py, test_keyboard.py)
run every student journey on forked kernels; these check the kernel itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator

import psutil
import pytest
from jupyter_client.manager import AsyncKernelManager

from workshop_kit.forked_kernels import (
    ForkedProcess,
    ForkProvisioner,
    KernelTemplate,
    forkable_argv,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="Linux only")


async def _start(tmp_path, **env) -> AsyncKernelManager:
    manager = AsyncKernelManager(kernel_name="python3")
    # What serve's --KernelProvisionerFactory.default_provisioner_name selects.
    manager.kernel_spec.metadata["kernel_provisioner"] = {"provisioner_name": "workshop-kit-fork"}
    await manager.start_kernel(cwd=str(tmp_path), env={**os.environ, **env})
    return manager


@contextlib.asynccontextmanager
async def _kernel(tmp_path, **env) -> AsyncIterator[AsyncKernelManager]:
    """A forked kernel, shut down when the block ends."""
    manager = await _start(tmp_path, **env)
    try:
        yield manager
    finally:
        await manager.shutdown_kernel()


async def _run(manager: AsyncKernelManager, code: str, timeout: float = 60) -> dict:
    """Run ``code``; return its reply content and everything it printed."""
    client = manager.client()
    client.start_channels()
    printed: list[str] = []
    try:
        await client.wait_for_ready(timeout)
        reply = await client.execute_interactive(
            code,
            timeout=timeout,
            output_hook=lambda msg: printed.append(msg["content"].get("text", "")),
        )
    finally:
        client.stop_channels()
    return {**reply["content"], "printed": "".join(printed)}


def test_a_forked_kernel_runs_a_page_as_a_fresh_one_would(tmp_path):
    async def scenario():
        async with _kernel(tmp_path, WORKSHOP_KIT_PAGE_TEST="from the server") as manager:
            assert isinstance(manager.provisioner, ForkProvisioner)
            assert isinstance(manager.provisioner.process, ForkedProcess)
            shown = " ".join(psutil.Process(manager.provisioner.pid).cmdline())
            assert "-m ipykernel_launcher -f" in shown  # what ps and top show
            result = await _run(
                manager,
                "import os, subprocess, sys\n"
                "from IPython import get_ipython\n"
                "targets = get_ipython().kernel.comm_manager.targets\n"
                "print(os.environ['WORKSHOP_KIT_PAGE_TEST'])\n"
                "print(os.getcwd())\n"
                "print(subprocess.run(['echo', 'child ran'], capture_output=True, text=True)"
                ".stdout.strip())\n"
                "print('jupyter.widget.control' in targets, 'jupyter.widget' in targets)\n"
                "print('pandas' in sys.modules)\n",
            )
            assert result["status"] == "ok", result
            assert result["printed"].split("\n")[:5] == [
                "from the server",
                str(tmp_path),
                "child ran",
                "True True",
                "False",
            ]

    asyncio.run(scenario())


def test_an_interrupt_stops_a_running_cell_and_the_kernel_goes_on(tmp_path):
    async def scenario():
        async with _kernel(tmp_path) as manager:
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(60)
            started = time.monotonic()
            sleeping = asyncio.Event()
            running = asyncio.ensure_future(
                client.execute_interactive(
                    "import time; print('sleeping', flush=True); time.sleep(120)",
                    timeout=60,
                    output_hook=lambda msg: (
                        "sleeping" in msg["content"].get("text", "") and sleeping.set()
                    ),
                )
            )
            await asyncio.wait_for(sleeping.wait(), 30)  # the cell is running
            await manager.interrupt_kernel()
            reply = await running
            client.stop_channels()
            assert reply["content"]["ename"] == "KeyboardInterrupt"
            assert time.monotonic() - started < 60
            assert (await _run(manager, "print(6 * 7)"))["printed"].strip() == "42"

    asyncio.run(scenario())


def test_a_shut_down_kernel_is_gone(tmp_path):
    async def scenario():
        manager = await _start(tmp_path)
        pid = manager.provisioner.pid
        await _run(manager, "1")
        await manager.shutdown_kernel()
        return pid

    pid = asyncio.run(scenario())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_forked_kernel_reports_how_it_ended_as_popen_would(tmp_path):
    """jupyter_client reads a dead kernel's exit code (the restarter logs it): an exit
    with a code gives that code, a kill minus the signal, as subprocess.Popen does."""

    async def exits_with(code: int) -> int:
        manager = await _start(tmp_path)
        try:
            client = manager.client()
            client.start_channels()
            await client.wait_for_ready(60)
            client.execute(f"import os; os._exit({code})")  # no reply comes
            client.stop_channels()
            return await asyncio.to_thread(manager.provisioner.process.wait, 30)
        finally:
            await manager.shutdown_kernel(now=True)

    async def killed() -> int:
        manager = await _start(tmp_path)
        try:
            await _run(manager, "1")
            process = manager.provisioner.process
            assert process.poll() is None  # running
            process.kill()
            return await asyncio.to_thread(process.wait, 30)
        finally:
            await manager.shutdown_kernel(now=True)

    assert asyncio.run(exits_with(7)) == 7
    assert asyncio.run(exits_with(0)) == 0
    assert asyncio.run(killed()) == -signal.SIGKILL


def test_kernels_end_with_their_template(tmp_path):
    """When the server stops, its template stops and the kernels follow, as kernels
    started afresh follow the server."""

    async def scenario():
        manager = await _start(tmp_path)
        await _run(manager, "1")
        return manager.provisioner.process

    kernel = asyncio.run(scenario())
    KernelTemplate.shared().stop()
    assert kernel.wait(timeout=30) is not None  # ipykernel checks its parent every second


def test_only_this_pythons_standard_kernel_is_forked():
    python = sys.executable
    assert forkable_argv([python, "-m", "ipykernel_launcher", "-f", "k.json"]) == [
        "-f",
        "k.json",
    ]
    assert forkable_argv(["/usr/bin/R", "--slave", "-e", "IRkernel::main()"]) is None
    assert forkable_argv([python, "-m", "other_kernel", "-f", "k.json"]) is None


def test_a_class_of_kernels_asked_for_at_once_are_all_forked(tmp_path):
    """A class arriving with --class-size asks for a hundred kernels in the same
    moment; every one must come from the template (a failed request falls back to a
    slow fresh start). ``--version`` makes each child exit at once."""

    async def ask_for_a_class():
        template = KernelTemplate.shared()
        return await asyncio.gather(
            *(template.fork(["--version"], dict(os.environ), str(tmp_path)) for _ in range(120))
        )

    pids = asyncio.run(ask_for_a_class())
    assert len(set(pids)) == 120


def test_a_server_with_more_than_1024_open_files_still_follows_its_kernels(tmp_path):
    """A server with a class's kernels holds well over 1024 descriptors, past what
    select() can watch (a class of 100 got HTTP 500s when it was used)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this machine allows fewer than 1200 open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    filler = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:

        async def scenario():
            async with _kernel(tmp_path) as manager:
                assert manager.provisioner.process._pidfd > 1024
                assert await manager.is_alive()
                assert (await _run(manager, "print(6 * 7)"))["printed"].strip() == "42"
            assert not await manager.is_alive()

        asyncio.run(scenario())
    finally:
        for fd in filler:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
