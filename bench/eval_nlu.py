"""Intent macro-F1 per language and per intent on a held-out split of the project's NLU data, for Lifeline's
pipeline and for Rasa's default pipeline trained on the same data in the same run."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from sklearn.metrics import f1_score

from bench.nlu_split import Example, all_examples, split, write_rasa_nlu
from bot.config import ROOT

OUT = ROOT / "bench" / "out"
DEFAULT_PIPELINE = 'recipe: default.v1\nassistant_id: baseline\nlanguage: en\n'


def train(config: Path, data: Path, out: Path) -> tuple:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--nlu", str(data),
                    "--out", str(out), "--fixed-model-name", out.name], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return next(out.glob("*.tar.gz")), time.perf_counter() - start


def predict(model: Path, texts: List[str]) -> List[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> List[str]:
        return [(await agent.parse_message(text))["intent"]["name"] for text in texts]

    return asyncio.run(run())


def scores(test: List[Example], predicted: List[str]) -> Dict[str, Dict[str, float]]:
    result: Dict[str, Dict[str, float]] = {}
    for language in sorted({e.language for e in test}):
        picked = [(e.intent, p) for e, p in zip(test, predicted) if e.language == language]
        truth, guess = zip(*picked)
        result[language] = {"macro_f1": round(f1_score(truth, guess, average="macro", zero_division=0), 3)}
        for intent in sorted(set(truth)):
            result[language][intent] = round(
                f1_score([t == intent for t in truth], [g == intent for g in guess], zero_division=0), 3)
    return result


def main() -> None:
    train_set, test_set = split(all_examples())
    texts = [e.text for e in test_set]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = write_rasa_nlu(train_set, folder / "train.yml")
        baseline_config = folder / "default.yml"
        baseline_config.write_text(DEFAULT_PIPELINE)
        for name, config in (("lifeline", ROOT / "config.yml"), ("rasa default", baseline_config)):
            model, seconds = train(config, data, folder / name.replace(" ", "-"))
            predicted = predict(model, texts)
            results[name] = {"train_seconds": round(seconds), "scores": scores(test_set, predicted)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "nlu.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Intent macro-F1 on {len(test_set)} held-out examples (trained on {len(train_set)})")
    languages = sorted(results["lifeline"]["scores"])
    print("| pipeline | train s | " + " | ".join(languages) + " |")
    print("|---" * (len(languages) + 2) + "|")
    for name, result in results.items():
        row = " | ".join(f"{result['scores'][lang]['macro_f1']:.3f}" for lang in languages)
        print(f"| {name} | {result['train_seconds']} | {row} |")
    intents = sorted(k for k in results["lifeline"]["scores"][languages[0]] if k != "macro_f1")
    print("\nLifeline, F1 per intent:\n| intent | " + " | ".join(languages) + " |")
    print("|---" * (len(languages) + 1) + "|")
    for intent in intents:
        row = " | ".join(f"{results['lifeline']['scores'][lang].get(intent, 0):.2f}" for lang in languages)
        print(f"| {intent} | {row} |")


if __name__ == "__main__":
    main()
