from django.db import migrations


def site_from_settings(apps, schema_editor):
    from partnership.sites import sync_site

    sync_site(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    """The Sites record names the portal at SITE_URL, not "example.com"."""

    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(site_from_settings, migrations.RunPython.noop)]
