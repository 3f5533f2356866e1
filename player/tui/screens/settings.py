"""The settings screen: every key of the settings file, changed in place and saved at once."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from player import settings as config
from player.i18n import N_, _
from player.tui.words import translate_bindings


class SettingsScreen(Screen[config.Settings | None]):
    """Enter changes the highlighted setting: the next choice, on/off, or a value typed in
    below. Every change is written to the settings file at once; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), key_display="Esc"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.settings = config.Settings()
        self.problem = ""
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="settings-file")
        yield DataTable(id="settings", cursor_type="row", zebra_stripes=True)
        yield Static(id="settings-help")
        yield Input(id="settings-value")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "workout"
        self.sub_title = _("settings")
        table = self.query_one("#settings", DataTable)
        table.add_columns(_("Setting"), _("Value"))
        self.query_one("#settings-value", Input).display = False
        try:
            self.settings = config.load()
        except config.SettingsError as error:  # shown, and nothing is written over it
            self.problem = str(error)
        self.query_one("#settings-file", Static).update(
            f"⚠ {self.problem}" if self.problem else str(config.settings_file())
        )
        self.fill()
        table.focus()

    def fill(self) -> None:
        table = self.query_one("#settings", DataTable)
        row = table.cursor_row
        table.clear()
        for info in config.every_key():
            value = config.value_of(self.settings, info.name)
            shown = config.toml_value(value) if value != "" else _("(not set: the default)")
            table.add_row(info.name, shown, key=info.name)
        table.move_cursor(row=max(row, 0))
        self.show_help()

    def highlighted(self) -> config.KeyInfo:
        table = self.query_one("#settings", DataTable)
        return config.every_key()[max(table.cursor_row, 0)]

    @on(DataTable.RowHighlighted, "#settings")
    def show_help(self) -> None:
        info = self.highlighted()
        self.query_one("#settings-help", Static).update(info.comment)

    @on(DataTable.RowSelected, "#settings")
    def change(self) -> None:
        info = self.highlighted()
        current = config.value_of(self.settings, info.name)
        if info.kind is bool:
            self.save(info.name, not current)
        elif info.choices:
            following = (info.choices.index(str(current)) + 1) % len(info.choices)
            self.save(info.name, info.choices[following])
        else:
            field = self.query_one("#settings-value", Input)
            field.display = True
            field.value = str(current)
            field.border_title = info.name
            field.focus()

    @on(Input.Submitted, "#settings-value")
    def typed(self, message: Input.Submitted) -> None:
        info = self.highlighted()
        try:
            value = config.parse_value(info.name, message.value)
        except config.SettingsError as error:
            self.notify(str(error), severity="error")
            return
        if self.save(info.name, value):
            message.input.display = False
            self.query_one("#settings", DataTable).focus()

    def save(self, name: str, value: config.Value) -> bool:
        if self.problem:
            self.notify(self.problem, title=_("Fix the settings file first"), severity="error")
            return False
        try:
            self.settings = config.set_value(name, value)
        except (config.SettingsError, OSError) as error:
            self.notify(str(error), severity="error")
            return False
        self.changed = True
        self.fill()
        return True

    def action_back(self) -> None:
        field = self.query_one("#settings-value", Input)
        if field.display:
            field.display = False
            self.query_one("#settings", DataTable).focus()
            return
        self.dismiss(self.settings if self.changed else None)
