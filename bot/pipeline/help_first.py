"""Choosing what to answer when a message is long, unclear or written in fear: help first.

Runs after the intent classifier and Rasa's FallbackClassifier and may change the intent the dialogue acts on:

1. **Urgency ladder.** Each clause of a long message has its own intent (``clauses``, from the classifier). The
   need answered is the highest on :data:`LADDER` among the message's intent and its clauses' confident intents;
   the next one is kept as ``second_need`` so a reply can cover both. A clause that is only a plea ("help me
   please, ...", "tulungan niyo po kami, ...") says how the writer feels, not what happened: it gives way to the
   need the rest of the message names, and counts only when nothing else does.
2. **Past and present.** When the writer says they are out, home or safe now, the escaped / after-care answer wins
   over what they went through (beatings, a passport taken), but never over danger now.
3. **Who is in trouble.** ``relative_missing`` only when the writer names someone else; a plea in their own voice
   ("Mẹ cứu con", "救我") makes the writer the person in danger. When the writer names a relative ("我弟弟", "abang
   saya"), neither pleading nor saying they are with them ("my friend and I"), and the classifier also thought of
   ``relative_missing``, what happens to the relative is the second need and the answer is the one for a relative.
   So is a message the classifier was unsure of, when it names a relative and ``relative_missing`` was its best
   guess ("asawa ko nasa Laos pinipilit mag scam at sinasaktan").
4. **A threat to life.** A weapon or a threat to kill ("di sini ada yang bawa pistol", 枪, "papatayin daw kami") is
   danger now: ``emergency_now`` outranks fear of arrest and every need below it on the ladder, unless the writer
   is safe now or writes about a relative.
5. **Numbers first.** A message showing strong distress whose answer would first ask a question (the embassy, a
   hotline or the police: "出事了。报警。") gets the emergency numbers first (``emergency_now``), the question after.
   So does any distress in a request for a person ("someone please call police we are trapped"), whose answer
   would only say that the team will write, and in a message read as giving a nationality or a place ("Tolong
   kami ..., kami 12 orang WNI"): the numbers and the contacts for that nationality and place follow, and the
   case is urgent for the team.
6. **Help first.** A message showing distress (:mod:`bot.pipeline.distress`) that was not understood or is out of
   scope, or strong distress read as small talk (a greeting, thanks, a bare place or nationality), becomes
   ``nlu_fallback``, which the dialogue answers with the emergency numbers (``action_help_first``); so does any
   message in a language Lifeline does not speak, which the classifier cannot read.

``distress`` (shown, score, cues) and ``second_need`` are kept in the parse data for the dialogue and for staff.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.pipeline.annotator import MessageAnnotator
from bot.pipeline.distress import distress_of, find_cues, plea_only
from bot.pipeline.intent_classifier import CLAUSES
from bot.pipeline.language import LANGUAGE_KEY

FALLBACK = "nlu_fallback"
# Most urgent first: danger to life now, then to body, liberty, money owed for release, documents, forced work.
LADDER = (
    "emergency_now", "physical_abuse", "held_captive", "ransom_debt", "passport_confiscated", "forced_scamming",
    "escaped", "fear_of_arrest", "relative_missing", "request_embassy", "request_hotline", "request_human",
    "scam_money_lost", "job_offer_check",
)
# What the danger of the past gives way to once the writer is safe.
PAST_DANGER = {"physical_abuse", "held_captive", "ransom_debt", "passport_confiscated", "forced_scamming"}
# Intents whose answer says nothing about danger; the first two become help first on any distress, the others
# (where "help" is often only a word: "thank you for your help") on strong distress.
UNSURE = {FALLBACK, "out_of_scope"}
LOW_STAKES = UNSURE | {"greet", "goodbye", "thank", "affirm", "deny", "ask_capabilities", "inform_nationality",
                       "inform_location", "change_language"}
# Distress of at least this score is strong: a plea and a danger, or two pleas ("出事了。报警。"); so is a plea
# that is most of a short message ("HELP anyone there??"), except in thanks.
STRONG = 1.5
SHORT_WORDS = 4
# Needs whose answer asks for the nationality and place before giving any number.
ASKS_FIRST = {"request_hotline", "request_embassy"}
# Intents whose answer gives no number, which any distress turns into the emergency numbers first.
NO_NUMBERS = {"request_human", "inform_nationality", "inform_location"}
# The needs a threat to life outranks: fear of arrest and everything below it, but the answer for a relative.
OUTRANKED_BY_THREAT = set(LADDER[LADDER.index("fear_of_arrest"):]) - {"relative_missing"}
# What happens to the person a relative writes about.
ABOUT_THE_PERSON = PAST_DANGER | {"emergency_now"}
# A clause counts when the classifier is at least this sure of it on its own.
CLAUSE_CONFIDENCE = 0.5
# How many of the classifier's top intents may name the person a relative writes about.
RUNNERS_UP = 3
SECOND_NEED = "second_need"
DISTRESS = "distress"


def _rank(intent: Optional[str]) -> int:
    return LADDER.index(intent) if intent in LADDER else len(LADDER)


def choose(intent: str, confidence: float, clauses: List[Dict[str, Any]], text: str,
           unsupported_language: bool = False, runners_up: Sequence[str] = ()) -> Dict[str, Any]:
    """The intent to act on, its confidence, the second need (or None) and the distress found in ``text``;
    ``runners_up`` are the classifier's next intents."""
    distress = distress_of(text)
    needs = {intent: confidence} if intent in LADDER else {}
    pleas = {}
    for clause in clauses:
        if clause["name"] in LADDER and clause["confidence"] >= CLAUSE_CONFIDENCE:
            found = pleas if clause["name"] == "emergency_now" and plea_only(clause["text"]) else needs
            found[clause["name"]] = max(clause["confidence"], found.get(clause["name"], 0.0))
    needs = needs or pleas
    ordered = sorted(needs, key=_rank)
    safe_now = bool(find_cues(text, "safe_now"))
    if safe_now and intent != "emergency_now" and (intent in LOW_STAKES or set(ordered) & PAST_DANGER
                                                  or "escaped" in needs):
        ordered = ["escaped"] + [need for need in ordered if need != "escaped"]
        needs.setdefault("escaped", confidence)
    own_plea, someone_else = bool(find_cues(text, "own_plea")), bool(find_cues(text, "someone_else"))
    if ordered and ordered[0] == "relative_missing" and own_plea and not someone_else:
        own = "emergency_now" if distress.shown else "held_captive"
        ordered = [own] + [need for need in ordered if need not in ("relative_missing", own)]
        needs[own] = max(confidence, needs.get("relative_missing", 0.0))
    elif ordered and ordered[0] in ABOUT_THE_PERSON and someone_else and not own_plea \
            and not find_cues(text, "we") and "relative_missing" in set(runners_up) | set(needs):
        ordered = ["relative_missing"] + [need for need in ordered if need != "relative_missing"]
        needs.setdefault("relative_missing", confidence)
    elif not ordered and intent in UNSURE and someone_else and not own_plea \
            and next((name for name in runners_up if name != FALLBACK), None) == "relative_missing":
        ordered = ["relative_missing"]
    if ordered and ordered[0] in OUTRANKED_BY_THREAT and not safe_now and find_cues(text, "threat"):
        ordered = ["emergency_now"] + [need for need in ordered if need != "emergency_now"]
        needs.setdefault("emergency_now", confidence)
    first = ordered[0] if ordered else intent
    if (first in ASKS_FIRST and distress.score >= STRONG) or (first in NO_NUMBERS and distress.shown):
        ordered = ["emergency_now"] + [need for need in ordered if need != "emergency_now"]
        needs.setdefault("emergency_now", confidence)
    chosen = ordered[0] if ordered else intent
    strong = distress.score >= STRONG or (distress.shown and chosen != "thank" and len(text.split()) <= SHORT_WORDS)
    if unsupported_language or (chosen in UNSURE and distress.shown) or (chosen in LOW_STAKES and strong):
        chosen = FALLBACK
    return {"intent": chosen, "confidence": needs.get(chosen, confidence),
            "second_need": next((need for need in ordered if need != chosen), None), "distress": distress.as_dict()}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class HelpFirst(MessageAnnotator):
    def annotate(self, message: Message, text: str) -> None:
        intent = message.get(INTENT) or {}
        if not intent.get("name") or message.get(TEXT, "").startswith("/"):
            return
        language = message.get(LANGUAGE_KEY) or {}
        unsupported = bool(language.get("detected")) and not language.get("code")
        runners_up = [ranked["name"] for ranked in (message.get("intent_ranking") or [])[:RUNNERS_UP]]
        choice = choose(intent["name"], float(intent.get("confidence") or 0.0), message.get(CLAUSES) or [], text,
                        unsupported, runners_up)
        if choice["intent"] != intent["name"]:
            message.set(INTENT, {"name": choice["intent"], "confidence": choice["confidence"]}, add_to_output=True)
        message.set(SECOND_NEED, choice["second_need"], add_to_output=True)
        message.set(DISTRESS, choice["distress"], add_to_output=True)
