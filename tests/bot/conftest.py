import pytest
from rasa.core.agent import Agent


@pytest.fixture(scope="session")
def agent(model_path) -> Agent:
    """The project's trained model, loaded once."""
    return Agent.load(str(model_path))
