from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "waymark.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from . import list_counts

        list_counts.connect()
