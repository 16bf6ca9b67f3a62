import importlib
import shutil

import yaml

from bot.config import PACKAGE, ROOT
from bot.rasa_model import MODEL_CODE, code_hash


def lifeline_components():
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    names = [step["name"] for step in pipeline if step["name"].startswith("bot.")]
    return [getattr(importlib.import_module(name.rsplit(".", 1)[0]), name.rsplit(".", 1)[1]) for name in names]


def test_every_lifeline_component_is_keyed_by_the_code_it_runs():
    components = lifeline_components()
    assert len(components) == 5
    for component in components:
        assert component.fingerprint_addon({}) == code_hash(), component.__name__


def test_a_change_to_a_helper_function_changes_the_key(tmp_path):
    package = tmp_path / "bot"
    for name in MODEL_CODE:
        source = PACKAGE / name
        if source.is_dir():
            shutil.copytree(source, package / name)
        else:
            (package / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, package / name)
    before = code_hash(package)
    assert before == code_hash()
    tokenizer = package / "pipeline" / "tokenizer.py"
    tokenizer.write_text(tokenizer.read_text(encoding="utf-8").replace("def normalise(", "def normalised("),
                         encoding="utf-8")
    assert code_hash(package) != before
