"""The Telegram connector as a real process, against a local fake Bot API and the real Rasa and action servers."""

import httpx
import pytest
from sqlalchemy import func, select

from bot.config import read_settings
from bot.processes import Stack, free_port, process_env, telegram_command
from bot.storage.database import engine_for, session_scope
from bot.telegram.identity import pseudonym
from bot.telegram.models import ChatMessage, ProcessedUpdate, TelegramPerson
from tests.e2e.conftest import start_lifeline
from tests.fake_telegram import FakeTelegram
from tests.said import is_emergency_reply, payloads, said
from tests.waiting import poll

SECRET = "test-secret"


DATABASES = {}  # the database of the connector each fake Bot API serves


def start_connector(folder, fake, rasa_url, database_url, **env):
    DATABASES[fake] = database_url
    settings = read_settings({"DATABASE_URL": database_url})
    stack = Stack(env=process_env(settings, {
        "TELEGRAM_BOT_TOKEN": "123456:TEST", "TELEGRAM_API_URL": fake.url, "RASA_URL": rasa_url,
        "LIFELINE_SECRET": SECRET, **env}), log_dir=folder / "logs")
    stack.start("telegram", telegram_command())
    fake.wait_for(lambda calls: [c for c in calls if c.method in ("getUpdates", "setWebhook")], timeout=60)
    return stack


@pytest.fixture(scope="module")
def fake():
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture
def own_fake():
    """A Bot API server of the test's own, for a connector started by the test."""
    server = FakeTelegram().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def connector(tmp_path_factory, fake, lifeline):
    stack = start_connector(tmp_path_factory.mktemp("telegram"), fake, lifeline.rasa_url, lifeline.database_url)
    yield stack
    stack.stop_all()


def replies(fake, chat_id, count, timeout=60):
    """Waits for the ``count`` next texts sent to a chat, and returns them."""
    before = len(fake.sent_texts(chat_id))
    fake.wait_for(lambda _: len(fake.sent_texts(chat_id)) >= before + count, timeout)
    return fake.sent_texts(chat_id)[before:]


def expect(fake, chat_id, action, count=1):
    """Does ``action`` (it may send an update) and returns every text sent to the chat in answer to it: the ``count``
    texts it is to bring, and for an update anything more it brought by the time the connector noted it as handled
    in full."""
    before = len(fake.sent_texts(chat_id))
    update = action()
    fake.wait_for(lambda _: len(fake.sent_texts(chat_id)) >= before + count)
    if update is not None:  # an update to Telegram; a console click is answered without one
        assert poll(lambda: handled(DATABASES[fake], update["update_id"]), 60)
    return fake.sent_texts(chat_id)[before:]


def handled(database_url, update_id):
    with session_scope(engine_for(database_url)) as session:
        return session.get(ProcessedUpdate, update_id) is not None


def last_buttons(fake, chat_id):
    sent = [c for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) == chat_id]
    markup = sent[-1].params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def test_commands_are_registered_in_every_language(connector, fake):
    calls = fake.calls_to("setMyCommands")
    languages = {c.params.get("language_code") for c in calls}
    assert languages == {None, "th", "vi", "id", "ms", "km", "zh", "tl"}
    thai = next(c for c in calls if c.params.get("language_code") == "th")
    assert {c["command"] for c in thai.params["commands"]} == {"start", "sos", "human", "language", "wipe", "help"}
    assert thai.params["commands"][1]["description"] == said("utter_tg_command_sos", "th")


