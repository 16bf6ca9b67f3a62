"""Language identification of single short chat messages: Lifeline's detector next to plain langdetect, langid.py,
CLD2 and lingua on the same messages, and how often a conversation would be switched to the wrong language."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from bot.config import ROOT
from bot.i18n.detect import detect, langdetect_probabilities
from bot.i18n.languages import LANGUAGES

# language_eval was looked at while the detector was built; language_holdout was written afterwards, by other
# hands, and never used to tune anything.
SETS = {"development": ROOT / "bench" / "data" / "language_eval",
        "held-out": ROOT / "bench" / "data" / "language_holdout"}
OUT = ROOT / "bench" / "out"
# Replies with nothing to tell a language by, as people send them mid-conversation.
AMBIGUOUS = ["ok", "OK", "yes", "no", "👍", "🙏", "😭", "123", "5000", "?", "!!", "Sihanoukville", "KK Park",
             "Myawaddy", "Poipet", "/start", "+855 12 345 678", "hmm", "ya", "okay", "👌", "…"]


def normalise(code: Optional[str]) -> Optional[str]:
    if not code:
        return None
    code = code.lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh"
    return {"in": "id", "khm": "km", "tha": "th", "vie": "vi", "ind": "id", "msa": "ms", "zlm": "ms", "tl": "fil",
            "tgl": "fil"}.get(
        code.split("-")[0], code.split("-")[0])


def _langdetect(text: str) -> Optional[str]:
    probabilities = langdetect_probabilities(text)
    return max(probabilities, key=probabilities.get) if probabilities else None


def detectors() -> Dict[str, Callable[[str], Optional[str]]]:
    import langid
    import pycld2
    from lingua import LanguageDetectorBuilder

    lingua = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def cld2(text: str) -> Optional[str]:
        try:
            reliable, _, details = pycld2.detect(text)
        except pycld2.error:
            return None
        return details[0][1] if details and details[0][1] != "un" else None

    def lingua_code(text: str) -> Optional[str]:
        found = lingua.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return {
        "lifeline": lambda text: detect(text).language,
        "langdetect": _langdetect,
        "langid.py": lambda text: langid.classify(text)[0],
        "CLD2": cld2,
        "lingua": lingua_code,
    }


def load(folder: Path) -> List[Tuple[str, str]]:
    return [(path.stem, line) for path in sorted(folder.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def accuracy(predict: Callable[[str], Optional[str]], messages: List[Tuple[str, str]]) -> Dict[str, float]:
    hits: Dict[str, List[bool]] = {}
    merged: List[bool] = []
    for language, text in messages:
        guess = normalise(predict(text))
        hits.setdefault(language, []).append(guess == language)
        if language in ("ms", "id"):
            merged.append(guess in ("ms", "id"))
    result = {language: round(sum(h) / len(h), 3) for language, h in hits.items()}
    result["ms+id"] = round(sum(merged) / len(merged), 3) if merged else 0.0
    return result


def wrong_switches(messages: List[Tuple[str, str]], conversations: int = 300, turns: int = 10) -> Dict[str, float]:
    """Simulated conversations in one language, a third of the replies ambiguous; the share of replies that
    would be answered in another language, with the conversation's stickiness."""
    from rasa.shared.core.events import UserUttered

    from bot.i18n.conversation import language_of_events

    by_language: Dict[str, List[str]] = {}
    for language, text in messages:
        by_language.setdefault(language, []).append(text)
    rng = random.Random(5)
    wrong = total = 0
    for _ in range(conversations):
        language = rng.choice(sorted(by_language))
        events = []
        for turn in range(turns):
            text = rng.choice(AMBIGUOUS) if turn and rng.random() < 0.33 else rng.choice(by_language[language])
            found = detect(text)
            events.append(UserUttered(text, parse_data={"language": {"code": found.supported,
                                                                      "confident": found.confident}}))
            total += 1
            wrong += (language_of_events(events) or "en") != language
    return {"replies": total, "wrong_language": wrong, "share": round(wrong / total, 4)}


def main() -> None:
    predictors = detectors()
    results: Dict[str, Dict] = {}
    columns = [*LANGUAGES, "ms+id", "ms_per_message"]
    for set_name, folder in SETS.items():
        messages = load(folder)
        results[set_name] = {}
        for name, predict in predictors.items():
            start = time.perf_counter()
            results[set_name][name] = accuracy(predict, messages)
            results[set_name][name]["ms_per_message"] = round(
                (time.perf_counter() - start) * 1000 / len(messages), 2)
        print(f"\nLanguage of {len(messages)} single short messages, {set_name} set (accuracy)")
        print("| detector | " + " | ".join(columns) + " |")
        print("|---" * (len(columns) + 1) + "|")
        for name in predictors:
            print(f"| {name} | " + " | ".join(str(results[set_name][name].get(c, 0.0)) for c in columns) + " |")
    switch = results["conversation"] = wrong_switches(load(SETS["held-out"]))
    print(f"\nIn {switch['replies']} replies of simulated conversations (held-out messages, a third of them "
          f"replaced by ambiguous ones), {switch['wrong_language']} would be in the wrong language "
          f"({switch['share']:.2%}).")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "language.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
