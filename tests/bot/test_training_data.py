from bot.training_data import Example, nlu_examples


def test_examples_are_read_per_language_with_their_intent_and_without_the_list_marker(tmp_path):
    (tmp_path / "ms").mkdir()
    (tmp_path / "id").mkdir()
    (tmp_path / "ms" / "greet.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - helo \n    - apa khabar\n', encoding="utf-8")
    (tmp_path / "id" / "greet.yml").write_text('nlu:\n- intent: greet\n  examples: |\n    - halo\n', encoding="utf-8")
    assert nlu_examples("ms", tmp_path) == [Example("ms", "greet", "helo"), Example("ms", "greet", "apa khabar")]
    assert [e.language for e in nlu_examples(root=tmp_path)] == ["id", "ms", "ms"]


def test_every_language_has_examples_of_the_project_s_intents():
    languages = {example.language for example in nlu_examples()}
    assert {"en", "th", "vi", "id", "ms", "km", "zh", "fil"} <= languages
    assert "request_human" in {example.intent for example in nlu_examples("en")}
