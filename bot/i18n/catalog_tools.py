"""Managing the gettext catalogs with Babel, and checking a translator's work."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.config import LOCALES, ROOT
from bot.i18n.catalogs import DOMAIN, catalog_paths
from bot.i18n.languages import LANGUAGES, SOURCE_LANGUAGE
from bot.i18n.responses import placeholders
from bot.training_data import nlu_examples

TEMPLATE = LOCALES / f"{DOMAIN}.pot"
TRANSLATED = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
MIN_EXAMPLES = 20


def _pybabel(*args: str) -> None:
    """Runs a pybabel command from the project's root, so that file references stay relative."""
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "--quiet", *args],
                   cwd=ROOT, check=True)


def extract() -> Path:
    """Writes ``locales/messages.pot`` from the domain's responses."""
    _pybabel("extract", "-F", "babel.cfg", "-o", str(TEMPLATE.relative_to(ROOT)), "--no-wrap", "--sort-by-file",
             "--project", "Lifeline", "--copyright-holder", "Lifeline contributors", ".")
    return TEMPLATE


def update(languages: Sequence[str] = TRANSLATED) -> None:
    """Merges the template into each language's catalog (creating missing ones); changed strings become fuzzy."""
    for language in languages:
        po, _ = catalog_paths(language)
        command = "update" if po.exists() else "init"
        _pybabel(command, "-i", str(TEMPLATE.relative_to(ROOT)), "-d", str(LOCALES.relative_to(ROOT)), "-D", DOMAIN,
                 "-l", language, "--no-wrap")


def compile_catalogs(languages: Sequence[str] = TRANSLATED) -> List[Path]:
    """Builds the ``.mo`` files (never committed; the bot can also read the ``.po`` files directly)."""
    built = []
    for language in languages:
        po, mo = catalog_paths(language)
        with po.open("rb") as source:
            catalog = read_po(source, locale=language)
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        built.append(mo)
    return built


@dataclass
class LanguageReport:
    language: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    problems: List[str] = field(default_factory=list)
    examples: Dict[str, int] = field(default_factory=dict)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.translated == self.total and self.fuzzy == 0


def _markup(text: str) -> Counter:
    """What a translation must keep: its line count, bullets and numbered steps."""
    lines = text.split("\n")
    return Counter(
        {"lines": len(lines), "bullets": sum(line.startswith("•") for line in lines),
         "steps": sum(line[:2] in {f"{n}." for n in range(1, 10)} for line in lines)}
    )


def examples_per_intent(language: str) -> Dict[str, int]:
    return dict(Counter(example.intent for example in nlu_examples(language)))


def check_language(language: str, template: Optional[Path] = TEMPLATE, locales: Path = LOCALES) -> LanguageReport:
    report = LanguageReport(language, examples=examples_per_intent(language))
    po, _ = catalog_paths(language, locales)
    if not po.exists():
        report.problems.append(f"no catalog at {po}")
        return report
    try:
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language, abort_invalid=True)
    except Exception as error:  # noqa: BLE001 - any parse failure is a broken catalog
        report.problems.append(f"cannot read the catalog: {error}")
        return report
    source_ids = None
    if template is not None and template.exists():
        with template.open("rb") as handle:
            source_ids = {m.id for m in read_po(handle) if m.id}
    for message in catalog:
        if not message.id:
            continue
        report.total += 1
        if message.fuzzy:
            report.fuzzy += 1
        if not message.string or message.fuzzy:
            continue
        report.translated += 1
        if sorted(placeholders(message.id)) != sorted(placeholders(message.string)):
            report.problems.append(f"placeholders differ in {message.id[:50]!r}")
        if _markup(message.id) != _markup(message.string):
            report.problems.append(f"lines, bullets or numbered steps differ in {message.id[:50]!r}")
    if source_ids is not None:
        missing = source_ids - {m.id for m in catalog if m.id}
        report.total += len(missing)
    return report


def check(languages: Sequence[str] = TRANSLATED) -> List[LanguageReport]:
    return [check_language(language) for language in languages]


def format_reports(reports: Sequence[LanguageReport]) -> str:
    lines = ["language  translated        fuzzy  problems  fewest NLU examples"]
    for r in reports:
        fewest = min(r.examples.items(), key=lambda kv: kv[1]) if r.examples else ("-", 0)
        lines.append(
            f"{r.language:<9} {r.translated:>3}/{r.total:<3} {r.share:>6.0%}  {r.fuzzy:>5}  {len(r.problems):>8}  "
            f"{fewest[1]} ({fewest[0]}), {len(r.examples)} intents"
        )
        lines += [f"  {r.language}: {p}" for p in r.problems]
    return "\n".join(lines)
