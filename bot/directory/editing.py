"""Changing a contact from the console: its phones, source, date checked and confidence.

The contact files stay the source of truth: the change is written into the entry's YAML file (comments and
layout kept), but only after the whole folder, changed, passes the same checks as ``lifeline directory validate``;
a change that breaks any rule is refused and nothing is written.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from bot.directory.records import ContactRecord, LoadResult, load_records

EDITABLE = ("phones", "source", "checked", "confidence")


class EditRefused(ValueError):
    def __init__(self, problems: List[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _find(folder: Path, contact_id: str) -> Tuple[Path, Any, Any]:
    for path in sorted(folder.glob("*.yml")):
        entries = _yaml().load(path.read_text(encoding="utf-8")) or []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id") == contact_id:
                return path, entries, entry
    raise KeyError(contact_id)


def edit_contact(folder: Path, contact_id: str, changes: Dict[str, Any]) -> Tuple[ContactRecord, LoadResult]:
    """Applies ``changes`` to one contact; returns the changed record and the folder's records (for importing)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise EditRefused([f"{name} cannot be changed here" for name in sorted(unknown)])
    path, entries, entry = _find(folder, contact_id)
    for name, value in changes.items():
        if isinstance(value, list):
            value = CommentedSeq(value)
            value.fa.set_flow_style()
        entry[name] = value
    buffer = io.StringIO()
    _yaml().dump(entries, buffer)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp)
        for other in folder.glob("*.yml"):
            shutil.copy(other, draft / other.name)
        (draft / path.name).write_text(buffer.getvalue(), encoding="utf-8")
        result = load_records(draft)
    if result.problems:
        raise EditRefused([str(problem) for problem in result.problems])
    staged = path.with_suffix(".yml.new")
    staged.write_text(buffer.getvalue(), encoding="utf-8")
    staged.replace(path)
    return next(record for record in result.records if record.id == contact_id), result


def changes_from_form(phones: str, source: str, checked: str, confidence: str) -> Dict[str, Any]:
    """The form's text as contact fields (phones one per line or comma-separated; an ISO date)."""
    numbers = [p.strip().replace(" ", "") for p in phones.replace(",", "\n").splitlines() if p.strip()]
    try:
        when = date.fromisoformat(checked.strip())
    except ValueError:
        raise EditRefused([f"checked must be a date like {date.today().isoformat()}"])
    return {"phones": numbers, "source": source.strip(), "checked": when, "confidence": confidence.strip()}
