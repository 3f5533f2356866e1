"""The command palette's player commands: jump to an exercise, change the verbosity."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from player.i18n import _
from player.tui.words import VERBOSITY


class PlayerCommands(Provider):
    """While a session plays: `Jump to: NAME` and `Verbosity: ...`."""

    def _commands(self) -> list[tuple[str, Callable[[], None], str]]:
        from player.tui.screens.player import PlayerScreen

        screen = self.screen
        if not isinstance(screen, PlayerScreen):
            return []
        found: list[tuple[str, Callable[[], None], str]] = []
        for step_index, name in screen.controls.exercise_steps():
            found.append(
                (
                    _("Jump to: {name}").format(name=name),
                    partial(screen.jump_to, step_index),
                    _("start this exercise now"),
                )
            )
        for level, meaning in VERBOSITY.items():
            found.append(
                (
                    _("Verbosity: {level}").format(level=_(meaning)),
                    partial(screen.set_verbosity, level),
                    _("say {what} from now on").format(what=_(meaning)),
                )
            )
        return found

    async def discover(self) -> Hits:
        for name, command, help_text in self._commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
