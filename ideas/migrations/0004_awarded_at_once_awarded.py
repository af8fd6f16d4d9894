"""Only an awarded idea (awarded, or applied after it) has an award date, as the workflow sets
it: the gallery's "recently awarded" walk under another status starts after the awarded ideas
(selectors.gallery()). Checking the existing rows reads the table once (about 1 s at
1 000 000 ideas)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ideas", "0003_campaign_gallery_index")]

    operations = [
        migrations.AddConstraint(
            model_name="idea",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("awarded_at__isnull", True),
                    ("status__in", ("awarded", "applied")),
                    _connector="OR",
                ),
                name="ideas_awarded_at_once_awarded",
            ),
        ),
    ]
