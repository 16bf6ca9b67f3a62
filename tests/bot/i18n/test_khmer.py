from bot.i18n.khmer import fold_subscripts
from bot.pipeline.tokenizer import normalise
from bot.i18n.folding import fold_text
from bot.places import gazetteer

TA, DA = "ផ្តល់", "ផ្ដល់"  # the same word, typed with subscript ta and as the dictionary spells it


def test_subscript_ta_and_da_compare_as_one_and_keep_the_length():
    assert TA != DA
    assert fold_subscripts(TA) == fold_subscripts(DA) == DA
    assert len(fold_subscripts(TA)) == len(TA)


def test_the_tokenizer_and_the_gazetteer_fold_both_spellings():
    assert normalise("សួស្តី") == normalise("សួស្ដី")
    assert fold_text("ម្តង") == fold_text("ម្ដង")


def test_a_place_typed_with_either_subscript_is_found_at_the_same_offsets():
    listed = "ខេត្តព្រះសីហនុ"  # as data/places.yml spells it
    for spelling in (listed, listed.replace("ត្ត", "ត្ដ")):
        text = f"ខ្ញុំនៅ {spelling}"
        matches = gazetteer().find(text)
        assert [(m.entity, m.start, m.end) for m in matches] == [("city", text.index(spelling), len(text))]
