"""Who may use the training pages (rows for test_permission_matrix).

The landing page is for anyone who belongs to a partnership: every signed-in persona does (the
outsider belongs to Otherton). Section pages add their rows here: members of Testford read the menu,
sessions and awareness library; the organisation's own training lead manages its register (others
get 404 for a named member of staff); coordinators manage the framework; the outsider gets 404.
"""

from waymark.core.tests.matrix import everyone


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "training:index": ("get", _no_kwargs, everyone(200)),
}
