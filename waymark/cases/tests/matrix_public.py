"""Who may use the public report pages (rows for test_permission_matrix): everyone, signed in or not."""

from waymark.core.tests.matrix import everyone


def _testford(world, personas):
    return {"pk": world.testford.pk}


def _no_kwargs(world, personas):
    return {}


EXPECTATIONS = {
    "public:start": ("get", _no_kwargs, everyone(200, anonymous=200)),
    "public:report": ("get", _testford, everyone(200, anonymous=200)),
    # The confirmation is shown only in the browser that has just sent a report; otherwise not found.
    "public:sent": ("get", _no_kwargs, everyone(404, anonymous=404)),
}
