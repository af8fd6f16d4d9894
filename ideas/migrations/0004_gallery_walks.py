"""Two walks of the public gallery, each in the index it can use.

- "Recently awarded" under a status filter: only an awarded idea (awarded, or applied after
  it) has an award date, as the workflow sets it, now a check constraint; the walk for the
  other statuses starts after the awarded ideas (selectors.gallery()) instead of walking past
  all of them (95 000 rows and 230 ms at 1 000 000 ideas). Checking the existing rows reads
  the table once (about 1.5 s at 1 000 000 ideas).
- A field's published ideas, newest first, in their own index, as a campaign's (0003): a field
  holds a sixth of the ideas and a field in one province about a two-hundredth, so a page of
  them walked ideas_public_newest for thousands of rows (4 000 rows and 4 ms at 1 000 000
  ideas for a field in a province). About 2 s to build at 1 000 000 ideas.
"""

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
        migrations.AddIndex(
            model_name="idea",
            index=models.Index(
                models.F("field"),
                models.OrderBy(models.F("submitted_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(
                    ("consent_to_publish", True),
                    (
                        "status__in",
                        ("under_review", "shortlisted", "awarded", "not_selected", "applied"),
                    ),
                ),
                name="ideas_public_field_newest",
            ),
        ),
    ]
