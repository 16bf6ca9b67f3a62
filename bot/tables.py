"""Every table of the project, and what features do around them: importing this module registers each feature's
models on ``Base`` and their erasure hooks (``bot/storage/erasure.py``).

Storage knows no feature, so whatever acts on the schema as a whole (migrations, erasure, retention, key rotation)
relies on this module having been imported by the process: ``bot/cli.py`` and ``bot/serve.py`` (every ``lifeline``
process), ``actions/erase.py`` (the action server) and ``bot/storage/migrations/env.py`` import it.
"""

from bot.cases import models as cases  # noqa: F401
from bot.directory import models as directory  # noqa: F401
from bot.staff import models as staff  # noqa: F401
from bot.storage import models as storage  # noqa: F401
from bot.telegram import deletion, models as telegram  # noqa: F401
