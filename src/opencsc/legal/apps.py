from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "opencsc.legal"
    label = "legal"
    verbose_name = "Legal planning and proceedings"
