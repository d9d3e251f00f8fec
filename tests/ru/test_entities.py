"""Russian entities: nominative canonical names, grouping by lemma, name shapes, the place
gazetteer (made-up text)."""

import importlib.util

import pytest

from pipeline.nlp.components.entities.russian import trimmed
from pipeline.paths import MODELS_DIR

PLACES_BUILDER = MODELS_DIR / "entities" / "ru" / "build_places.py"


def _entities(ru_nlp, text):
    return {e["text"]: e for e in ru_nlp(text)._.entities}


@pytest.mark.parametrize("text, canonical, alias", [
    ("Вчера глава Ассоциации молодых юристов выступил с докладом.", "Ассоциация молодых юристов",
     "Ассоциации молодых юристов"),
    ("Делегация прибыла в Кыргызскую Республику во вторник.", "Кыргызская Республика", "Кыргызскую Республику"),
    ("Коллеги Рахимовой поддержали её на встрече.", "Рахимова", "Рахимовой"),
    ("Эксперты говорили с адвокатом Эркином Бакировым.", "Эркин Бакиров", "Эркином Бакировым"),
])
def test_canonical_text_is_nominative(ru_nlp, text, canonical, alias):
    entities = _entities(ru_nlp, text)
    assert canonical in entities, entities.keys()
    assert alias in entities[canonical]["aliases"]


def test_subject_gender_comes_from_the_verb(ru_nlp):
    """"Рахимова заявила": the feminine verb makes Рахимова a woman's surname in the nominative."""
    entities = _entities(ru_nlp, "Нилуфар Рахимова заявила журналистам о новых планах.")
    assert "Нилуфар Рахимова" in entities


def test_inflected_mentions_are_one_entity(ru_nlp):
    entities = _entities(ru_nlp, "Партия Единая Россия провела съезд. Лидер Единой России выступил первым.")
    assert [e for e in entities.values() if e["label"] == "ORG" and "Единой России" in e["aliases"]]


def test_first_name_joins_the_full_name(ru_nlp):
    entities = _entities(ru_nlp, "Анна Петрова дала интервью. Вину Анны суд пока не доказал.")
    assert "Анны" in entities["Анна Петрова"]["aliases"]


def test_genitive_place_after_an_organisation_is_part_of_its_name(ru_nlp):
    entities = _entities(ru_nlp, "Об этом сообщили в МВД России в понедельник.")
    assert "МВД России" in entities


def test_bracketed_translation_is_an_alias(ru_nlp):
    entities = _entities(ru_nlp, "Заявление сделал Фонд защиты свобод (Freedom Defence Fund) в Женеве.")
    org = next(e for e in entities.values() if e["label"] == "ORG")
    assert not org["text"].endswith("Fund") and "Freedom Defence Fund" in org["aliases"]


@pytest.mark.parametrize("text, not_a_name", [
    ("Передовые страны вложили средства в образование.", "Передовые страны"),
    ("ОНИ ВЕРНУЛИСЬ В РОДНОЙ ГОРОД\n\nТекст статьи.", "ОНИ ВЕРНУЛИСЬ В РОДНОЙ ГОРОД"),
])
def test_common_words_are_not_names(ru_nlp, text, not_a_name):
    assert not_a_name not in _entities(ru_nlp, text)


@pytest.mark.parametrize("text, place", [
    ("Из Термеза в Карши ходит поезд.", "Термез"),  # a town the tagger misses, in the genitive
    ("Закон вступил в силу в КР в прошлом году.", "КР"),  # an abbreviation the tagger calls an organisation
])
def test_gazetteer_places_in_any_case(ru_nlp, text, place):
    entities = _entities(ru_nlp, text)
    assert entities.get(place, {}).get("label") == "PLACE", entities


@pytest.mark.slow
def test_the_place_gazetteer_is_up_to_date():
    spec = importlib.util.spec_from_file_location("build_places", PLACES_BUILDER)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.build() == builder.OUT.read_text(encoding="utf-8")
    assert "Ровно\t" not in builder.build()  # a city's name that is a common word ("exactly") is left out


@pytest.mark.parametrize("text, name, label", [
    # one-word institutions named for their seat
    ("Вчера Кремль отказался от комментариев.", "Кремль", "ORG"),
    # a given name and the surname the tagger split off it
    ("— заявил актер, продюсер и директор Нейл Патрик Эванс, известный своими ролями в сериалах.",
     "Нейл Патрик Эванс", "PERSON"),
])
def test_names_the_tagger_splits_or_mislabels(ru_nlp, text, name, label):
    entities = _entities(ru_nlp, text)
    assert entities.get(name, {}).get("label") == label, entities


def test_two_names_in_two_cases_are_two_people(ru_nlp):
    entities = _entities(ru_nlp, "Там вмешался полпред, начальник штаба Назарова Ковальчук. Что в вашем случае?")
    assert "Ковальчук" in entities and not any("Назар" in name and "Ковальчук" in name for name in entities)


