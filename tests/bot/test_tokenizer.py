from rasa.shared.nlu.training_data.message import Message

from bot.pipeline.tokenizer import ScriptAwareTokenizer, normalise, split_words


def words(text):
    return [w for w, _ in split_words(text)]


def test_unsegmented_scripts_are_cut_into_words():
    assert words("ตอนนี้ผมอยู่ที่ปอยเปตครับ") == ["ตอนนี้", "ผม", "อยู่", "ที่", "ปอยเปต", "ครับ"]
    assert words("我在西港护照被扣了")[:3] == ["我", "在", "西港"]
    assert "ក្រុង" in words("ខ្ញុំនៅក្រុងព្រះសីហនុ")


def test_offsets_point_into_the_text_and_invisible_spaces_separate_words():
    text = "boss เอาพาสปอร์ตไป\u200bแล้ว ok"
    for word, start in split_words(text):
        assert text[start:start + len(word)] == word and "\u200b" not in word


def test_vietnamese_tone_placement_is_compared_in_one_form():
    assert normalise("xoá") == normalise("xóa") and normalise("hoà") == normalise("hòa")
    assert normalise("toán") == "toán" and normalise("quý") == "quý"


def test_the_tokenizer_keeps_latin_words_and_gives_normalised_lemmas():
    tokenizer = ScriptAwareTokenizer(ScriptAwareTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message({"text": "xoá dữ liệu ở ปอยเปต"}), "text")
    assert [t.text for t in tokens] == ["xoá", "dữ", "liệu", "ở", "ปอยเปต"]
    assert tokens[0].lemma == normalise("xóa")
