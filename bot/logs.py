"""Where Lifeline's processes log, and who may read it: files only the service's user can read (mode 0600 in
folders of mode 0700), a new file every day, and nothing kept past the retention period."""

from __future__ import annotations

import logging
import os
import threading
import time
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path
from typing import IO

PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """Files and folders this process (and every child it starts) creates are its user's alone."""
    os.umask(PRIVATE_UMASK)


def make_private(folder: Path) -> None:
    """Folder ``folder`` and everything under it: folders 0700, files 0600 (for data left by older versions)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        os.chmod(path, 0o700 if path.is_dir() else 0o600)


def prune(folder: Path, days: int) -> None:
    """Deletes log files not written to for ``days`` days."""
    cutoff = time.time() - days * 86400
    for path in folder.glob("*.log*"):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink()


def rotating_log(path: Path, days: int) -> logging.Logger:
    """A logger that writes plain lines to ``path`` (mode 0600), starts a new file at midnight, keeps ``days``."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    logger = logging.getLogger(f"lifeline.output.{path}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        handler = TimedRotatingFileHandler(path, when="midnight", backupCount=days, encoding="utf-8")
        os.chmod(path, 0o600)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    return logger


def copy_output(stream: IO[bytes], log: logging.Logger) -> threading.Thread:
    """Copies a child's output, line by line, into ``log`` until the child closes it."""
    def copy() -> None:
        with stream:
            for line in stream:
                log.info(line.decode("utf-8", errors="replace").rstrip("\n"))

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread
