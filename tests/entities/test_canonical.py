"""qalam_entities: citations, filters and one canonical record per entity."""

import pytest

from pipeline.nlp.components.entities.names import fold
from pipeline.records import Entity


def test_acronym_defined_in_text_links_to_one_entity(entities):
    text = ("The Mountain Water Alliance (MWA) builds wells. Later the MWA trained engineers. "
            "The UNDP (United Nations Development Programme) paid for pumps.")
    ents = entities(text)
    alliance = ents.get(fold("Mountain Water Alliance"))
    assert alliance and "MWA" in alliance["aliases"] and alliance["source"] == "acronym"
    undp = ents[fold("United Nations Development Programme")]
    assert undp["id"] == "org:united-nations-development-programme" and "UNDP" in undp["aliases"]


def test_the_possessive_and_chapter_forms_fold(entities):
    text = ("The Sunrise Youth Network grew fast. Sunrise Youth Network’s members travel. "
            "Later the Sunrise Youth Network in Armenia opened.")
    network = entities(text)[fold("Sunrise Youth Network")]
    assert network["count"] == 3 and network["text"] == "Sunrise Youth Network"
    for mention in network["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["text"]


def test_surname_links_to_full_name(entities):
    text = "Dilnoza Rakhimova founded the clinic. According to Rakhimova, demand doubled."
    person = entities(text)[fold("Dilnoza Rakhimova")]
    assert person["label"] == "PERSON" and person["count"] == 2 and "Rakhimova" in person["aliases"]


def test_citations_make_person_mentions_and_span_group(annotate):
    doc = annotate("Rural NGOs grew quickly (Sattorova and Bekov, 2016). This changed (World Bank, 2019).")
    assert [s._.citation["year"] for s in doc.spans["citations"]] == [2016, 2019]
    labels = {e["text"]: e["label"] for e in doc._.entities}
    assert labels["Sattorova"] == "PERSON" and labels["Bekov"] == "PERSON"
    assert labels["World Bank"] == "ORG"


@pytest.mark.parametrize("text", [
    "The Law on Public Associations (2015) restricted funding.",
    "The report (January, 2020) was late.",
    "In Armenia (2016) data were scarce.",
])
def test_things_that_look_like_citations_make_no_person(annotate, text):
    doc = annotate(text)
    assert all(e["label"] != "PERSON" for e in doc._.entities)
    assert all(s._.citation["author"] not in {"January", "Armenia", "Public Associations"}
               for s in doc.spans["citations"])


@pytest.mark.parametrize("text", [
    "Many NGOs and CSOs work with INGOs here.",
    "Uzbek and Swedish activists met Kazakhs abroad.",
    "The Pandemic hit the economy hard.",
    "Write to info@example.org for details.",
])
def test_non_entities_are_dropped(annotate, text):
    kept = {fold(e["text"]) for e in annotate(text)._.entities}
    assert not kept & {"ngos", "csos", "ingos", "uzbek", "kazakhs", "swedish", "pandemic", "info example org"}


def test_entities_are_record_items(annotate):
    doc = annotate("The European Union and Amnesty International met in Armenia.")
    for entity in doc._.entities:
        record = Entity.model_validate(entity)
        assert record.label in {"ORG", "PERSON", "PLACE"}
        assert record.count == len(record.mentions)
        assert record.id.startswith(record.label.lower() + ":")


def test_roles_and_coordinations(annotate):
    text = ("She was the Steering Committee President for a year. Grants from the Council of Europe "
            "and USAID helped. The Ministry of Health and Ministry of Finance disagreed.")
    names = {e["text"]: e["label"] for e in annotate(text)._.entities}
    assert "Steering Committee" not in names
    assert names.get("Council of Europe") == "ORG" and names.get("USAID") == "ORG"
    assert names.get("Ministry of Health") == "ORG" and names.get("Ministry of Finance") == "ORG"


def test_hyphenated_acronym_network_joins_its_acronym(entities):
    text = "She joined the K-NET Youth Network in 2019. Today K-NET has ten branches, and K-NET grows."
    ents = entities(text)
    assert any(fold("K-NET Youth Network") in {fold(a) for a in e["aliases"]} | {fold(e["text"])}
               for e in ents.values())
    assert sum(1 for e in ents.values() if "k net" in fold(e["text"])) == 1


def test_quoted_titles_are_not_entities(annotate):
    names = {e["text"] for e in annotate('They staged a show called "Hidden Voices" in Yerevan.')._.entities}
    assert "Hidden Voices" not in names and "Yerevan" in names


def test_acronym_short_form_is_an_alias_and_unknown_acronyms_are_orgs(annotate):
    doc = annotate("The Office of the Ombudsman for Children (OOC) and KRONA met in Osijek.")
    names = {e["text"]: e for e in doc._.entities}
    assert "OOC" in names["Office of the Ombudsman for Children"]["aliases"]
    assert all(e["label"] != "PLACE" for e in doc._.entities if e["text"].isupper())


def test_a_country_naming_a_currency_is_not_a_place(nlp):
    doc = nlp("Each family paid less than one US dollar a month, and the fund held 20,000 Hong Kong dollars.")
    places = [e["text"] for e in doc._.entities if e["label"] == "PLACE"]
    assert "United States" not in places and "US" not in places and "Hong Kong" not in places


def test_one_word_org_after_in_is_a_place(nlp):
    doc = nlp("The cooperative is based in Dolpagaun and works with UNICEF in the hills.")
    labels = {e["text"]: e["label"] for e in doc._.entities}
    assert labels.get("UNICEF") == "ORG"
    assert labels.get("Dolpagaun") in (None, "PLACE")


def test_a_date_tail_is_cut_from_a_name(annotate):
    names = {e["text"] for e in annotate("Delegates met at the Civic Forum on Tuesday in Tbilisi.")._.entities}
    assert not any(name.endswith("Tuesday") for name in names)
