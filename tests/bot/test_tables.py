"""Storage knows no feature: the processes load every feature's tables and erasure hooks (``bot/tables.py``) before
anything acts on the schema as a whole."""

import ast
import json
import subprocess
import sys

from sqlalchemy import inspect

from bot.config import ROOT
from bot.storage.database import make_engine
from bot.storage.schema import upgrade

# The modules every process that migrates, erases, purges or rotates keys starts from.
ENTRY_POINTS = ("bot/cli.py", "bot/serve.py", "actions/erase.py")


def test_the_tables_module_alone_registers_every_table_of_the_schema_and_the_chat_deletion(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'schema.db'}")
    upgrade(engine)
    code = ("import json, bot.tables\nfrom bot.storage.base import Base\nfrom bot.storage import erasure\n"
            "hooks = [f'{hook.__module__}.{hook.__name__}' for hook in erasure._before]\n"
            "print(json.dumps([sorted(Base.metadata.tables), hooks]))")
    tables, hooks = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                              check=True, env={"PYTHONPATH": str(ROOT)}).stdout)
    assert set(tables) == set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert hooks == ["bot.telegram.deletion.delete_chat_before_erasure"]


def test_every_entry_point_loads_the_tables_at_its_start():
    for path in ENTRY_POINTS:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        top = {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
        assert "bot.tables" in top, path
