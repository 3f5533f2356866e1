"""Choosing a voice by the routine's language, or by the name it asks for."""

from __future__ import annotations

import pytest

from player.speech.base import SpeechError, VoiceInfo
from player.speech.voices import choose_voice, voices_for

# As espeak-ng 1.51 lists them through pyttsx3 (one language each), in its order.
VOICES = [
    VoiceInfo("gmw/af", "Afrikaans", ("af",)),
    VoiceInfo("gmw/de", "German", ("de",)),
    VoiceInfo("gmw/en-029", "English (Caribbean)", ("en-029",)),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",)),
    VoiceInfo("gmw/en-gb-scotland", "English (Scotland)", ("en-gb-scotland",)),
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",)),
    VoiceInfo("gmq/sv", "Swedish", ("sv",)),
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "gmw/en"),
        ("EN", "gmw/en"),
        ("en-gb", "gmw/en"),
        ("en-US", "gmw/en-us"),
        ("en_us", "gmw/en-us"),
        ("en-au", "gmw/en"),  # no Australian voice: the plain English one
        ("de", "gmw/de"),
        ("de-AT", "gmw/de"),
        ("sv", "gmq/sv"),
    ],
)
def test_the_language_picks_the_voice(language: str, expected: str) -> None:
    assert choose_voice(VOICES, language).id == expected


def test_voices_for_a_language_best_first() -> None:
    assert [v.id for v in voices_for(VOICES, "en")] == [
        "gmw/en",
        "gmw/en-029",
        "gmw/en-gb-scotland",
        "gmw/en-us",
    ]
    assert voices_for(VOICES, "fr") == []


@pytest.mark.parametrize("name", ["English (America)", "english_(america)", "gmw/en-us", "en-us"])
def test_a_voice_by_name(name: str) -> None:
    assert choose_voice(VOICES, "en", name).id == "gmw/en-us"


def test_a_named_voice_may_speak_another_language() -> None:
    assert choose_voice(VOICES, "de", "Swedish").id == "gmq/sv"


def test_a_missing_voice_names_those_for_the_language() -> None:
    with pytest.raises(SpeechError) as raised:
        choose_voice(VOICES, "de", "Anna")
    message = str(raised.value)
    assert message.startswith("the voice 'Anna' is not installed (voices for 'de': German")
    assert "7 in all, e.g. Afrikaans (gmw/af), English (Caribbean) (gmw/en-029)" in message


def test_a_language_nobody_speaks_lists_some_voices() -> None:
    with pytest.raises(SpeechError) as raised:
        choose_voice(VOICES, "fr")
    assert "no installed voice speaks 'fr'" in str(raised.value)
    assert "Afrikaans (gmw/af)" in str(raised.value) and "and 1 more" in str(raised.value)
    assert raised.value.fix == "apt install espeak-ng-data"
    with pytest.raises(SpeechError, match="no voice speaks 'fr'; some there are: Afrikaans"):
        choose_voice(VOICES, "fr", "Amélie")
