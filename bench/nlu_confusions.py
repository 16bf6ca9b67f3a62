"""Which NLU examples read like another intent: a quick check for people who write training examples.

A linear model over the same words, word pairs and character n-grams the Rasa pipeline uses is cross-validated on
one language's examples (every example is predicted by a model that never saw it); the examples it puts under
another intent are listed, so their authors can see which ones say two things at once or sit in the wrong file. It
takes seconds, not the minutes of a full training, and it is only a guide: `make eval` gives the real figures.

    python -m bench.nlu_confusions th          # Thai: macro-F1 and the examples that read like another intent
    python -m bench.nlu_confusions             # macro-F1 of every language
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import List, Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline, make_union

from bot.pipeline.intent_classifier import words_and_pairs
from bot.pipeline.tokenizer import normalise, split_words
from bot.training_data import Example, nlu_examples


def words(text: str) -> List[str]:
    return words_and_pairs([normalise(word).lower() for word, _ in split_words(text)])


def model():
    return make_pipeline(
        make_union(
            TfidfVectorizer(analyzer=words, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True,
                            preprocessor=lambda text: normalise(text).lower()),
        ),
        LogisticRegression(C=20, max_iter=2000),
    )


def cross_validated(examples: Sequence[Example]) -> List[str]:
    labels = [e.intent for e in examples]
    folds = min(5, min(Counter(labels).values()))
    return list(cross_val_predict(model(), [e.text for e in examples], labels,
                                  cv=StratifiedKFold(folds, shuffle=True, random_state=7)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", nargs="*", help="only these languages, with their confused examples")
    args = parser.parse_args()
    examples = nlu_examples()
    for language in sorted(args.languages or {e.language for e in examples}):
        mine = [e for e in examples if e.language == language]
        predicted = cross_validated(mine)
        truth = [e.intent for e in mine]
        print(f"{language}: macro-F1 {f1_score(truth, predicted, average='macro'):.3f} on {len(mine)} examples")
        if args.languages:
            wrong = sorted((e.intent, p, e.text) for e, p in zip(mine, predicted) if e.intent != p)
            for intent, guess, text in wrong:
                print(f"  {intent} -> {guess}: {text}")


if __name__ == "__main__":
    main()
