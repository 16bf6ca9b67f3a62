from bot.config import project_root, read_settings


def test_the_project_root_is_the_checkout_when_it_has_the_domain_else_the_installed_data(tmp_path):
    checkout, installed = tmp_path / "checkout", tmp_path / "share" / "lifeline"
    assert project_root(checkout, installed) == installed
    (checkout / "domain").mkdir(parents=True)
    assert project_root(checkout, installed) == checkout


def test_ports_and_the_data_folder_come_from_the_environment(tmp_path):
    config = read_settings({"ACTIONS_PORT": "6001", "RASA_PORT": "6002", "LIFELINE_DATA_DIR": str(tmp_path)})
    assert (config.actions_port, config.rasa_port, config.rasa_url) == (6001, 6002, "http://localhost:6002")
    assert config.database_url == f"sqlite:///{tmp_path / 'lifeline.db'}"
