"""Intent macro-F1 per language and per intent on a held-out split of the project's NLU data, for Lifeline's
pipeline and for Rasa's default pipeline trained on the same data in the same run."""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Tuple

from sklearn.metrics import f1_score

from bench.nlu_split import split, write_rasa_nlu
from bot.config import ROOT
from bot.training_data import Example, nlu_examples

OUT = ROOT / "bench" / "out"
FALLBACK = "nlu_fallback"
DEFAULT_PIPELINE = 'recipe: default.v1\nassistant_id: baseline\nlanguage: en\n'


def train(config: Path, data: Path, out: Path) -> tuple:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--nlu", str(data),
                    "--out", str(out), "--fixed-model-name", out.name], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return next(out.glob("*.tar.gz")), time.perf_counter() - start


def predict(model: Path, texts: List[str]) -> Tuple[List[str], List[str]]:
    """Per text: the intent the bot acts on (``nlu_fallback`` below the confidence threshold), and the
    classifier's top intent."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> List[Dict]:
        return [await agent.parse_message(text) for text in texts]

    parsed = asyncio.run(run())
    acted = [p["intent"]["name"] for p in parsed]
    top = [next((r["name"] for r in p.get("intent_ranking", []) if r["name"] != FALLBACK), p["intent"]["name"])
           for p in parsed]
    return acted, top


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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", type=Path, action="append", default=[],
                        help="evaluate this pipeline too (a Rasa config file); may be repeated")
    parser.add_argument("--no-default", action="store_true", help="leave out Rasa's default pipeline")
    args = parser.parse_args()
    train_set, test_set = split(nlu_examples())
    texts = [e.text for e in test_set]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = write_rasa_nlu(train_set, folder / "train.yml")
        baseline_config = folder / "default.yml"
        baseline_config.write_text(DEFAULT_PIPELINE)
        pipelines = [("lifeline", ROOT / "config.yml")] + [(path.stem, path) for path in args.config]
        if not args.no_default:
            pipelines.append(("rasa default", baseline_config))
        for name, config in pipelines:
            model, seconds = train(config, data, folder / name.replace(" ", "-"))
            acted, top = predict(model, texts)
            results[name] = {"train_seconds": round(seconds), "scores": scores(test_set, top),
                             "with_fallback": scores(test_set, acted),
                             "fallback_share": round(sum(a == FALLBACK for a in acted) / len(acted), 3)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "nlu.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Intent macro-F1 on {len(test_set)} held-out examples (trained on {len(train_set)}); 'top intent' is the "
          "classifier's answer, 'acted on' counts a message below the fallback threshold as a miss")
    languages = sorted(results["lifeline"]["scores"])
    print("| pipeline | scored | train s | fallback share | " + " | ".join(languages) + " |")
    print("|---" * (len(languages) + 4) + "|")
    for name, result in results.items():
        for scored, key in (("top intent", "scores"), ("acted on", "with_fallback")):
            row = " | ".join(f"{result[key][lang]['macro_f1']:.3f}" for lang in languages)
            print(f"| {name} | {scored} | {result['train_seconds']} | {result['fallback_share']:.1%} | {row} |")
    intents = sorted(k for k in results["lifeline"]["scores"][languages[0]] if k != "macro_f1")
    print("\nLifeline, F1 per intent (top intent):\n| intent | " + " | ".join(languages) + " |")
    print("|---" * (len(languages) + 1) + "|")
    for intent in intents:
        row = " | ".join(f"{results['lifeline']['scores'][lang].get(intent, 0):.2f}" for lang in languages)
        print(f"| {intent} | {row} |")


if __name__ == "__main__":
    main()