def test_initials_after_a_surname_belong_to_it(ru_nlp):
    entities = _entities(ru_nlp, "Против выступили лидер ЛДПР Кузнецов В. П. — . — , и другие. Василий Петрович Кузнецов ушёл.")
    assert "Кузнецов В. П" in entities["Василий Петрович Кузнецов"]["aliases"]
    assert not any(name.startswith("В. П") for name in entities)


def test_a_role_before_a_compound_abbreviation_and_a_name(ru_nlp):
    """"Председатель Нацстаткома Бакыт Исаев", one span for the tagger: a role, an
    organisation and a person."""
    entities = _entities(ru_nlp, "К участникам обратился Председатель Нацстаткома Бакыт Исаев, который подчеркнул важность данных.")
    assert entities.get("Бакыт Исаев", {}).get("label") == "PERSON"
    assert entities.get("Нацстатком", {}).get("label") == "ORG", entities


@pytest.mark.parametrize("text, canonical", [
    # the capitalised head noun before a quoted name starts the organisation's name, to the closing mark
    ("Он возглавляет Институт национального проекта «Открытый диалог» и считает, что компромисс важен.",
     "Институт национального проекта «Открытый диалог»"),
    # and before an acronym in the genitive
    ("Грант выделила Программа развития ООН в прошлом году.", "Программа развития ООН"),
])
def test_organisation_names_start_at_their_head_noun(ru_nlp, text, canonical):
    entities = _entities(ru_nlp, text)
    assert canonical in entities, entities.keys()


def test_common_acronyms_are_not_organisations(ru_nlp):
    assert "СИЗО" not in _entities(ru_nlp, "Активиста поместили в СИЗО на два месяца.")


@pytest.mark.parametrize("text, canonical, short", [
    ("Депутаты от партии «Новая Сила» провели съезд. Лидер «НС» выступил первым.", "Новая Сила", "НС"),
    ("Государственную Думу покинули три депутата. Госдума приняла закон.", "Государственная Дума", "Госдума"),
])
def test_acronyms_and_compound_abbreviations_join_the_full_name(ru_nlp, text, canonical, short):
    entities = _entities(ru_nlp, text)
    assert short in entities[canonical]["aliases"], entities


def test_a_countrys_names_are_one_place(ru_nlp):
    entities = _entities(ru_nlp, "Делегация Республики Казахстан прибыла в Бишкек. В Казахстане выборы.")
    place = entities["Республика Казахстан"]
    assert "Казахстане" in place["aliases"] and "Казахстан" not in entities


@pytest.mark.parametrize("text, start, end, name", [
    ("Они приехали в Москву вчера.", 2, 4, "Москву"),           # a preposition the tagger took in
    ("Из Бишкека и Оша выехали автобусы.", 1, 3, "Бишкека"),    # a conjunction after the name
    ("Фонд «Право» открыл офис.", 1, 4, "Право"),                # quotation marks around a name
    ("Центр «Право» открыл офис.", 0, 4, "Центр «Право»"),       # a closing mark whose opening is inside
])
def test_edges_that_never_belong_to_a_name(ru_nlp, text, start, end, name):
    doc = ru_nlp(text)
    assert trimmed(doc[start:end]).text == name


def test_a_surname_the_tagger_took_for_an_organisation_after_an_adverb(ru_nlp):
    """"Сегодня Абдыкадырова": the sentence's first word is no part of the name, and the surname
    alone is the person named in full before it."""
    text = "Правозащитница Гулнара Абдыкадырова подверглась травле. Сегодня Абдыкадырова собирает данные."
    entities = _entities(ru_nlp, text)
    assert list(entities) == ["Гулнара Абдыкадырова"] and entities["Гулнара Абдыкадырова"]["aliases"] == ["Абдыкадырова"]


def test_a_foreign_name_without_case_is_not_declined(ru_nlp):
    """The parser reads no case in foreign words: "Кумуш Жылым" stays, whatever pymorphy3 guesses."""
    assert "Кумуш Жылым" in _entities(ru_nlp, 'В офисе "Кумуш Жылым" появился старик с цветами.')


def test_an_acronym_with_its_case_ending_is_named_without_it(ru_nlp):
    entities = _entities(ru_nlp, "Представитель МИДа заявил, что визы отменят.")
    assert "МИДа" in entities.get("МИД", {}).get("aliases", []), entities


def test_speaker_labels_are_people_in_the_nominative(ru_nlp):
    """"Сомов:" reads as a dictionary word (сом), "Лобанова:" as a man's genitive: at a line's
    start before a colon, both are speakers named as written."""
    text = "Сомов: Вы не в Омске сейчас?\n\nЛобанова: Я нахожусь в штабе.\n\nСомов: Как вы себя чувствуете?"
    entities = _entities(ru_nlp, text)
    assert entities.get("Сомов", {}).get("label") == "PERSON" and "Лобанова" in entities, entities


def test_a_short_name_that_keeps_the_full_names_last_words(ru_nlp):
    text = "Сотрудники Министерства внутренних дел Молдовы прибыли. В МВД Молдовы это подтвердили."
    entities = _entities(ru_nlp, text)
    assert "МВД Молдовы" in entities["Министерство внутренних дел Молдовы"]["aliases"], entities