def test_a_thai_conversation_from_start_to_the_embassy(connector, fake):
    user = 501
    welcome = expect(fake, user, lambda: fake.message(user, "/start", language_code="th"))
    assert welcome[0] == said("utter_tg_welcome", "th").replace("&", "&amp;")
    picker = last_buttons(fake, user)
    assert [b["text"] for b in picker][1] == "ไทย"
    message_id = fake.calls_to("sendMessage")[-1].params
    changed = expect(fake, user, lambda: fake.press(user, picker[1]["callback_data"], 1, language_code="th"))
    assert changed[0] == said("utter_language_changed", "th", language_name="ไทย")
    asked = expect(fake, user, lambda: fake.message(user, "อยากติดต่อสถานทูตครับ", language_code="th"))
    assert asked[-1].endswith(said("utter_ask_nationality", "th"))
    thai = next(b for b in last_buttons(fake, user) if "TH" in b["callback_data"])
    where = expect(fake, user, lambda: fake.press(user, thai["callback_data"], 2, language_code="th"))
    assert where[-1].endswith(said("utter_ask_country", "th"))
    found = expect(fake, user, lambda: fake.message(user, "ตอนนี้อยู่ปอยเปต", language_code="th"))
    # The contacts, what comes after them and its buttons: one message.
    assert found[0].startswith(said("utter_contacts_intro", "th", nationality_name="ไทย", country_name="กัมพูชา"))
    assert found[0].endswith(said("utter_after_contacts", "th")) and last_buttons(fake, user)
    for call in [c for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) == user]:
        assert call.params["disable_notification"] in (True, "true", "True")
        assert call.params["link_preview_options"] == {"is_disabled": True}
        assert call.params["parse_mode"] == "HTML"
    assert message_id


def test_a_filipino_conversation_and_a_switch_to_english_and_back(connector, fake):
    user = 511
    welcome = expect(fake, user, lambda: fake.message(user, "/start", language_code="tl"))
    assert welcome[0] == said("utter_tg_welcome", "fil").replace("&", "&amp;")
    picker = last_buttons(fake, user)
    assert [b["text"] for b in picker][-1] == "Filipino"
    changed = expect(fake, user, lambda: fake.press(user, picker[-1]["callback_data"], 1, language_code="tl"))
    assert changed[0] == said("utter_language_changed", "fil", language_name="Filipino")
    text = "tulungan niyo po ako, kinuha ng boss yung passport ko"
    passport = expect(fake, user, lambda: fake.message(user, text, language_code="tl"))
    # What to do, then the offer of help with its buttons: one message.
    assert passport[0] == said("utter_passport_confiscated", "fil") + "\n\n" + said("utter_offer_help", "fil")
    assert [b["callback_data"] for b in last_buttons(fake, user)] == payloads("utter_offer_help")
    english = expect(fake, user, lambda: fake.message(user, "english please", language_code="tl"))
    assert english[0] == said("utter_language_changed", "en", language_name="English")
    again = expect(fake, user, lambda: fake.message(user, "nakakulong po kami, di kami makalabas", language_code="tl"))
    assert again[0].startswith(said("utter_held_captive", "fil"))
    help_text = expect(fake, user, lambda: fake.message(user, "/help", language_code="tl"))
    assert help_text[0] == said("utter_tg_help", "fil")


def test_every_button_press_is_answered(connector, fake):
    user = 502
    expect(fake, user, lambda: fake.message(user, "hello"))
    before = len(fake.calls_to("answerCallbackQuery"))
    reply = expect(fake, user, lambda: fake.press(user, "/request_human", 9))
    assert len(fake.calls_to("answerCallbackQuery")) == before + 1
    assert reply[0].startswith(said("utter_human_requested", "en"))


def test_a_khmer_sos(connector, fake):
    user = 503
    reply = expect(fake, user, lambda: fake.message(user, "/sos", language_code="km"))
    assert len(reply) == 1 and is_emergency_reply(reply[0], "km")


def test_a_shared_location_in_sihanoukville(connector, fake):
    user = 504
    asked = expect(fake, user, lambda: fake.message(user, location={"latitude": 10.625, "longitude": 103.52}))
    assert asked[-1].endswith(said("utter_ask_nationality", "en"))
    found = expect(fake, user, lambda: fake.message(user, "Vietnamese"))
    assert "Sihanoukville" in found[0]


def test_wipe_deletes_the_chat_and_the_data(connector, fake, lifeline):
    user = 505
    sender = pseudonym_for(user)
    expect(fake, user, lambda: fake.message(user, "my boss took my passport"))
    confirm = expect(fake, user, lambda: fake.message(user, "/wipe"))
    assert confirm[0] == said("utter_tg_wipe_confirm", "en")
    with session_scope(engine_for(lifeline.database_url)) as session:
        kept = set(session.execute(select(ChatMessage.message_id).where(ChatMessage.sender_key == sender)).scalars())
    assert len(kept) >= 4
    yes = next(b for b in last_buttons(fake, user) if b["callback_data"] == "!wipe yes")
    done = expect(fake, user, lambda: fake.press(user, yes["callback_data"], 77))
    assert done == ["Done."]
    deleted = {i for c in fake.calls_to("deleteMessages") for i in c.params["message_ids"]}
    assert kept | {77} <= deleted
    with session_scope(engine_for(lifeline.database_url)) as session:
        for model in (ChatMessage, TelegramPerson):
            assert session.execute(select(func.count()).select_from(model).where(
                model.sender_key == sender)).scalar_one() == 0


