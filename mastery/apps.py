from django.apps import AppConfig


class MasteryConfig(AppConfig):
    name = "mastery"
    verbose_name = "Mastery Specialists"
