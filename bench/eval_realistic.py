"""``make eval``: how Lifeline answers messages written the way people in danger and their relatives write.

Each message of ``bench/data/realistic/<lang>.yml`` (never trained on) is sent by a new conversation through the
real stack (Rasa server with the trained model, action server, response generator); the conversation's tracker
tells which intent the dialogue acted on and which responses it sent. Per language:

- **right need**: the dialogue acted on the labelled need or the acceptable second one (a message whose need is
  ``emergency_now`` also counts when it got the help-first safety answer);
- **urgent → safety**: of the urgent messages (danger now, beatings, captivity, ransom), the share whose answer
  carries the emergency numbers or the safety steps (:data:`SAFETY`);
- **fallback**: the share answered with a fallback (:data:`FALLBACKS`: the help-first menu, out of scope);
- **distress → fallback**: messages with distress cues that got a fallback without the emergency numbers (must be 0).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import httpx
import yaml

from bench.run import running_lifeline
from bot.config import ROOT
from bot.pipeline.distress import distress_of

DATA = ROOT / "bench" / "data" / "realistic"
OUT = ROOT / "bench" / "out"
URGENT = {"emergency_now", "physical_abuse", "held_captive", "ransom_debt"}
# Responses that carry the emergency numbers or the safety steps for someone in a compound.
SAFETY = {"utter_emergency_numbers", "utter_help_first_safety", "utter_held_captive", "utter_physical_abuse",
          "utter_ransom_debt", "utter_passport_confiscated", "utter_forced_scamming", "utter_escaped",
          "utter_default"}
FALLBACKS = {"utter_help_menu", "utter_out_of_scope", "utter_default"}


@dataclass(frozen=True)
class Case:
    language: str
    text: str
    need: str
    also: Optional[str] = None


@dataclass(frozen=True)
class Answer:
    intent: str
    responses: List[str]


def load_cases(folder: Path = DATA) -> List[Case]:
    cases = []
    for path in sorted(folder.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases += [Case(document["language"], item["text"], item["need"], item.get("also"))
                  for item in document["messages"]]
    return cases


def answer_of(events: List[Dict[str, Any]]) -> Answer:
    """The intent acted on and the responses sent for the last user message of a tracker's events."""
    last_user = max(i for i, event in enumerate(events) if event["event"] == "user")
    intent = events[last_user]["parse_data"]["intent"]["name"]
    responses = [(event.get("metadata") or {}).get("utter_action") for event in events[last_user:]
                 if event["event"] == "bot"]
    return Answer(intent, [name for name in responses if name])


def judge(case: Case, answer: Answer) -> Dict[str, bool]:
    safety = bool(SAFETY & set(answer.responses))
    fallback = bool(FALLBACKS & set(answer.responses)) or not answer.responses
    right = answer.intent in (case.need, case.also) or (
        case.need == "emergency_now" and "utter_help_first_safety" in answer.responses)
    return {"right": right, "urgent": case.need in URGENT, "safety": safety, "fallback": fallback,
            "distress": distress_of(case.text).shown}


def run(cases: List[Case], url: str, token: str) -> List[Dict[str, Any]]:
    results = []
    with httpx.Client(timeout=60) as client:
        for i, case in enumerate(cases):
            sender = f"realistic-{i}"
            start = time.perf_counter()
            client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": case.text}
                        ).raise_for_status()
            seconds = time.perf_counter() - start
            tracker = client.get(f"{url}/conversations/{sender}/tracker", params={"token": token})
            events = tracker.raise_for_status().json()["events"]
            answer = answer_of(events)
            results.append({"language": case.language, "text": case.text, "need": case.need, "also": case.also,
                            "intent": answer.intent, "responses": answer.responses, "ms": round(seconds * 1000),
                            **judge(case, answer)})
    return results


def summary(results: List[Dict[str, Any]]) -> Dict[str, Dict[str, float]]:
    table: Dict[str, Dict[str, float]] = {}
    for language in sorted({r["language"] for r in results}):
        rows = [r for r in results if r["language"] == language]
        urgent = [r for r in rows if r["urgent"]]
        table[language] = {
            "messages": len(rows),
            "right_need": round(sum(r["right"] for r in rows) / len(rows), 3),
            "urgent_safety": round(sum(r["safety"] for r in urgent) / len(urgent), 3) if urgent else 1.0,
            "fallback": round(sum(r["fallback"] for r in rows) / len(rows), 3),
            "distress_fallback": sum(r["distress"] and r["fallback"] and not r["safety"] for r in rows),
        }
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="also print each message answered with the wrong need")
    args = parser.parse_args()
    cases = load_cases()
    with tempfile.TemporaryDirectory() as tmp, running_lifeline(Path(tmp)) as (url, stack):
        results = run(cases, url, stack.rasa_token)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "realistic.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    table = summary(results)
    print(f"Realistic messages ({len(results)}), through the whole dialogue:")
    print("| language | messages | right need | urgent → safety | fallback | distress → fallback |")
    print("|---|---|---|---|---|---|")
    for language, row in table.items():
        print(f"| {language} | {row['messages']} | {row['right_need']:.2f} | {row['urgent_safety']:.2f} | "
              f"{row['fallback']:.2f} | {row['distress_fallback']} |")
    if args.misses:
        for r in results:
            if not r["right"] or (r["urgent"] and not r["safety"]):
                print(f"[{r['language']}] {r['need']}/{r['also']} -> {r['intent']} {r['responses']}: {r['text'][:90]}")


if __name__ == "__main__":
    main()
