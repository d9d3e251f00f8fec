"""qalam_quotes on sentences written for these tests: filters, cue orders, follow-ons."""

import pytest
from spacy.tokens import Doc

from pipeline.nlp.extensions import span_item
from pipeline.records import Quote


def quotes(nlp, text: str, *, reported: bool = False, **inputs) -> list[dict]:
    """The direct and block quotes of ``text`` (the reported speech instead, if ``reported``)."""
    doc = nlp.make_doc(text)
    for name, value in inputs.items():
        setattr(doc._, name, value)
    doc = nlp(doc)
    found = [{"text": s.text, **s._.quote} for s in doc.spans["quotes"]]
    return [q for q in found if (q["type"] == "indirect") == reported]


def only(nlp, text: str, **inputs) -> dict:
    found = quotes(nlp, text, **inputs)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, speaker, cue", [
    ("Maria Lopez said, “We will not stop until every village has clean water.”", "Maria Lopez", "said"),
    ("“We will not stop until every village has clean water,” Maria Lopez said.", "Maria Lopez", "said"),
    ("“We will not stop until every village has clean water,” said Maria Lopez, who runs the fund.",
     "Maria Lopez", "said"),
    ("“Our budget was cut by half during the last year”, according to the Open Society Foundation.",
     "Open Society Foundation", "according to"),
    ("As Tomas Berg observed, “Most groups rely on volunteers and never register at all.”",
     "Tomas Berg", "observed"),
    ("In the words of Jane Akello, “a network is only as strong as its weakest member.”",
     "Jane Akello", "in the words of"),
    ("“Volunteers are the backbone of every movement we know.” — Amina Yusuf", "Amina Yusuf", "—"),
    ("Researchers warn that “small groups rarely survive their first funding cycle” (Smith and Jones, 2016).",
     "Smith and Jones", "citation"),
    ("The trend is described as “a quiet revolution in rural civic life” by Elena Petrova (2019).",
     "Elena Petrova", "by"),
    ("The Delta Water Alliance warned that the floods “would displace thousands of families in the valley.”",
     "Delta Water Alliance", "warned"),
    ('"We need more money for the schools in the north," said Omar Hassan.', "Omar Hassan", "said"),
    ("‘We cannot wait any longer for the government,’ said John Mwangi.", "John Mwangi", "said"),
    ("“Can we really afford to wait another year?” Nadia Rahman asked.", "Nadia Rahman", "asked"),
    ("“We are ready to help the families,” Mr. Mensah said on Monday.", "Mensah", "said"),
    ("In Rosa Vidal’s words, “the river gives and the river takes, every single year.”",
     "Rosa Vidal", "In Rosa Vidal’s words"),
    ("As Kemal Aydin put it, “nobody builds a movement alone in this region.”", "Kemal Aydin", "put"),
    ("“Nobody should be jailed for a post on social media,” said a spokesperson for Amnesty International.",
     "spokesperson for Amnesty International", "said"),
    ("Farmers urged the ministry to act, saying “the harvest will rot in the fields without trucks.”",
     "Farmers", "saying"),
    # a surname the tagger reads as a common word is still a name, capitalised mid-sentence
    ("“Small groups are somewhat fragile and close within a year,” says Noble.", "Noble", "says"),
    # a verb judging with the speaker's own words: its subject speaks
    ("Senator Lena Ortiz called the ruling a “profound failure of the whole court system.”", "Lena Ortiz", "called"),
    ("Prosecutors alleged that the firm “exploited dozens of workers for many years.”", "Prosecutors", "alleged"),
])
def test_every_cue_order(nlp, text, speaker, cue):
    quote = only(nlp, text)
    assert quote["speaker"] == speaker
    assert quote["cue"] == cue
    assert quote["type"] == "direct"
    assert 0.0 <= quote["confidence"] <= 1.0


