from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "opencsc.plans"
    label = "plans"
    verbose_name = "Plans, reviews and statutory visits"