def test_a_429_is_retried_after_retry_after(connector, fake):
    user = 506
    fake.fail("sendMessage", 1, retry_after=1, chat_id=user)
    reply = expect(fake, user, lambda: fake.message(user, "/sos"))
    attempts = [c for c in fake.calls_to("sendMessage") if int(c.params["chat_id"]) == user]
    assert len(attempts) == 2 and attempts[1].at - attempts[0].at >= 1.0
    assert len(reply) == 1 and is_emergency_reply(reply[0], "en")


def answered_later(fake, user, text="/help", reply=None):
    """Sends a later message and waits for its answer: what the updates before it were to produce has been sent
    by then (they were taken on first, and answering them takes no longer)."""
    reply = reply or said("utter_tg_help", "en")
    before = fake.sent_texts(user).count(reply)
    fake.message(user, text)
    assert poll(lambda: fake.sent_texts(user).count(reply) > before, 60)


def test_group_chats_get_one_polite_answer(connector, fake):
    user = 507
    group = -100 - user
    fake.message(user, "hello everyone", chat_type="group")
    fake.message(user, "anyone?", chat_type="group")
    answered_later(fake, user)
    assert fake.sent_texts(group) == [said("utter_tg_group", "en")]


def test_a_duplicate_update_is_answered_once(connector, fake):
    user = 508
    update = fake.message(user, "/sos")
    fake.redeliver(update)
    answered_later(fake, user)
    sent = fake.sent_texts(user)
    assert len(sent) == 2 and is_emergency_reply(sent[0], "en") and sent[1] == said("utter_tg_help", "en")


def test_media_get_kind_replies_and_photos_are_kept_only_with_consent(connector, fake):
    user = 509
    photo = [{"file_id": "photo-file", "file_unique_id": "u1", "width": 10, "height": 10}]
    reply = expect(fake, user, lambda: fake.message(user, photo=photo))
    assert reply == [said("utter_tg_photo", "en")]
    assert expect(fake, user, lambda: fake.message(user, sticker={
        "file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1, "is_animated": False,
        "is_video": False})) == [said("utter_tg_sticker", "en")]
    assert expect(fake, user, lambda: fake.message(user, contact={"phone_number": "+1", "first_name": "x"})) == [
        said("utter_tg_unreadable", "en")]
    original = {"message_id": 1, "date": 0, "chat": {"id": user, "type": "private"}, "photo": photo}
    shared = expect(fake, user, lambda: fake.press(user, "!share yes", 3, reply_to=original))
    assert shared == [said("utter_tg_media_shared", "en")]


def test_flooding_is_slowed_but_sos_still_answers(connector, fake):
    user = 510
    for n in range(24):
        fake.message(user, f"/help {n}")
    # The bot sends a chat about one message a second (bot/telegram/send_rate.py): 21 answers take 18 s or so.
    fake.wait_for(lambda _: said("utter_tg_slow_down", "en") in fake.sent_texts(user)
                  and fake.sent_texts(user).count(said("utter_tg_help", "en")) >= 20, 60)
    fake.message(user, "/sos")  # taken on after every /help, and let through
    assert poll(lambda: any(is_emergency_reply(text, "en") for text in fake.sent_texts(user)), 60)
    sent = fake.sent_texts(user)
    assert sent.count(said("utter_tg_help", "en")) == 20 and sent.count(said("utter_tg_slow_down", "en")) == 1
    assert len(sent) == 22


