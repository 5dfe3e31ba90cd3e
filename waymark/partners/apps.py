from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "waymark.partners"
    label = "partners"
    verbose_name = "Partners"
