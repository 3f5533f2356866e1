"""The screens, the app and the player import each other one way only: no circle."""

from __future__ import annotations

import grimp

FRONT_ENDS = ("player.tui", "player.console")


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_no_import_circle_among_the_front_ends_modules() -> None:
    """Before: app -> screens.library -> screens.editor -> app (through PlayerSettings), and
    palette <-> screens.player."""
    graph = grimp.build_graph("player")
    circles = []
    for package in FRONT_ENDS:
        modules = [m for m in graph.modules if _inside(m, package)]
        for module in modules:
            for imported in graph.find_modules_directly_imported_by(module):
                if not _inside(imported, package):
                    continue
                back = graph.find_shortest_chain(importer=imported, imported=module)
                if back is not None:
                    circles.append(" -> ".join((module, *back)))
    assert circles == []
