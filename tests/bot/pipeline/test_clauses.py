from bot.pipeline.clauses import split_clauses


def test_a_short_message_is_one_clause():
    assert split_clauses("help me") == ["help me"]
    assert split_clauses("hi") == ["hi"]


def test_chinese_breaks_at_its_punctuation():
    assert split_clauses("我被骗到缅甸妙瓦底，老板打人，我想回国。") == ["我被骗到缅甸妙瓦底", "老板打人", "我想回国"]


def test_thai_breaks_at_the_spaces_between_sentences():
    text = "ผมถูกหลอกมาทำงานที่กัมพูชา ตอนนี้โดนขังอยู่ในตึก เขายึดพาสปอร์ตผมไป"
    assert split_clauses(text) == ["ผมถูกหลอกมาทำงานที่กัมพูชา", "ตอนนี้โดนขังอยู่ในตึก", "เขายึดพาสปอร์ตผมไป"]


def test_khmer_breaks_at_khan():
    text = "ខ្ញុំត្រូវគេបោកមកធ្វើការ។ គេវាយខ្ញុំរាល់ថ្ងៃ។"
    assert split_clauses(text) == ["ខ្ញុំត្រូវគេបោកមកធ្វើការ", "គេវាយខ្ញុំរាល់ថ្ងៃ"]


def test_latin_sentences_and_commas():
    assert split_clauses("Tôi bị lừa sang Campuchia, công ty bắt tôi lừa đảo người khác, tôi muốn về nhà") == [
        "Tôi bị lừa sang Campuchia", "công ty bắt tôi lừa đảo người khác", "tôi muốn về nhà"]


def test_a_run_on_without_punctuation_breaks_before_clause_openers():
    text = "toi bi lua sang cam bot roi ho giu ho chieu cua toi va bat toi lam viec 16 tieng moi ngay"
    clauses = split_clauses(text)
    assert len(clauses) >= 3 and " ".join(clauses) == text


def test_short_pieces_join_the_clause_before():
    assert split_clauses("They took my passport. Help. Please.") == ["They took my passport Help Please"]
