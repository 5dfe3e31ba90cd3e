"""Who may import people from a file (rows for test_permission_matrix).

Only coordinators import, into the partnerships they coordinate: everyone else gets 403, as on the
review queue (the pages are not about a record). The outsider coordinates Otherton, so may import
there. With no file uploaded yet, the preview and the result page send a coordinator to the upload.
"""

from waymark.core.tests.matrix import coordinators


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "people:person-import": ("get", _no_kwargs, coordinators()),
    "people:person-import-preview": ("get", _no_kwargs, coordinators(302)),
    "people:person-import-done": ("get", _no_kwargs, coordinators(302)),
}
