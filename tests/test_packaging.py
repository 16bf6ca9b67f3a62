"""A non-editable install works: the wheel holds the code's own data and every file Lifeline reads at run time, and
an installed package finds them without a source checkout."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.config import ROOT

# Read at run time (the domain, catalogs, contact files, places, NLU data, stories and Rasa's configuration).
RUNTIME = ("config.yml", "endpoints.yml", "credentials.yml", "domain/*.yml", "stories/*.yml", "data/*.yml",
           "data/directory/*.yml", "locales/messages.pot", "locales/*/LC_MESSAGES/messages.po", "nlu/*/*.yml")
SHARE = "share/lifeline"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the source (a build writes into the tree it builds)."""
    source, out = tmp_path_factory.mktemp("source") / "lifeline", tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "models", "var", "build", "*.egg-info", "__pycache__", ".pytest_cache", "tests"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(source)], check=True, cwd=out)
    (found,) = out.glob("lifeline-*.whl")
    return found


def test_the_wheel_holds_every_file_read_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {name.split(f"/data/{SHARE}/", 1)[1] for name in names if f".data/data/{SHARE}/" in name}
    expected = {path.relative_to(ROOT).as_posix() for pattern in RUNTIME for path in ROOT.glob(pattern)}
    assert expected - data == set()
    assert {"bot/console/templates/case.html", "bot/storage/migrations/env.py", "bot/config.py"} <= names
    assert any(name.startswith("bot/storage/migrations/versions/0006_") for name in names)
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    assert "lifeline = bot.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_installed_package_finds_its_data_outside_a_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    code = "from bot.config import DOMAIN, LOCALES, ROOT; print(ROOT); print(len(list(DOMAIN.glob('*.yml'))))"
    root, domain_files = subprocess.run([str(venv / "bin" / "python"), "-c", code], check=True, cwd=tmp_path,
                                        capture_output=True, text=True, env={}).stdout.split()
    assert Path(root) == venv / SHARE
    assert int(domain_files) == len(list((ROOT / "domain").glob("*.yml")))
