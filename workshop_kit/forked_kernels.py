"""Student kernels forked from a template process that has already imported the kit.

A fresh Python kernel spends most of its start importing IPython, ipywidgets,
SQLAlchemy, pydantic and the kit before it can build a page, and every kernel keeps
its own private copy of all those modules, which no other kernel shares.
``workshop-kit serve`` instead starts one *template* process that imports all of it
once, then forks each kernel from the template. A forked kernel starts almost at once
and shares the imported modules with the template and every other
kernel (copy-on-write), so a student costs the memory their page actually uses.

Pieces:

- :func:`template_main` runs in the template process (``python -m
  workshop_kit.forked_kernels SOCKET``): imports, then forks a kernel for each
  request on a Unix socket and reaps kernels that exit. It never starts a thread, an
  event loop or a ZeroMQ context, which a fork could not copy safely.
- :class:`KernelTemplate` starts the template and asks it for kernels.
- :class:`ForkProvisioner` is a jupyter_client kernel provisioner: it launches the
  standard Python kernel command by forking, and anything else (another kernel, or
  the template not running) exactly as jupyter_client does.

Only what student pages import is imported in the template: the instructor's
dashboard imports pandas after its kernel is forked, so student kernels never map it.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import setproctitle
from jupyter_client.provisioning import LocalProvisioner

KERNEL_MODULE = "ipykernel_launcher"
# What a student page imports: loaded once in the template, shared by every kernel.
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipywidgets",
    "workshop_kit.content",
    "workshop_kit.store",
    "workshop_kit.stages.welcome",
    "workshop_kit.stages.self_assessment",
    "workshop_kit.stages.alternative_careers",
    "workshop_kit.stages.interview",
    "workshop_kit.stages.action_plan",
)
START_TIMEOUT_SECONDS = 120
# What ForkedProcess.poll reports for a kernel whose status was lost with its template.
UNKNOWN_EXIT_CODE = 1


# --- the template process ------------------------------------------------------------


def template_main(socket_path: str, ready_fd: int) -> None:
    """Import what kernels need, then fork one per request until stdin closes."""
    import importlib

    setproctitle.setproctitle("workshop-kit kernel template")
    for name in PRELOAD:
        importlib.import_module(name)
    from workshop_kit.content import ContentErrors, content_languages, current_content
    from workshop_kit.content.loader import default_content_dir
    from workshop_kit.i18n import catalog_languages, translations

    # Every language's content and catalog, read once here rather than by each page.
    for language in content_languages(default_content_dir()):
        with contextlib.suppress(ContentErrors):  # a page shows the problem itself
            current_content(language=language)
        if language in catalog_languages():
            translations(language)
    # Objects alive now are never collected: a child's collector then does not touch
    # (and so copy) the template's pages.
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, _reap_children)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(128)
    # Readiness goes through its own pipe, closed before any fork: a kernel's output
    # to a pipe nobody reads would block it once the pipe is full.
    os.write(ready_fd, b"ready\n")
    os.close(ready_fd)
    while True:
        # stdin is a pipe from the server: when the server goes, so does the template.
        readable, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in readable and not os.read(sys.stdin.fileno(), 1024):
            return
        if listener in readable:
            connection, _ = listener.accept()
            with connection:
                _serve_request(listener, connection)


# How the template's kernels ended, as Popen gives it (negative: the signal that ended
# it), kept until the server asks: only the template, their parent, can learn it.
_exit_codes: dict[int, int] = {}
KEPT_EXIT_CODES = 10_000  # kernels the server never asked about (it had gone) age out


def _note_exit(pid: int, status: int) -> None:
    _exit_codes[pid] = os.waitstatus_to_exitcode(status)
    while len(_exit_codes) > KEPT_EXIT_CODES:
        del _exit_codes[next(iter(_exit_codes))]


def _reap_children(_signum, _frame) -> None:
    with contextlib.suppress(ChildProcessError):
        while True:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if not pid:
                return
            _note_exit(pid, status)


def _exit_code(pid: int) -> int | None:
    """How the template's child ``pid`` ended (the server asks once it has ended), or
    None if the template does not know (not its child)."""
    try:
        # WNOHANG: the server asks once the kernel's pidfd says it has ended, so it is
        # a zombie by now; a pid still running must not stop the template's loop.
        reaped, status = os.waitpid(pid, os.WNOHANG)
        if reaped:
            _note_exit(pid, status)
    except ChildProcessError:  # reaped already by _reap_children, or not ours
        pass
    return _exit_codes.pop(pid, None)


def _serve_request(listener: socket.socket, connection: socket.socket) -> None:
    try:
        request = json.loads(connection.makefile("r").readline())
        if "exit_code_of" in request:
            code = _exit_code(int(request["exit_code_of"]))
            connection.sendall(json.dumps({"exit_code": code}).encode() + b"\n")
            return
        argv, env, cwd = request["argv"], request["env"], request["cwd"]
    except (ValueError, KeyError, TypeError) as error:
        connection.sendall(json.dumps({"error": f"bad request: {error}"}).encode() + b"\n")
        return
    pid = os.fork()
    if pid == 0:
        listener.close()
        connection.close()
        _run_kernel(argv, env, cwd)  # never returns
    connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _run_kernel(argv: list[str], env: dict[str, str], cwd: str) -> None:
    """In the forked child: become the kernel ``argv`` describes, as if started by it."""
    code = 1
    try:
        os.setsid()  # its own process group, which jupyter_client signals as a whole
        for signum in (signal.SIGCHLD, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        sys.path[0] = cwd  # what ``python -m ipykernel_launcher`` puts first
        sys.argv = [KERNEL_MODULE, *argv]
        # ps, top and tools that look for kernels see the command it stands for
        setproctitle.setproctitle(" ".join([sys.executable, "-m", KERNEL_MODULE, *argv]))

        import ipywidgets
        from ipykernel.kernelapp import IPKernelApp

        # Its parent is the template, which exits with the server: the kernel watches
        # the template as it would the server. (The trait's default was read from the
        # environment when the template imported ipykernel.)
        app = IPKernelApp.instance(parent_handle=os.getppid())
        app.initialize(argv)
        # ipywidgets registers its comm targets when imported inside a kernel; it was
        # imported in the template, before there was one.
        ipywidgets.register_comm_target()
        app.start()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


# --- the server side -----------------------------------------------------------------


def _readable(fd: int, timeout: float | None) -> bool:
    """Whether ``fd`` is readable within ``timeout`` seconds (None: wait). poll(), not
    select(): a server with a class's kernels has descriptors past select()'s 1024."""
    watch = select.poll()
    watch.register(fd, select.POLLIN)
    return bool(watch.poll(None if timeout is None else timeout * 1000))


class KernelTemplate:
    """The template process, started once per server and asked for each kernel."""

    _instance: KernelTemplate | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="workshop-kit-template-")
        self.socket_path = str(Path(self._folder.name) / "template.sock")
        self._requests = threading.Lock()
        ready_read, ready_write = os.pipe()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "workshop_kit.forked_kernels",
                self.socket_path,
                str(ready_write),
            ],
            stdin=subprocess.PIPE,
            pass_fds=[ready_write],
        )
        os.close(ready_write)
        try:
            ready = _readable(ready_read, START_TIMEOUT_SECONDS)
            if not ready or os.read(ready_read, 16) != b"ready\n":
                self.process.kill()
                raise RuntimeError("the kernel template did not start")
        finally:
            os.close(ready_read)
        atexit.register(self.stop)

    @classmethod
    def shared(cls) -> KernelTemplate:
        """The server's template, started on first use (or again if it died)."""
        with cls._instance_lock:
            if cls._instance is None or not cls._instance.running:
                cls._instance = cls()
            return cls._instance

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    async def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        return await asyncio.to_thread(self._fork, argv, env, cwd)

    def _fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        # One request at a time: the template forks one kernel at a time anyway, and a
        # class's worth of connections at once overflowed its socket's queue (41 of 108
        # kernels fell back to a fresh start).
        with self._requests:
            reply = self._ask({"argv": argv, "env": env, "cwd": cwd})
        if "pid" not in reply:
            raise RuntimeError(reply.get("error", "the kernel template gave no kernel"))
        return reply["pid"]

    def exit_code(self, pid: int) -> int | None:
        """How the kernel ``pid``, which has ended, ended: its exit code, or minus the
        signal that ended it; None if the template cannot tell."""
        if not self.running:
            return None
        try:
            return self._ask({"exit_code_of": pid}).get("exit_code")
        except (OSError, ValueError):
            return None

    def _ask(self, request: dict) -> dict:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(START_TIMEOUT_SECONDS)
            connection.connect(self.socket_path)
            connection.sendall(json.dumps(request).encode() + b"\n")
            with connection.makefile("r") as replies:
                return json.loads(replies.readline() or "{}")

    def stop(self) -> None:
        if self.running:
            self.process.stdin.close()  # the template exits when its stdin closes
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._folder.cleanup()


