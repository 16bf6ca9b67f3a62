"""The staff console in a real headless Chromium, with the whole of Lifeline running: Rasa, the action server, the
Telegram connector against a fake Bot API, and the console, on SQLite and on PostgreSQL.

Screenshots of each page are saved under tests/artifacts/console/.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy import select

from bot.cases.live import person_text
from bot.cases.models import Case
from bot.config import ROOT, read_settings
from bot.processes import Stack, free_port, process_env, start_console
from bot.staff.accounts import create_account
from bot.storage.database import engine_for, session_scope
from bot.telegram.outgoing import as_html
from tests.conftest import empty_postgres
from tests.e2e.conftest import start_lifeline
from tests.e2e.test_telegram import SECRET, expect, pseudonym_for, start_connector
from tests.fake_telegram import FakeTelegram

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "console"
STAFF_GROUP = -1001234567890
PASSWORD = "a long enough password"
THAI_PERSON, ENGLISH_PERSON = 8800112233, 8800445566
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]



@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def everything(request, tmp_path_factory, model_path):
    folder = tmp_path_factory.mktemp(f"console-{request.param}")
    database_url = f"sqlite:///{folder / 'lifeline.db'}" if request.param == "sqlite" \
        else request.getfixturevalue("postgres_url")
    env = {"TELEGRAM_STAFF_CHAT_ID": str(STAFF_GROUP), "LIFELINE_SECRET": SECRET}
    fake = FakeTelegram().start()
    lifeline = start_lifeline(folder, database_url, model_path, env=env)
    port = free_port()
    console_env = {**env, "CONSOLE_PORT": str(port), "LIFELINE_CONSOLE_URL": f"http://localhost:{port}"}
    connector = start_connector(folder, fake, lifeline.rasa_url, database_url, **console_env)
    console = Stack(env=process_env(read_settings({"DATABASE_URL": database_url}), console_env),
                    log_dir=folder / "logs")
    start_console(console, port)
    with session_scope(engine_for(database_url)) as session:
        create_account(session, "somchai", PASSWORD, "staff")
        create_account(session, "admin", PASSWORD, "admin")
    yield {"fake": fake, "url": f"http://localhost:{port}", "database_url": database_url, "name": request.param}
    console.stop_all()
    connector.stop_all()
    lifeline.stack.stop_all()
    fake.stop()
    if request.param == "postgresql":
        empty_postgres(database_url)


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def shot(page, run, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{run['name']}-{name}.png"), full_page=True)


def test_take_over_send_a_thai_reply_and_hand_back(everything, page):
    run, fake = everything, everything["fake"]
    expect(fake, ENGLISH_PERSON, lambda: fake.message(ENGLISH_PERSON, "hello", language_code="en"))
    expect(fake, THAI_PERSON, lambda: fake.message(THAI_PERSON, "ช่วยด้วย ถูกขังอยู่ในตึกที่ปอยเปต ออกไปไม่ได้",
                                                   language_code="th"))

    alert = fake.wait_for(lambda calls: [c for c in calls if c.method == "sendMessage"
                                         and int(c.params["chat_id"]) == STAFF_GROUP])[0].params["text"]
    with session_scope(engine_for(run["database_url"])) as session:
        thai_case = session.execute(select(Case).where(Case.sender_key == pseudonym_for(THAI_PERSON))).scalar_one()
    assert f"{run['url']}/cases/{thai_case.public_id}" in alert and "ปอยเปต" not in alert

    page.goto(run["url"] + "/queue")
    shot(page, run, "1-sign-in")
    page.fill("input[name=username]", "somchai")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/queue")
    shot(page, run, "2-queue")
    first = page.locator("table.queue tbody tr").first
    assert "urgent" in first.inner_text()
    first.locator("a.open").click()
    page.wait_for_url(f"**/cases/{thai_case.public_id}")
    assert page.locator("dd.person-language").inner_text() == "Thai"
    assert "ปอยเปต" in page.locator("#transcript").inner_text()
    shot(page, run, "3-conversation")

    before = len(fake.sent_texts(THAI_PERSON))
    joined = expect(fake, THAI_PERSON, lambda: page.click("button.takeover"))[0]
    assert joined == as_html(person_text(thai_case, "utter_staff_joined"))

    page.select_option("select[name=ready_made]", "utter_staff_reply_are_you_safe")
    ready_made = expect(fake, THAI_PERSON, lambda: page.click("form.ready-made button"))[0]
    assert ready_made == as_html(person_text(thai_case, "utter_staff_reply_are_you_safe"))
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in ready_made)  # in Thai
    sent = [c for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) == THAI_PERSON][-1]
    assert sent.params["disable_notification"] in (True, "true", "True")

    fake.message(THAI_PERSON, "ปลอดภัยค่ะ อยู่ห้องน้ำ", language_code="th")
    page.locator("#transcript").get_by_text("ปลอดภัยค่ะ อยู่ห้องน้ำ").wait_for(timeout=15000)  # no reload
    fake.message(THAI_PERSON, None, language_code="th", sticker={
        "file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512, "height": 512,
        "is_animated": False, "is_video": False, "emoji": "🙏"})
    page.locator("#transcript").get_by_text("🙏").wait_for(timeout=15000)
    shot(page, run, "4-taken-over")
    assert len(fake.sent_texts(THAI_PERSON)) == before + 2  # the bot stayed quiet

    left = expect(fake, THAI_PERSON, lambda: page.click("button.handback"))[0]
    assert left == as_html(person_text(thai_case, "utter_staff_left"))
    assert expect(fake, THAI_PERSON, lambda: fake.message(THAI_PERSON, "สวัสดีค่ะ", language_code="th"))  # the bot again

    for path, name in (("/stats", "5-statistics"), ("/translations", "6-translations"),
                       (f"/cases/{thai_case.public_id}/referral", "7-referral"),
                       ("/account/two-factor", "8-two-factor")):
        page.goto(run["url"] + path)
        shot(page, run, name)

    page.click("header .signout button")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    for path, name in (("/admin/audit", "9-audit-log"), ("/admin/users", "10-accounts"),
                       ("/admin/directory", "11-directory"), ("/admin/directory-due", "12-directory-due"),
                       ("/admin/directory/ph-embassy-th", "13-contact")):
        page.goto(run["url"] + path)
        shot(page, run, name)
    page.goto(run["url"] + "/admin/audit")
    log = page.locator("table.audit").inner_text()
    assert all(f"somchai\t{action}" in log for action in ("takeover", "reply", "hand_back", "view", "export"))

    dump = database_dump(run["database_url"])
    for secret in ("ปลอดภัยค่ะ", "ถูกขังอยู่", str(THAI_PERSON), person_text(thai_case, "utter_staff_reply_are_you_safe")):
        assert secret not in dump
    assert pseudonym_for(THAI_PERSON) in dump


def database_dump(url: str) -> str:
    if url.startswith("sqlite"):
        return "\n".join(sqlite3.connect(url.split("///", 1)[1]).iterdump())
    database = url.rsplit("/", 1)[1]
    return subprocess.run(["pg_dump", "-h", "127.0.0.1", "-U", "postgres", database], check=True,
                          capture_output=True, text=True).stdout
