"""A person always gets the local emergency number and a hotline, whatever component is down."""

import asyncio
import socket
import threading
from contextlib import suppress


from bot.terminal import send
from tests.e2e.conftest import start_lifeline, texts


class TcpProxy:
    """A port that forwards to PostgreSQL; closing it makes the database unreachable."""

    def __init__(self, target_port: int = 5432) -> None:
        self.target_port = target_port
        self.loop = asyncio.new_event_loop()
        self.connections = []
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait(10)

    def _run(self, ready):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        ready.set()
        self.loop.run_forever()

    async def _handle(self, reader, writer):
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self.connections += [writer, up_writer]

        async def pipe(src, dst):
            with suppress(Exception):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def stop(self):
        async def close():
            self.server.close()
            for writer in self.connections:
                writer.close()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(10)


def has_safety_numbers(messages, local="117"):
    joined = "\n".join(texts(messages))
    return local in joined and "hotline" in joined.lower()


def test_action_server_down_then_rasa_down(tmp_path, model_path, caplog):
    running = start_lifeline(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", model_path)
    try:
        running.say("a1", '/inform_location{"country":"KH"}')
        running.stack.stop("actions")
        reply = running.say("a1", "i need my embassy")
        assert has_safety_numbers(reply)
        assert "These numbers work right now" in texts(reply)[-1]
        with open(tmp_path / "logs" / "rasa.log", encoding="utf-8") as log:
            assert "Encountered an exception while running action" in log.read()

        running.stack.stop("rasa")
        offline = send(running.rasa_url, "a1", "help")
        assert has_safety_numbers(offline, local="191")
    finally:
        running.stack.stop_all()


def test_database_down(tmp_path, model_path, postgres_url):
    proxy = TcpProxy()
    database = postgres_url.replace(":5432/", f":{proxy.port}/")
    running = start_lifeline(tmp_path, database, model_path)
    try:
        assert running.say("b1", "hello")
        proxy.stop()
        reply = running.say("b1", "help they are hurting me")
        assert has_safety_numbers(reply)
    finally:
        running.stack.stop_all()


def test_no_model_loaded(tmp_path):
    running = start_lifeline(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", None)
    try:
        reply = running.say("m1", "help", metadata={"language_code": "en"})
        assert has_safety_numbers(reply, local="191")
    finally:
        running.stack.stop_all()
