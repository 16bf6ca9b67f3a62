"""The coverage matrix of the directory, and GAPS.md generated from it."""

import subprocess
import sys

from bot.config import DIRECTORY_DATA, ROOT
from bot.directory.coverage import HOST_COUNTRIES, NATIONALITIES, coverage_report, mission, police
from bot.directory.records import load_records


def test_gaps_md_is_the_generated_report_of_the_contact_files():
    assert (DIRECTORY_DATA / "GAPS.md").read_text(encoding="utf-8") == coverage_report(load_records().records)


def test_the_matrix_has_every_route_and_names_each_gap():
    records = load_records().records
    report = coverage_report(records)
    for nationality in NATIONALITIES:
        for country in HOST_COUNTRIES:
            cell = mission(records, nationality, country)
            row = f"| {nationality} | {country} | {cell} |"
            assert row in report
            assert (f"- No {nationality} mission in {country}." in report) == (cell.contact is None)
    assert str(police(records, "MM")) == "mm-police (secondary)" and "- No police in MM." not in report
    assert str(police(records, "KH")) == "kh-police (secondary)"


def test_the_command_prints_the_report_and_writes_it_on_request(tmp_path):
    for path in DIRECTORY_DATA.glob("*.yml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ph.yml").unlink()
    command = [sys.executable, "-m", "bot.cli", "directory", "coverage", "--folder", str(tmp_path)]
    printed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "- No PH mission in KH." in printed
    subprocess.run([*command, "--write"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert (tmp_path / "GAPS.md").read_text(encoding="utf-8") == printed
