"""Every table of the project, registered on ``Base`` when this is called."""

from __future__ import annotations


def load_models() -> None:
    from bot.directory import models as _directory  # noqa: F401
    from bot.storage import models as _storage  # noqa: F401
    from bot.telegram import models as _telegram  # noqa: F401
