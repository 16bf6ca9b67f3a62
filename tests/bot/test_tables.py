"""Storage knows no feature: the processes load every feature's tables and erasure hooks (``bot/tables.py``) before
anything acts on the schema as a whole."""

import ast
import json
import subprocess
import sys

from sqlalchemy import inspect

from bot.config import ROOT
from bot.storage.base import Base
from bot.storage.database import make_engine
from bot.storage.schema import upgrade
from tests.bot.test_imports import imports, modules

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


def test_a_models_module_imports_the_models_its_foreign_keys_point_to():
    """So that each process can write a table whose foreign keys name another feature's (the Rasa server writes
    cases, whose staff columns point to staff accounts), having imported that table's module only."""
    known = modules()
    graph = {name: imports(path, known) for name, path in known.items()}
    owner = {mapper.local_table.name: mapper.class_.__module__ for mapper in Base.registry.mappers}

    def reachable(module):
        seen, todo = set(), [module]
        while todo:
            for other in graph[todo.pop()] - seen:
                seen.add(other)
                todo.append(other)
        return seen | {module}

    missing = {(table.name, key.target_fullname) for table in Base.metadata.sorted_tables for key in table.foreign_keys
               if owner[key.column.table.name] not in reachable(owner[table.name])}
    assert missing == set()
