"""Where the Rasa server takes Lifeline's messages: the webhook of the REST channel (:mod:`bot.channels.rest`),
which Rasa serves under ``/webhooks/<channel name>/``. The terminal chat, the Telegram connector and the
benchmarks post there."""

CHANNEL = "lifeline"
WEBHOOK = f"/webhooks/{CHANNEL}/webhook"