def test_sos_answers_with_rasa_stopped(tmp_path, own_fake, model_path):
    fake = own_fake
    running = start_lifeline(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", model_path)
    stack = start_connector(tmp_path / "tg", fake, running.rasa_url, running.database_url)
    try:
        user = 511
        expect(fake, user, lambda: fake.message(user, "tôi là người Việt, đang ở Bavet", language_code="vi"))
        running.stack.stop("rasa")
        sos = expect(fake, user, lambda: fake.message(user, "/sos", language_code="vi"))
        # In Bavet: Cambodia's police, and Viet Nam's citizen protection line for a Vietnamese person.
        assert len(sos) == 1 and is_emergency_reply(sos[0], "vi", ["KH"], hotline="+84 981 848 484")
        fallback = expect(fake, user, lambda: fake.message(user, "giúp tôi", language_code="vi"))
        assert "+84" in fallback[0]
    finally:
        stack.stop_all()
        running.stack.stop_all()


def test_webhook_checks_the_secret_and_survives_a_429_at_start(tmp_path, own_fake, lifeline):
    fake = own_fake
    port = free_port()
    fake.fail("setWebhook", 1, retry_after=1)
    stack = start_connector(tmp_path, fake, lifeline.rasa_url, lifeline.database_url,
                            TELEGRAM_WEBHOOK_URL="https://example.org/telegram", TELEGRAM_WEBHOOK_SECRET="s3cret",
                            TELEGRAM_WEBHOOK_PORT=str(port))
    try:
        fake.wait_for(lambda _: len(fake.calls_to("setWebhook")) >= 2)
        registration = fake.calls_to("setWebhook")[-1].params
        assert registration["secret_token"] == "s3cret"
        assert set(registration["allowed_updates"]) == {"message", "edited_message", "callback_query"}
        url = f"http://127.0.0.1:{port}/telegram"
        assert poll(lambda: listening(url), 10)

        def update(update_id, command):
            return {"update_id": update_id, "message": {
                "message_id": update_id, "date": 0, "chat": {"id": 512, "type": "private"}, "text": command,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
                "from": {"id": 512, "is_bot": False, "first_name": "P"}}}

        forged = httpx.post(url, json=update(99001, "/sos"), headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
        missing = httpx.post(url, json=update(99002, "/sos"))
        assert forged.status_code in (401, 403) and missing.status_code in (401, 403)
        real = httpx.post(url, json=update(99003, "/help"), headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret"})
        assert real.status_code == 200
        assert poll(lambda: fake.sent_texts(512), 60)
        assert fake.sent_texts(512) == [said("utter_tg_help", "en")]  # the refused updates were not answered
    finally:
        stack.stop_all()


def listening(url):
    try:
        httpx.get(url, timeout=1)
        return True
    except httpx.HTTPError:
        return False


def pseudonym_for(user_id):
    return pseudonym(user_id, key=SECRET.encode())


def test_after_a_restart_nothing_is_lost_or_answered_twice(tmp_path, own_fake, lifeline):
    fake = own_fake
    user = 513
    stack = start_connector(tmp_path, fake, lifeline.rasa_url, lifeline.database_url)
    try:
        first = fake.message(user, "/sos")
        fake.wait_for(lambda _: len(fake.sent_texts(user)) == 1)
        stack.stop("telegram")
        fake.message(user, "/help")
        fake.redeliver(first)
        stack.start("telegram", telegram_command())
        fake.wait_for(lambda _: len(fake.sent_texts(user)) >= 2)
        answered_later(fake, user, "/language", said("utter_choose_language", "en"))
        sent = fake.sent_texts(user)
        assert len(sent) == 3 and is_emergency_reply(sent[0], "en") and sent[1] == said("utter_tg_help", "en")
    finally:
        stack.stop_all()


def test_a_database_dump_holds_no_telegram_id_and_no_message_text(connector, fake, lifeline):
    user = 7314159265
    expect(fake, user, lambda: fake.message(user, "they hold me at building zebra-42 please help"))
    import sqlite3

    dump = "\n".join(sqlite3.connect(lifeline.database_url.split("///", 1)[1]).iterdump())
    assert str(user) not in dump and "zebra-42" not in dump
    assert pseudonym_for(user) in dump


def test_a_command_the_bot_does_not_have_gets_the_help(connector, fake):
    user = 514
    assert expect(fake, user, lambda: fake.message(user, "/greet")) == [said("utter_tg_help", "en")]
