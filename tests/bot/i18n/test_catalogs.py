import logging
import subprocess
import sys

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.config import ROOT
from bot.i18n.catalog_tools import TRANSLATED, check, check_language
from bot.i18n.catalogs import translate
from bot.i18n.say import say


def test_pybabel_extract_finds_the_responses_through_the_entry_point(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "--quiet", "extract",
                    "-F", "babel.cfg", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    ids = {m.id for m in catalog if m.id}
    assert "OK, nothing was erased." in ids and "My embassy" in ids
    assert "{name_TH}" not in ids
    greet = next(m for m in catalog if m.id and m.id.startswith("Hello, I'm Lifeline."))
    assert greet.auto_comments == ["utter_greet"] and greet.locations[0][0] == "domain/responses.yml"


def test_every_language_is_complete_and_keeps_placeholders_and_lines():
    for report in check():
        assert report.problems == [], report.problems
        assert report.complete, report.language
        assert min(report.examples.values()) >= 20 and len(report.examples) == 26


def test_check_reports_a_broken_placeholder_and_a_missing_line(tmp_path):
    catalog = Catalog(locale="th")
    catalog.add("Checked on {checked}", "ตรวจเมื่อ {date}")
    catalog.add("one\ntwo", "หนึ่งสอง")
    catalog.add("untranslated", "")
    folder = tmp_path / "th" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as handle:
        write_po(handle, catalog)
    report = check_language("th", template=None, locales=tmp_path)
    assert report.translated == 2 and report.total == 3
    assert any("placeholders differ" in p for p in report.problems)
    assert any("lines" in p for p in report.problems)


def test_check_fails_on_an_unreadable_catalog(tmp_path):
    folder = tmp_path / "km" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid "a"\nmsgstr "b"\nthis line is not gettext\n', encoding="utf-8")
    assert check_language("km", template=None, locales=tmp_path).problems[0].startswith("cannot read")


def test_responses_render_in_each_language_with_the_same_buttons():
    english = say("utter_offer_help", "en")
    for language in TRANSLATED:
        rendered = say("utter_offer_help", language)
        assert rendered["text"] != english["text"]
        assert [b["payload"] for b in rendered["buttons"]] == [b["payload"] for b in english["buttons"]]


def test_a_missing_translation_falls_back_to_english_and_is_logged(caplog):
    with caplog.at_level(logging.WARNING):
        assert translate("th", "A sentence nobody translated") == "A sentence nobody translated"
    assert "Missing th translation" in caplog.text
