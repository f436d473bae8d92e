"""Start the hotline's servers as child processes and stop them together.

Used by `hotline start`, by the scenario tests and by the benchmarks, so all three run the
servers the same way.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Sequence

from bot.config import ROOT


def rasa_executable() -> str:
    return str(Path(sys.executable).with_name("rasa"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def action_server_command(port: int) -> List[str]:
    return [rasa_executable(), "run", "actions", "--actions", "actions", "--port", str(port)]


def rasa_server_command(port: int, model: Path, endpoints: Path, credentials: Path = ROOT / "credentials.yml",
                        ) -> List[str]:
    return [rasa_executable(), "run", "--enable-api", "--port", str(port), "--model", str(model),
            "--endpoints", str(endpoints), "--credentials", str(credentials)]


class ServerSet:
    """Named child processes with their logs; a context manager that always stops them."""

    def __init__(self, log_dir: Path, env: Optional[Mapping[str, str]] = None, cwd: Path = ROOT):
        self.log_dir, self.cwd = log_dir, cwd
        self.env = dict(os.environ if env is None else env)
        self.processes: Dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: Sequence[str]) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = (self.log_dir / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(list(command), cwd=self.cwd, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)

    def wait_for(self, url: str, timeout: float = 300) -> float:
        """Seconds until `url` answers; raises if a server exits or time runs out."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log_dir / name}.log")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return time.monotonic() - started
            except (urllib.error.URLError, OSError):
                time.sleep(0.25)
        raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")

    def all_running(self) -> bool:
        return all(p.poll() is None for p in self.processes.values())

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def __enter__(self) -> "ServerSet":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def rest_hotline(work: Path, database_url: str, outbox: Path, model: Path,
                 rasa_timeout: float = 300) -> Iterator[str]:
    """The action server and the Rasa server on free loopback ports, against `database_url`, with
    SMS to the outbox (never Twilio) and the catalogue NLG; yields the Rasa server's URL. The
    scenario tests and the turns benchmark talk to it over the REST channel."""
    action_port, rasa_port = free_port(), free_port()
    endpoints = work / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         f"nlg:\n  type: bot.i18n.nlg.CatalogueNLG\n")
    env = {**os.environ, "DATABASE_URL": database_url, "OUTBOX_PATH": str(outbox), "TF_CPP_MIN_LOG_LEVEL": "2"}
    for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"):
        env.pop(key, None)
    with ServerSet(work, env) as servers:
        servers.start("actions", action_server_command(action_port))
        servers.start("rasa", rasa_server_command(rasa_port, model, endpoints))
        servers.wait_for(f"http://127.0.0.1:{action_port}/health")
        servers.wait_for(f"http://127.0.0.1:{rasa_port}/status", rasa_timeout)
        yield f"http://127.0.0.1:{rasa_port}"
