"""news 0001_initial to 0003_search_trigram_index, squashed (docs/operations.md, "Upgrades")."""

import django.db.models.deletion
import django.utils.timezone
import partnership.files.fields
from django.db import migrations, models

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('news', '0001_initial'),
        ('news', '0002_cover_checked'),
        ('news', '0003_search_trigram_index'),
    ]

    dependencies = [
        ('organisations', '0001_squashed'),
    ]

    operations = [
        migrations.CreateModel(
            name='Article',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=250, verbose_name='title')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('summary', models.TextField(max_length=1000, verbose_name='summary')),
                ('body', models.TextField(verbose_name='body')),
                ('cover_image', partnership.files.fields.UploadImageField(blank=True, upload_to='news/', verbose_name='cover image')),
                ('cover_caption', models.CharField(blank=True, max_length=300, verbose_name='cover caption')),
                ('cover_credit', models.CharField(blank=True, help_text='Shown as "Photo: …", e.g. Minh Châu.', max_length=120, verbose_name='photo credit')),
                ('author_name', models.CharField(blank=True, max_length=120, verbose_name='author')),
                ('published_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='published at')),
                ('is_published', models.BooleanField(default=True, verbose_name='published')),
                ('for_vnpt_channels', models.BooleanField(default=True, help_text="Youth-work news the Union provides for VNPT's own channels (Atom feed).", verbose_name='for VNPT channels')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('search_text', models.TextField(blank=True, editable=False)),
                ('author_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='organisations.unit', verbose_name='author unit')),
            ],
            options={
                'verbose_name': 'news article',
                'verbose_name_plural': 'news articles',
                'ordering': ['-published_at'],
            },
        ),
        trigram_indexes({"search_article_text_trgm": ("news_article", "search_text")}),
    ]
