"""Who may use the governance pages (rows for test_permission_matrix).

The landing page is for anyone who belongs to a partnership: every signed-in persona does (the
outsider belongs to Otherton). Section pages add their rows here: members of Testford read, leads
update their own actions, coordinators manage, and the outsider gets 404.
"""

from waymark.core.tests.matrix import everyone


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "governance:index": ("get", _no_kwargs, everyone(200)),
}
