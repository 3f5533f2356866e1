"""The import graph of the whole package has no circle: every module imports the ones below
it, never one that (through others) imports it back. Imports inside functions count too."""

from __future__ import annotations

import grimp


def test_no_import_circle_anywhere_in_the_package() -> None:
    """Circles there were: app -> screens.library -> screens.editor -> app (through
    PlayerSettings); palette <-> screens.player; routine.source -> limits -> totals ->
    resolve -> source; desktop.listen -> rehearse -> listen (the doctor's check)."""
    graph = grimp.build_graph("player")
    circles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith("player"):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                circles.append(" -> ".join((module, *back)))
    assert circles == []
