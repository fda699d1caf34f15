from django.apps import AppConfig


class ProtectionConfig(AppConfig):
    name = "opencsc.protection"
    label = "protection"
    verbose_name = "Child protection"