def test_span_excludes_the_marks_and_links_the_speaker_entity(nlp):
    text = "Anna Berg said, “Local councils must open their budgets to the public.”"
    doc = nlp(text)
    (span,) = doc.spans["quotes"]
    quote = span_item(Quote, span, span._.quote)
    assert quote.text == "Local councils must open their budgets to the public."
    assert quote.speaker == "Anna Berg" and quote.speaker_entity == "person:anna-berg"
    assert "person:anna-berg" in {e["id"] for e in doc._.entities}


SPEAKERS_FROM_CONTEXT = [
    # a surname takes the full name and the entity of the person named before
    ("Jana Novak runs the clinic in the valley. "
     "“We see more families every month than we can help,” Novak said.", "Jana Novak", "said", "person:jana-novak"),
    # a pronoun resolves to the latest speaker
    ("The farmers’ union met on Monday. Its chair, Lena Ortiz, spoke first. "
     "She said, “We will block the road if nothing changes by the summer.”", "Lena Ortiz", "She", "person:lena-ortiz"),
    # a citation later in the paragraph
    ("Most groups “rarely last beyond their first grant and close within two years.” "
     "Few of them keep records (Okoro, 2018).", "Okoro", "citation", "person:okoro"),
    # a quote starting a paragraph continues the previous speaker
    ("The approach is described as “hyperlocal” by Marta Ruiz (2021).\n\n"
     "“Cities already govern themselves where states do not deliver” on health and schools.", "Marta Ruiz", None, None),
    # the cue before a quote that closes its sentence wins over the next sentence
    ("Human Rights Watch reported in 2021 that “dozens of activists were detained without charge.” "
     "The group urged the authorities to free them.", "Human Rights Watch", "reported", "org:human-rights-watch"),
    # a new sentence after a closed quote is not its attribution
    ("“The numbers are simply not there.” In 2018 a coalition of groups said the budget had grown.", None, None, None),
    # a short quote without a cue still counts when it reads as a sentence
    ("The lawyers’ league is “still busy with this difficult case.” Nobody doubts it.", None, None, None),
]


@pytest.mark.parametrize("text, speaker, cue, entity", SPEAKERS_FROM_CONTEXT)
def test_speakers_from_the_context(nlp, text, speaker, cue, entity):
    quote = only(nlp, text)
    assert quote["speaker"] == speaker
    if cue is not None:
        assert quote["cue"] == cue
    if entity is not None:
        assert quote["speaker_entity"] == entity


def test_many_quotes_stay_linear(nlp, assert_grows_linearly):
    paragraph = ("“We need clean water in every village now,” said Ana Berglund. "
                 "She added that “the pumps break every single winter.” ")
    small, large = (nlp("\n\n".join(paragraph for _ in range(count))) for count in (100, 400))
    # Again, alone: 800 quotes cost milliseconds each, not a rescan of the document each.
    assert_grows_linearly(nlp.get_pipe("qalam_quotes"), small, large)
    found = [s._.quote["speaker"] for s in large.spans["quotes"]]
    assert len(found) == 800 and set(found) == {"Ana Berglund"}


@pytest.mark.parametrize("text", [
    "The group launched a project called “Voices of the Young Generation” last spring.",
    "They met under the name of “Friends of the Old River Valley” in 2010.",
    "Her book “The Long Road to Freedom and Back” won a prize.",
    "“Ask the Children What They Think” which is both a book and an exhibition, opened in May.",
    "The campaign, titled “no more silence in our schools”, ended in June.",
    "The so-called “civil society” is small. Many “subscribers” joined the platform.",
    "Their idea of “community” is broad and their “hyperlocal” approach works.",
    "This year’s holiday theme is “The Gift of the Long Winter Holidays,” and our decorations reflect it.",
    "The choir closed the evening with “Songs of the Long River Road.”",
    "“You Can’t See Them, But They Are Always There: Censorship and Media in the Region.” That was the title.",
])
def test_titles_and_scare_quotes_are_not_quotes(nlp, text):
    assert quotes(nlp, text) == []


