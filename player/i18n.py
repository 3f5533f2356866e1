"""Screen and console texts in the user's language: gettext catalogues made with Babel.

Code marks a text with `_("...")` where it is shown, or `N_("...")` where it is defined
before a language is known (a table, a key binding) and translated with `_()` when shown.
`use(language)` chooses the catalogue: the routine's language during a session, the
settings' `screen.language` or the system locale elsewhere (`system_language()`).

The catalogues live in `player/locale/<lang>/LC_MESSAGES/workout.mo`, compiled from the
`.po` files beside them and committed, so a checkout, an editable install and a wheel all
find them with no build step (`make messages` extracts, updates and compiles them again; a
test fails when the compiled files are out of date). A catalogue is read on first use
only: commands that show no translated text never load one.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "workout"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "de")  # en is the source language: it needs no catalogue

_language = "en"
_translations: gettext.NullTranslations | None = None


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; `_()` translates it when shown."""
    return message


def use(language: str) -> str:
    """Show texts in `language` from now on (one we have no catalogue for: English).

    Returns the language now in use.
    """
    global _language, _translations
    wanted = language.split("-")[0].split("_")[0].casefold() or "en"
    wanted = wanted if wanted in LANGUAGES else "en"
    if wanted != _language:
        _language = wanted
        _translations = None
    return _language


def current() -> str:
    """The language texts are shown in now."""
    return _language


def _catalogue() -> gettext.NullTranslations:
    global _translations
    if _translations is None:
        _translations = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[_language], fallback=True
        )
    return _translations


def _(message: str) -> str:
    """`message` in the language in use."""
    if _language == "en":
        return message
    return _catalogue().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message, in the language in use, for `count`."""
    if _language == "en":
        return singular if count == 1 else plural
    return _catalogue().ngettext(singular, plural, count)


def system_language() -> str:
    """The language the user's locale asks for (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`,
    as gettext reads them), or "en"."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            first = value.split(":")[0].split(".")[0]
            return first.split("_")[0].casefold() if first not in ("C", "POSIX") else "en"
    return "en"


def screen_language(setting: str) -> str:
    """The language of the screens outside a session: the setting, or the system's."""
    return setting or system_language()
