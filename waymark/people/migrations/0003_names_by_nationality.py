from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_learnt_levels"),
    ]

    operations = [
        migrations.AddField(
            model_name="matchingfrequencies",
            name="names_by_nationality",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
