"""The pipeline builder: order and factory settings from settings, rules read in initialize."""

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp.build import initialize_rules
from pipeline.nlp.components import COMPONENTS
from pipeline.nlp.extensions import DOC_INPUTS
from pipeline.nlp.rule_data import RulesNotRead
from pipeline.settings import ComponentsSettings, load_settings


def test_order_comes_from_the_settings(nlp, settings):
    order = settings.components.order
    qalam = [name for name in nlp.pipe_names if name.startswith("qalam_")]
    assert qalam == list(order)
    assert nlp.pipe_names[:len(settings.components.before_model)] == list(settings.components.before_model)


# spaCy's attribute_ruler sets the coarse POS from the tags without declaring it.
UNDECLARED_BY_THE_MODEL = {"token.pos"}


def test_requires_and_assigns_leave_only_the_inputs_ingest_sets(nlp):
    problems = nlp.analyze_pipes()["problems"]
    unmet = {attr for attrs in problems.values() for attr in attrs}
    assert unmet <= set(DOC_INPUTS) | UNDECLARED_BY_THE_MODEL, unmet


def test_factory_settings_come_from_the_settings_file(tmp_path):
    config = tmp_path / "qalam.toml"
    config.write_text('[components.qalam_quotes]\nmin_words = 6\n[components.qalam_quotes.cues]\n'
                      '"@misc" = "qalam.quote_cues.v1"\n', encoding="utf-8")
    settings = load_settings(config, environ={})
    blank = spacy.blank("en")
    quotes = blank.add_pipe("qalam_quotes", config=settings.components.config("qalam_quotes"))
    assert quotes.min_words == 6 and quotes.max_context_tokens == 30
    initialize_rules(blank, ("qalam_quotes",), rules_dir=settings.pipeline.rules_path)
    assert "say" in quotes.cues.verbs


def test_a_component_reads_the_rules_folder_it_is_given(tmp_path, settings):
    folder = tmp_path / "rules"
    (folder / "quotes").mkdir(parents=True)
    for path in (p for p in (settings.pipeline.rules_path / "quotes").iterdir() if p.is_file()):
        (folder / "quotes" / path.name).write_bytes(path.read_bytes())
    (folder / "quotes" / "cue_verbs.txt").write_text("whisper\n", encoding="utf-8")
    blank = spacy.blank("en")
    quotes = blank.add_pipe("qalam_quotes")
    initialize_rules(blank, ("qalam_quotes",), rules_dir=folder)
    assert quotes.cues.verbs == {"whisper"}


def test_every_factory_setting_can_be_set_from_the_settings_file():
    for name in COMPONENTS:
        defaults = Language.get_factory_meta(name).default_config
        assert defaults is not None, name
        section = ComponentsSettings.model_fields.get(name)
        settable = {f.alias or key for key, f in section.annotation.model_fields.items()} if section else set()
        assert settable == set(defaults), name


def test_a_component_that_has_not_read_its_rules_says_so():
    blank = spacy.blank("en")
    blank.add_pipe("qalam_figures")
    with pytest.raises(RulesNotRead, match="qalam_figures has not read its rule files"):
        blank("12 groups")
