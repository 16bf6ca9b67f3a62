from bench.nlu_split import split
from bot.training_data import Example, nlu_examples


def test_about_a_quarter_of_each_intent_is_held_out_and_at_least_one():
    examples = nlu_examples("en")
    train, test = split(examples)
    assert len(train) + len(test) == len(examples)
    assert 0.22 < len(test) / len(examples) < 0.28
    assert {e.intent for e in test} == {e.intent for e in examples}


def test_an_example_stays_on_its_side_when_others_are_added_or_removed():
    examples = nlu_examples("vi")
    _, test = split(examples)
    more = examples[5:] + [Example(text=f"tin nhắn mới {n}", intent=examples[0].intent, language="vi")
                           for n in range(40)]
    _, test_again = split(more)
    kept = {e.text for e in examples[5:]}
    assert {e.text for e in test if e.text in kept} == {e.text for e in test_again if e.text in kept}
