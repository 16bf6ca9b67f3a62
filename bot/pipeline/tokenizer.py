"""A Rasa tokenizer for every script Lifeline reads.

Words are split on whitespace as Rasa's whitespace tokenizer does; runs of Thai, Khmer and Chinese, which are
written without spaces between words, are then segmented by dictionary-based word breakers (pythainlp's newmm,
khmer-nltk and jieba; chosen by measurement, see the README). Character n-gram features stay on top of the words.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.i18n.khmer import fold_subscripts
from bot.pipeline.fingerprint import FingerprintedByCode

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
PLAIN_WORD = re.compile(f"[^\\s{INVISIBLE}]+")
# Vietnamese puts the tone of "oa", "oe", "uy" at a syllable's end on either vowel ("hoà" and "hòa"; "xoá" and
# "xóa"); both spellings are common, so words are compared with the tone on the first vowel.
_VIETNAMESE_TONE = re.compile("(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])(?![^\\W\\d_])")
# Scripts written without spaces between words (character ranges, for regular expressions).
THAI = "\u0e00-\u0e7f"
KHMER = "\u1780-\u17ff\u19e0-\u19ff"
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
UNSEGMENTED = re.compile(f"[{THAI}]+|[{KHMER}]+|[{HAN}]+")


def normalise(word: str) -> str:
    """The form a word is compared in: NFC, without invisible characters, Vietnamese tones in one place, Khmer
    subscript ta and da as one."""
    decomposed = unicodedata.normalize("NFD", word.translate({ord(c): None for c in INVISIBLE}))
    return fold_subscripts(unicodedata.normalize("NFC", _VIETNAMESE_TONE.sub(r"\1\3\2", decomposed)))


def _script(run: str) -> str:
    first = ord(run[0])
    if 0x0E00 <= first <= 0x0E7F:
        return "th"
    if 0x1780 <= first <= 0x19FF:
        return "km"
    return "zh"


@lru_cache(maxsize=None)
def segmenter(script: str) -> Callable[[str], List[str]]:
    """The word breaker for a script, loaded on first use."""
    if script == "th":
        from pythainlp.tokenize import word_tokenize as thai

        return lambda text: thai(text, engine="newmm", keep_whitespace=False)
    if script == "km":
        logging.getLogger("khmer-nltk").setLevel(logging.WARNING)
        from khmernltk import word_tokenize as khmer

        return khmer
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return lambda text: jieba.lcut(text, HMM=True)


def split_words(text: str) -> List[tuple]:
    """``(word, offset)`` pairs of ``text``: Thai, Khmer and Chinese runs segmented, the rest kept whole."""
    pieces: List[tuple] = []
    position = 0

    def plain(start: int, end: int) -> None:
        pieces.extend((m.group(0), m.start()) for m in PLAIN_WORD.finditer(text[:end]) if m.start() >= start)

    for run in UNSEGMENTED.finditer(text):
        plain(position, run.start())
        offset = run.start()
        for word in segmenter(_script(run.group(0)))(run.group(0)):
            found = text.find(word, offset, run.end())
            if word.strip() and found >= 0:
                pieces.append((word, found))
                offset = found + len(word)
        position = run.end()
    plain(position, len(text))
    return [(word, start) for word, start in pieces if word.strip()]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ScriptAwareTokenizer(FingerprintedByCode, WhitespaceTokenizer):
    @staticmethod
    def not_supported_languages() -> Optional[List[Text]]:
        return None

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "ScriptAwareTokenizer":
        for script in ("th", "km", "zh"):
            segmenter(script)("ก" if script == "th" else "ក" if script == "km" else "中")
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens: List[Token] = []
        for token in super().tokenize(message, attribute):
            if not UNSEGMENTED.search(token.text) and not any(c in INVISIBLE for c in token.text):
                tokens.append(Token(token.text, token.start, token.end, lemma=normalise(token.text)))
                continue
            for word, offset in split_words(token.text):
                start = token.start + offset
                tokens.append(Token(word, start, start + len(word), lemma=normalise(word)))
        return tokens
