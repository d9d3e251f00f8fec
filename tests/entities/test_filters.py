"""What is not a named entity though a model or a rule found it (filters.py and the canonical step)."""

import pytest

from pipeline.nlp.components.entities.names import fold


def names(annotate, text: str) -> set[str]:
    """Folded canonical names and aliases of the document's entities."""
    found = set()
    for entity in annotate(text)._.entities:
        found |= {fold(entity["text"]), *(fold(a) for a in entity["aliases"])}
    return found


# -- structure words: headings, form labels, table rows --------------------------------------
@pytest.mark.parametrize(("text", "absent"), [
    ("Norvia: Background and Trade Relations\n\nOverview\n\nThe Republic of Norvia trades grain.", "background"),
    ("Strategic Outlook\n\nThe government’s assessment of its security changed in 2024.", "strategic outlook"),
    ("Types of apps?\n\nIn the past, fellows have built many kinds of apps.", "types"),
    ("Timing\n\nJan | Fellows Begin Training in Lisbon\n\nFeb | Fellows Begin Residency", "fellows begin residency"),
    ("Biometric technologies are used at borders. Many biometric systems fail.", "biometric"),
    # Title Case common words in running text are no full name unless a given name starts them
    ("Each year we run Neighbours Cook, where the neighbours cook for each other.", "neighbours cook"),
])
def test_structure_words_are_not_entities(annotate, text, absent):
    assert absent not in names(annotate, text)


def test_a_full_name_of_common_words_stays_with_a_given_name(annotate):
    assert "laura wood" in names(annotate, "Last week Laura Wood arrived in the village; the wood was wet.")


def test_a_name_in_a_heading_stays(annotate):
    assert "lisbon" in names(annotate, "Lisbon\n\nThe city council met on Monday to discuss the budget.")


# -- laws, documents, events --------------------------------------------------------------
@pytest.mark.parametrize(("text", "absent"), [
    ("The Clean Harbors Protection Act of 2019 changed the rules.", "clean harbors protection act"),
    ("Critics of the Data Retention Bill wrote to the Senate.", "data retention bill"),
    ("The 1931 Statute of Westhaven gave the island its independence.", "statute of westhaven"),
    ("Each chamber governs its hearings (Senate Rule XXVI and House Rule X).", "senate rule xxvi"),
    ("The navy joined exercises such as the Coral Trident and Sea Shield drills.", "coral trident"),
    ("The Quad Foreign Ministers Summit met in July.", "quad foreign ministers summit"),
    ("See CRS Report R12345, Harbor Policy: Background and Issues for Congress, by Ana Lima.", "harbor policy"),
])
def test_laws_documents_and_events_are_not_entities(annotate, text, absent):
    assert absent not in names(annotate, text)


# -- holidays ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "absent"), [
    ("Shops stay open late before Diwali every year.", "diwali"),
    ("Families travel home for Nowruz every spring.", "nowruz"),
])
def test_holidays_are_not_entities(annotate, text, absent):
    assert absent not in names(annotate, text)


def test_bodies_of_the_solar_system_are_not_places(annotate):
    found = names(annotate, "The probe will reach Jupiter in 2031, fly past Europa and Ganymede and then turn "
                            "back towards Earth, a NASA engineer told reporters in Houston.")
    assert not found & {"jupiter", "europa", "ganymede", "earth"} and "houston" in found


def test_a_place_inside_a_law_name_is_still_a_place(annotate):
    assert "united states" in names(annotate, "Funds came under the Help America Vote Act of 2002.")


# -- acronyms ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "absent"), [
    ("The Harbor Emergency Powers Act (HEPA) was used. Under HEPA, tariffs rose.", "hepa"),
    ("Advances in artificial intelligence (AI) matter. AI tools are spreading.", "ai"),
    ("Voters need personal protective equipment (PPE) at polling places.", "ppe"),
    ("A copy of the AGM question is below.", "agm"),
    ("The 1951 Norvia-Westland (NOWEST) Treaty still binds both states.", "nowest"),
])
def test_acronyms_of_things_are_not_organizations(annotate, text, absent):
    assert absent not in names(annotate, text)


@pytest.mark.parametrize(("text", "present"), [
    ("The Coastal Farmers League (CFL) met. Later the CFL said prices fell.", "cfl"),
    ("She became a member of KRONTA in 2019.", "kronta"),
    ("KRONTA officials said on Monday that they would appeal.", "kronta"),
    ("Reports of UNICEF field checks reach the committee.", "unicef"),
])
def test_acronyms_that_act_as_organizations_stay(annotate, text, present):
    assert present in names(annotate, text)


def test_a_gazetteer_acronym_defined_otherwise_in_the_text_is_that_thing(annotate):
    text = "Charities exempt under the Internal Revenue Code of 1986 (IRC) may not donate."
    assert "international rescue committee" not in names(annotate, text)


# -- classes, modifiers, descriptions -----------------------------------------------------
@pytest.mark.parametrize(("text", "absent"), [
    ("In 1998 the United States Embassies in two capitals were attacked.", "united states embassies"),
    ("The Departments of State and Defense disagreed.", "departments of state"),
    ("Relations between Norway and Sweden improved as U.S.-Norway ties deepened.", "u s norway"),
    ("The navy will buy Virginia-class submarines.", "virginia"),
    ("CRS Reports, as a work of the United States Government, are free.", "united states government"),
    ("The Trump Administration announced tariffs.", "trump administration"),
    ("Omar Haddad, Analyst in Middle Eastern Affairs", "middle eastern affairs"),
])
def test_classes_modifiers_and_descriptions_are_not_entities(annotate, text, absent):
    assert absent not in names(annotate, text)
