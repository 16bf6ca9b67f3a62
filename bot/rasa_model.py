"""The trained Rasa model: named after a hash of everything that shapes it, trained only when that changes."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path, PurePosixPath
from typing import Iterable, List, Tuple

from bot.config import MODELS, PACKAGE, ROOT

# What the model is built from: a change to any of these files means a new model. The data is found in the project
# root, the code in the package (the same files whether it runs from a checkout or is installed).
MODEL_DATA = ("config.yml", "domain", "nlu", "stories", "data/places.yml")
MODEL_CODE = ("pipeline", "places.py", "i18n/folding.py", "i18n/khmer.py")
TRAINING_DATA = ("nlu", "stories")


def _files(paths: Iterable[str], root: Path, named: PurePosixPath) -> List[Tuple[PurePosixPath, Path]]:
    """Each file of ``paths`` under ``root``, with its name under ``named``."""
    found: List[Path] = []
    for name in paths:
        path = root / name
        if path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and p.suffix in (".yml", ".yaml", ".py", ".md"))
        elif path.is_file():
            found.append(path)
    return [(named / path.relative_to(root).as_posix(), path) for path in found]


def _digest(inputs: List[Tuple[PurePosixPath, Path]]) -> str:
    digest = hashlib.sha256()
    for name, path in sorted(inputs, key=lambda item: item[0].parts):
        digest.update(str(name).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def content_hash(root: Path = ROOT, package: Path = PACKAGE) -> str:
    """A short hash of the model's inputs (names and contents)."""
    return _digest(_files(MODEL_DATA, root, PurePosixPath()) + _files(MODEL_CODE, package, PurePosixPath("bot")))


def code_hash(package: Path = PACKAGE) -> str:
    """A short hash of the code the model's components run (names and contents)."""
    return _digest(_files(MODEL_CODE, package, PurePosixPath("bot")))


def model_path(root: Path = ROOT, models: Path = MODELS) -> Path:
    return models / f"lifeline-{content_hash(root)}.tar.gz"


def ensure_model(root: Path = ROOT, models: Path = MODELS, force: bool = False) -> Path:
    """Trains the model unless one for the current inputs exists; returns its path."""
    target = model_path(root, models)
    if target.exists() and not force:
        return target
    models.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", str(root / "config.yml"),
        "--domain", str(root / "domain"),
        "--data", *[str(root / d) for d in TRAINING_DATA],
        "--out", str(models),
        "--fixed-model-name", target.name[: -len(".tar.gz")],
    ]
    subprocess.run(command, cwd=root, check=True)
    return target
