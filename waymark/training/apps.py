from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "waymark.training"
    label = "training"
    verbose_name = "Training"
