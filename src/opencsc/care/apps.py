from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "opencsc.care"
    label = "care"
    verbose_name = "Children looked after"
