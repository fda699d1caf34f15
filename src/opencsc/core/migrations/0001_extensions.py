from django.contrib.postgres.operations import CreateExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Trigram and phonetic matching for finding a person despite misspellings."""

    initial = True
    dependencies: list = []
    operations = [
        TrigramExtension(),
        CreateExtension("fuzzystrmatch"),
        CreateExtension("unaccent"),
    ]
