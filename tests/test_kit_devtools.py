"""kit_devtools: the free ports, the throwaway schema and the Chromium flags that the
tests, the benchmarks and the deploy checks share."""

from __future__ import annotations

import socket
import subprocess
import sys

from helpers import ROOT
from sqlalchemy import create_engine, inspect

from kit_devtools import free_ports, throwaway_schema


def test_free_ports_are_different_and_free():
    ports = free_ports(5)
    assert len(set(ports)) == 5
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_shell_scripts_get_their_ports_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "kit_devtools", "free-ports", "3"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    ports = [int(word) for word in result.stdout.split()]
    assert len(ports) == 3 and len(set(ports)) == 3


def test_a_throwaway_schema_is_empty_and_gone_afterwards(postgres_url):
    with throwaway_schema(postgres_url, prefix="probe") as url:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE kept (x int)")
            schema = conn.exec_driver_sql("SELECT current_schema()").scalar()
        engine.dispose()
        assert schema.startswith("probe_")
    admin = create_engine(postgres_url)
    try:
        assert schema not in inspect(admin).get_schema_names()
    finally:
        admin.dispose()
