from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "waymark.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
