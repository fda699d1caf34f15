from django.apps import AppConfig


class LeavingConfig(AppConfig):
    name = "opencsc.leaving"
    label = "leaving"
    verbose_name = "Care leavers"
