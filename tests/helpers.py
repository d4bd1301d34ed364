"""Small helpers shared by the test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import subprocess
import time
import urllib.request
from pathlib import Path

from kit_devtools import free_port

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

__all__ = ["AXE", "ROOT", "free_port", "wait_for_http"]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling a server that is starting: nothing to await on
    raise TimeoutError(f"{url} did not answer within {timeout} s")
