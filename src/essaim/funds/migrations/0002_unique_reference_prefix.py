import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="fund",
            name="reference_prefix",
            field=models.CharField(
                help_text="Début de la référence des dossiers, par exemple MNT pour MNT-2024-06-0012.",
                max_length=8,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[A-Z0-9]{2,8}$", "De 2 à 8 lettres majuscules ou chiffres."
                    )
                ],
                verbose_name="préfixe des références",
            ),
        ),
    ]