def test_follow_on_quote_with_pronoun_keeps_cue_and_resolves_name(nlp):
    text = ("“The law is vague and dangerous for us,” said Ahmed Karim. He added that lawyers were afraid. "
            "“Nobody wants to take these cases anymore.”")
    first, second = quotes(nlp, text)
    assert first["speaker"] == second["speaker"] == "Ahmed Karim"
    assert second["cue"] == "He"


def test_follow_on_in_the_same_paragraph(nlp):
    text = ("According to Paul Mensah, “the clinics reach every district now.” "
            "Volunteers run weekly classes, “which are always full, even in the smallest towns.”")
    assert [q["speaker"] for q in quotes(nlp, text)] == ["Paul Mensah", "Paul Mensah"]


def test_block_quote_after_colon(nlp):
    text = ("Rural groups have grown, according to Ines Varga:\n\n"
            "“Every valley now has a council. Women lead half of them. They meet every month.”\n\n"
            "This matches other reports.")
    quote = only(nlp, text)
    assert quote["type"] == "block" and quote["speaker"] == "Ines Varga"


def test_multi_paragraph_quote_is_one_quote(nlp):
    text = ("Fatima Noor recalled the early days.\n\n"
            "“We had no office and no money. We met in kitchens.\n\n"
            "“Then the first grant arrived and everything changed.”\n\n"
            "The group now has twelve staff.")
    quote = only(nlp, text)
    assert "first grant" in quote["text"] and quote["speaker"] == "Fatima Noor"


def test_unbalanced_marks_do_not_crash_or_swallow(nlp):
    text = ("The memo “says nothing about money and never closes.\n\n"
            "Omar Idris said, “The second paragraph has a proper quotation in it.”")
    quote = only(nlp, text)
    assert quote["speaker"] == "Omar Idris" and quote["text"].startswith("The second")


def test_html_quote_blocks(nlp):
    text = "Intro line about the visit.\n\nThe river has shaped every family in this valley for centuries."
    start = text.index("The river")
    quote = only(nlp, text, quote_blocks=[(start, len(text))])
    assert quote["type"] == "block" and quote["text"].startswith("The river")


def test_extension_values_are_plain(nlp):
    doc = nlp("Maria Lopez said, “We will not stop until every village has clean water.”")
    assert Doc.has_extension("kind")
    assert doc.to_bytes()  # plain values serialise


@pytest.mark.parametrize("text", [
    "",
    "“",
    "” ” “ ‘ ’ ' \" « » „ ‚",
    "“\n\n“\n\n“",
    "Q: “\n\nA: ”\n\n-“?\n\n• ’",
    "He said: “" + "word " * 300,
])
def test_odd_inputs_never_crash(nlp, text):
    doc = nlp(text)
    for span in doc.spans["quotes"]:
        assert span._.quote["type"] in {"direct", "block", "indirect"}


def test_title_noun_must_touch_the_quote(nlp):
    text = ("“The cuts hit rural clinics first,” said Amal Saeed, who heads the health network. "
            "“We closed four of them last year.”")
    assert [q["speaker"] for q in quotes(nlp, text)] == ["Amal Saeed", "Amal Saeed"]


def test_block_quote_is_not_a_title_because_of_the_next_paragraph(nlp):
    text = ("The clinic coordinator, Lena Varga, described the first months.\n\n"
            "Most visitors had never met a lawyer before and came with every paper they owned.\n\n"
            "The project was funded by a city grant.")
    block = (text.index("Most"), text.index("\n\nThe project"))
    assert only(nlp, text, quote_blocks=[block])["text"].startswith("Most visitors")


def test_quoted_paragraph_after_according_to_takes_that_speaker(nlp):
    text = ("According to Lena Varga, who runs the clinic, few visitors had met a lawyer before.\n\n"
            "“Most of them came with every paper they owned, just in case.”\n\n"
            "The clinic opens again in spring.")
    paragraphs = [(0, 83), (85, 147), (149, len(text))]
    assert only(nlp, text, paragraphs=paragraphs)["speaker"] == "Lena Varga"
