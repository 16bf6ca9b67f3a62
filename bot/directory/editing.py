"""Changing the contact files from the console: add, change, verify and remove a contact.

The contact files stay the source of truth: each change is written into the YAML files (comments and layout kept),
but only after the whole folder, changed, passes the same checks as ``lifeline directory validate``; a change that
breaks any rule is refused and nothing is written. Each change returns the contact's fields before and after, for
the audit log.
"""

from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Tuple

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.directory.records import LoadResult, load_records

EDITABLE = ("phones", "source", "source_kind", "source_date", "checked", "confidence")
# The fields a new contact is made of, in the order they are written.
NEW_FIELDS = ("id", "kind", "roles", "name", "serves", "country", "city", "phones", "short_codes", "source",
              "source_kind", "source_date", "checked", "confidence")
LISTS = ("phones", "short_codes", "serves", "roles")


class EditRefused(ValueError):
    def __init__(self, problems: List[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """What one change did: the contact's fields before and after (empty when it did not exist), and the folder's
    records after it (for importing)."""

    contact_id: str
    before: Dict[str, Any]
    after: Dict[str, Any]
    result: LoadResult

    def describe(self) -> str:
        """Every changed field with its old and new value, for the audit log."""
        names = [n for n in dict.fromkeys([*self.before, *self.after]) if self.before.get(n) != self.after.get(n)]
        return "; ".join(f"{n}: {_plain(self.before.get(n))} → {_plain(self.after.get(n))}" for n in names)


def _plain(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_plain(v)}" for k, v in value.items()) + "}"
    return str(value)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _as_data(entry: Any) -> Dict[str, Any]:
    """A YAML entry as plain values (dates as ISO text), to compare and describe."""
    plain: Dict[str, Any] = {}
    for name, value in (entry or {}).items():
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, dict):
            value = _as_data(value)
        elif isinstance(value, list):
            value = [str(v) for v in value]
        plain[str(name)] = value
    return plain


def _find(folder: Path, contact_id: str) -> Tuple[Path, Any, Any]:
    for path in sorted(folder.glob("*.yml")):
        entries = _yaml().load(path.read_text(encoding="utf-8")) or []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("id") == contact_id:
                return path, entries, entry
    raise KeyError(contact_id)


def _flow(value: Any) -> Any:
    if isinstance(value, list):
        value = CommentedSeq(value)
        value.fa.set_flow_style()
    return value


def _write_checked(folder: Path, path: Path, entries: Any) -> LoadResult:
    """Writes ``entries`` into ``path`` if the folder, changed, still passes every check."""
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
    return result


def edit_contact(folder: Path, contact_id: str, changes: Dict[str, Any]) -> Change:
    """Applies ``changes`` (fields of ``EDITABLE``; None removes an optional one) to one contact."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise EditRefused([f"{name} cannot be changed here" for name in sorted(unknown)])
    path, entries, entry = _find(folder, contact_id)
    before = _as_data(entry)
    for name, value in changes.items():
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = _flow(value)
    return Change(contact_id, before, _as_data(entry), _write_checked(folder, path, entries))


def verify_contact(folder: Path, contact_id: str, when: date, method: str, by: str, outcome: str) -> Change:
    """Records that ``by`` called the contact or read it on the organisation's own site, and what they found."""
    path, entries, entry = _find(folder, contact_id)
    before = _as_data(entry)
    verified = CommentedMap([("date", when), ("method", method), ("by", by), ("outcome", outcome)])
    if "verified" in entry:
        entry["verified"] = verified
    else:
        entry.insert(list(entry).index("checked") + 1, "verified", verified)
    return Change(contact_id, before, _as_data(entry), _write_checked(folder, path, entries))


def add_contact(folder: Path, file_name: str, fields: Dict[str, Any]) -> Change:
    """Appends a new contact to one of the contact files."""
    path = folder / file_name
    if path.parent != folder or path.suffix != ".yml" or not path.exists():
        raise EditRefused([f"{file_name} is not one of the contact files"])
    if any(record.id == fields.get("id") for record in load_records(folder).records):
        raise EditRefused([f"a contact with the id {fields.get('id')} already exists"])
    entries = _yaml().load(path.read_text(encoding="utf-8")) or CommentedSeq()
    entry = CommentedMap((name, _flow(fields[name])) for name in NEW_FIELDS if fields.get(name) not in (None, "", []))
    entries.append(entry)
    return Change(str(fields.get("id")), {}, _as_data(entry), _write_checked(folder, path, entries))


def remove_contact(folder: Path, contact_id: str) -> Change:
    path, entries, entry = _find(folder, contact_id)
    before = _as_data(entry)
    entries.remove(entry)
    return Change(contact_id, before, {}, _write_checked(folder, path, entries))


def _date(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise EditRefused([f"{name} must be a date like {date.today().isoformat()}"])


def _items(text: str, *, spaces: bool = True) -> List[str]:
    """One per line or comma-separated; spaces inside numbers dropped."""
    items = [p.strip() for p in text.replace(",", "\n").splitlines() if p.strip()]
    return [p.replace(" ", "") for p in items] if spaces else items


def changes_from_form(phones: str, source: str, source_kind: str, source_date: str, checked: str,
                      confidence: str) -> Dict[str, Any]:
    """The edit form's text as contact fields (phones one per line or comma-separated; ISO dates)."""
    return {"phones": _items(phones), "source": source.strip(), "source_kind": source_kind.strip(),
            "source_date": source_date.strip() or None, "checked": _date(checked, "checked"),
            "confidence": confidence.strip()}


def new_contact_from_form(form: Dict[str, str]) -> Dict[str, Any]:
    """The add form's text as the fields of a new contact."""
    value = {name: (form.get(name) or "").strip() for name in NEW_FIELDS}
    fields: Dict[str, Any] = {**value, "checked": _date(value["checked"], "checked")}
    for name in LISTS:
        fields[name] = [item.upper() if name == "serves" else item for item in _items(value[name])]
    return fields


def verification_from_form(when: str, method: str, outcome: str) -> Tuple[date, str, str]:
    day = _date(when, "the verification date")
    if day > date.today():
        raise EditRefused(["the verification date lies in the future"])
    return day, method.strip(), outcome.strip()
