"""A private PostgreSQL cluster for tests that stop and start the database: initdb as the ``postgres`` user on a
free port, in a folder of its own, never the machine's shared server."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bot.processes import free_port


def _binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else name


class PrivateCluster:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lifeline-pg-"))
        os.chmod(self.folder, 0o755)
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, timeout=60)

    def create(self) -> "PrivateCluster":
        shutil.chown(self.folder, "postgres")
        self._as_postgres(_binary("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        return self.start()

    def start(self) -> "PrivateCluster":
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(_binary("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
                          "-w", "start")
        return self

    def stop(self) -> None:
        self._as_postgres(_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.folder, ignore_errors=True)
