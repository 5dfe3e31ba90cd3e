from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "waymark.governance"
    label = "governance"
    verbose_name = "Governance"
