"""Editing routine files: the template, safe saving, live checking and `check --watch`.

No Textual here: the editor screen (`player.tui.screens.editor`) and the commands build on it.
"""
