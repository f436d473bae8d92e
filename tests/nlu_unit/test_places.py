"""The gazetteer finds every Dutch place, tells unsafe places apart and ignores ordinary words."""
from __future__ import annotations

import pytest

from bot.nlu.places import find_places


@pytest.mark.parametrize("text, expected", [
    ("man, 34, arbeidsuitbuiting, Venlo, niet in Limburg, vannacht", [("Venlo", False), ("Limburg", True)]),
    ("woman found in Hollands Kroon, not in Noord-Holland or Utrecht",
     [("Hollands Kroon", False), ("Noord-Holland", True), ("Utrecht", True)]),
    ("de daders zitten in Tiel, ze is nu in Den Bosch", [("Tiel", True), ("'s-Hertogenbosch", False)]),
    ("niet in de regio Rotterdam", [("Rotterdam", True)]),
    ("zit op bureau Arnhem, moet weg uit Gelderland en ook niet naar Brabant",
     [("Arnhem", False), ("Gelderland", True), ("Noord-Brabant", True)]),
    ("aangetroffen in amsterdm", [("Amsterdam", False)]),
    ("man 40 Súdwest-Fryslân", [("Súdwest-Fryslân", False)]),
    ("found in Goes", [("Goes", False)]),
    ("she goes home, I did my best", []),
    ("ok", []),
])
def test_find_places(text, expected):
    assert [(p.value, p.unsafe) for p in find_places(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # pl
    ("mężczyzna 40 lat, znaleziony w Venlo, nie w Limburg", [("Venlo", False), ("Limburg", True)]),
    ("kobieta z Tilburga, jest w Tilburg, nie do Utrecht", [("Tilburg", False), ("Tilburg", False), ("Utrecht", True)]),
    ("jest w Arnhem, z dala od Limburg", [("Arnhem", False), ("Limburg", True)]),
    # ro
    ("femeie găsită în Venlo, nu în Limburg", [("Venlo", False), ("Limburg", True)]),
    ("gasita in Zwolle, departe de Rotterdam", [("Zwolle", False), ("Rotterdam", True)]),
    ("este acum la Arnhem, nu la Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    # bg
    ("намерена във Venlo, не в Limburg", [("Venlo", False), ("Limburg", True)]),
    ("в Tilburg е, но не и в Rotterdam", [("Tilburg", False), ("Rotterdam", True)]),
    # hu
    ("a nőt Venlo városában találták, de nem Limburg tartományba", [("Venlo", False), ("Limburg", True)]),
    ("Arnhem, távol Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    # uk
    ("знайдена у Venlo, не в Limburg", [("Venlo", False), ("Limburg", True)]),
    ("чоловік зараз в Arnhem, подалі від провінції Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    # ru
    ("найдена в Venlo, не в Limburg", [("Venlo", False), ("Limburg", True)]),
    ("мужчина в Zwolle, нельзя оставаться в Rotterdam", [("Zwolle", False), ("Rotterdam", True)]),
    # es
    ("mujer encontrada en Venlo, no en Limburg", [("Venlo", False), ("Limburg", True)]),
    ("está en Arnhem, lejos de Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    ("en Tilburg, no en la región de Rotterdam", [("Tilburg", False), ("Rotterdam", True)]),
    # pt
    ("mulher encontrada em Venlo, não em Limburg", [("Venlo", False), ("Limburg", True)]),
    ("esta em Arnhem, longe de Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    # fr
    ("femme trouvée à Venlo, pas dans le Limburg", [("Venlo", False), ("Limburg", True)]),
    ("il est à Arnhem, loin de Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    ("trouvee a Zwolle, pas a Rotterdam", [("Zwolle", False), ("Rotterdam", True)]),
    # ar
    ("وجدت في Venlo، ليس في Limburg", [("Venlo", False), ("Limburg", True)]),
    ("هو في Arnhem، بعيدا عن Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    # vi
    ("phụ nữ được tìm thấy ở Venlo, không ở Limburg", [("Venlo", False), ("Limburg", True)]),
    ("dang o Arnhem, tranh xa Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    # zh
    ("她在Venlo被发现，不要在Limburg", [("Venlo", False), ("Limburg", True)]),
    ("她在 Venlo 被发现, 不在 Limburg", [("Venlo", False), ("Limburg", True)]),
    ("现在在Arnhem，远离Utrecht", [("Arnhem", False), ("Utrecht", True)]),
    ("他不能去Rotterdam，现在在Zwolle", [("Rotterdam", True), ("Zwolle", False)]),
])
def test_unsafe_cues_in_other_languages(text, expected):
    assert [(p.value, p.unsafe) for p in find_places(text)] == expected


@pytest.mark.parametrize("text", [
    "ze is nu in Venlo",  # Dutch "nu in" (now in) is not Romanian "nu în"
    "znaleziona w Venlo", "găsită în Venlo", "найдена в Venlo", "знайдена у Venlo", "encontrada en Venlo",
    "encontrada em Venlo", "trouvée à Venlo", "وجدت في Venlo", "tìm thấy ở Venlo", "她在Venlo被发现", "Venlóban, Venlo",
])
def test_where_someone_was_found_is_not_unsafe(text):
    assert find_places(text) and not any(p.unsafe for p in find_places(text))


def test_offsets_point_at_the_words_in_the_message():
    text = "bed nodig, aangetroffen in Bergen op Zoom"
    [place] = find_places(text)
    assert text[place.start:place.end] == "Bergen op Zoom"


@pytest.mark.parametrize("text", [
    "je dois bosser demain matin",  # fr "to work", one letter from Losser
    "ik heb nog veel dingen te doen",  # nl, one letter from Dongen
    "ela deve ter uns 15 anos",  # pt, "deve ter" run together is one letter from Deventer
    "nu e de mirare ca a fugit",  # ro, "e de" run together is Ede
])
def test_ordinary_words_are_not_misspelt_places(text):
    assert find_places(text) == []


@pytest.mark.parametrize("text, expected", [
    ("gevonden in amsterdm", [("Amsterdam", False)]),
    ("jest w rotterdm", [("Rotterdam", False)]),
    ("Rotterdm, vannacht", [("Rotterdam", False)]),
])
def test_a_misspelt_place_still_counts_where_a_place_is_meant(text, expected):
    assert [(p.value, p.unsafe) for p in find_places(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("il est a Zwolle, mais hors du Limburg", [("Zwolle", False), ("Limburg", True)]),
    ("les trafiquants sont a Tiel", [("Tiel", True)]),
    ("هي في Venlo، ماشي ف Limburg", [("Venlo", False), ("Limburg", True)]),
    ("hiya f Venlo, machi f Limburg", [("Venlo", False), ("Limburg", True)]),
    ("لا يجب أن تبقى في Rotterdam", [("Rotterdam", True)]),
    ("chi ay dang o Venlo, ko duoc o Limburg", [("Venlo", False), ("Limburg", True)]),
    ("施害者在Tiel，她在Zwolle", [("Tiel", True), ("Zwolle", False)]),
])
def test_unsafe_cues_as_people_type_them(text, expected):
    assert [(p.value, p.unsafe) for p in find_places(text)] == expected


def test_romanian_without_diacritics_is_unsafe_only_when_the_message_is_romanian():
    text = "femeie gasita in Venlo, nu in Limburg"
    assert [(p.value, p.unsafe) for p in find_places(text, "ro")] == [("Venlo", False), ("Limburg", True)]
    assert [(p.value, p.unsafe) for p in find_places("ze is nu in Limburg", "nl")] == [("Limburg", False)]
    assert [(p.value, p.unsafe) for p in find_places(text)] == [("Venlo", False), ("Limburg", False)]


def test_the_place_component_reads_the_language_the_identifier_named():
    from rasa.shared.nlu.constants import ENTITIES, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.place_component import PlaceExtractor

    def places(text, language_entity):
        message = Message({TEXT: text, ENTITIES: [language_entity]})
        PlaceExtractor().process([message])
        return [(e["value"], e.get("role")) for e in message.get(ENTITIES) if e["entity"] == "place"]

    ro = {"entity": "language_guess", "value": "ro", "start": 0, "end": 0}
    assert places("sta in Venlo, nu in Limburg", ro) == [("Venlo", None), ("Limburg", "unsafe")]
    tagalog = {"entity": "unsupported_language", "value": "tl", "start": 0, "end": 0}
    assert places("nasa Venlo ako ngayon, tulungan mo ako", tagalog) == []