class ForkedProcess:
    """The parts of :class:`subprocess.Popen` a provisioner uses, for a kernel that is
    the template's child rather than ours. A pidfd follows exactly that process even
    if its number is later reused."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, template: KernelTemplate):
        self.pid = pid
        self._template = template
        self._pidfd = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """None while the kernel runs; then its exit code, or minus the signal that
        ended it, as :meth:`subprocess.Popen.poll` gives. The template, the kernel's
        parent, reaps it and keeps that status for us."""
        if self.returncode is None and _readable(self._pidfd, 0):
            os.close(self._pidfd)
            code = self._template.exit_code(self.pid)
            # The template has gone (and the status with it): an exit, but not a clean one.
            self.returncode = UNKNOWN_EXIT_CODE if code is None else code
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            _readable(self._pidfd, timeout)
        code = self.poll()
        if code is None:
            raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
        return code

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            signal.pidfd_send_signal(self._pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def forkable_argv(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments if ``cmd`` starts this Python's standard kernel."""
    if len(cmd) >= 3 and cmd[1:3] == ["-m", KERNEL_MODULE]:
        python = shutil.which(cmd[0])
        if python and Path(python).resolve() == Path(sys.executable).resolve():
            return cmd[3:]
    return None


class ForkProvisioner(LocalProvisioner):
    """Launches the standard Python kernel by forking the kit's template process."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        argv = forkable_argv(cmd)
        if argv is None or not hasattr(os, "pidfd_open"):
            return await super().launch_kernel(cmd, **kwargs)
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            template = await asyncio.to_thread(KernelTemplate.shared)
            self.process = ForkedProcess(await template.fork(argv, env, cwd), template)
        except (OSError, RuntimeError, ValueError) as error:
            self.log.warning("Forking a kernel failed (%s); starting it afresh.", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.pgid = self.process.pid  # the kernel leads its own process group
        self.cwd = cwd
        return self.connection_info


if __name__ == "__main__":
    template_main(sys.argv[1], int(sys.argv[2]))
