"""ideas 0001_initial to 0012_partial_indexes_for_counts, squashed (docs/operations.md, "Upgrades")."""

import datetime
import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.functions.comparison
import django.utils.timezone
import partnership.files.fields
from decimal import Decimal
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from partnership.migration_ops import postgres_sql, trigram_indexes

# Which ideas the token index covers: ideas.models.PUBLIC_Q, the gallery's and the site
# search's rows (the same predicate as the ideas_public_* indexes).
PUBLIC = (
    "consent_to_publish AND status IN "
    "('under_review', 'shortlisted', 'awarded', 'not_selected', 'applied')"
)

# Every word of the folded text (cut to 60 characters), and every word joined by "_" to the
# first three letters of the next one ("thu vien rac" -> thu, vien, rac, thu_vie, vien_rac)
# (replaced 0005); ideas.selectors.token_query asks the same way.
SEARCH_TOKENS = r"""
CREATE OR REPLACE FUNCTION ideas_search_tokens(doc text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_to_tsvector(string_to_array(btrim(
    w || regexp_replace(w, ' (\S+) (\S{1,3})\S*', ' \1_\2', 'g')
      || regexp_replace(regexp_replace(w, '^ \S+', ''), ' (\S+) (\S{1,3})\S*', ' \1_\2', 'g')
  ), ' '))
  FROM (SELECT regexp_replace(doc, '(\S{60})\S+', '\1', 'g') AS w) AS cut
$$
"""

# Each idea's field, campaign and unit as tokens "@f3", "@c7" ("@c0" for none), "@u12", so a
# search combined with the gallery's filters is one intersection (replaced 0006).
FILTER_TOKENS = """
CREATE OR REPLACE FUNCTION ideas_filter_tokens(field_id bigint, campaign_id bigint, unit_id bigint)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_tsvector(ARRAY[
    '@f' || coalesce(field_id, 0), '@c' || coalesce(campaign_id, 0), '@u' || coalesce(unit_id, 0)
  ])
$$
"""

TOKENS = "(ideas_search_tokens(search_text) || ideas_filter_tokens(field_id, campaign_id, unit_id))"


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('ideas', '0001_initial'),
        ('ideas', '0002_pg_trgm'),
        ('ideas', '0003_trigram_indexes'),
        ('ideas', '0004_scale_indexes'),
        ('ideas', '0005_search_words'),
        ('ideas', '0006_search_filter_tokens'),
        ('ideas', '0007_status_change_on_workflow'),
        ('ideas', '0008_one_upload_path'),
        ('ideas', '0009_paper_authors'),
        ('ideas', '0010_idea_versions'),
        ('ideas', '0011_idea_row_version'),
        ('ideas', '0012_partial_indexes_for_counts'),
    ]

    dependencies = [
        ('organisations', '0001_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name='Field',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
            ],
            options={
                'verbose_name': 'field',
                'verbose_name_plural': 'fields',
                'ordering': ['order', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Campaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                ('rules', models.TextField(blank=True, max_length=10000, verbose_name='rules')),
                ('submission_opens', models.DateTimeField(verbose_name='submissions open')),
                ('submission_closes', models.DateTimeField(verbose_name='submissions close')),
                ('review_starts', models.DateField(blank=True, null=True, verbose_name='review starts')),
                ('review_ends', models.DateField(blank=True, null=True, verbose_name='review ends')),
                ('public_support', models.BooleanField(default=True, verbose_name='the public may support ideas')),
                ('awards', models.TextField(blank=True, max_length=3000, verbose_name='awards')),
                ('deadline_reminder_sent_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='deadline reminder sent at')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('organising_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='idea_campaigns', to='organisations.unit', verbose_name='organising unit')),
                ('fields', models.ManyToManyField(blank=True, related_name='campaigns', to='ideas.field', verbose_name='fields')),
            ],
            options={
                'verbose_name': 'campaign',
                'verbose_name_plural': 'campaigns',
                'ordering': ['-submission_opens'],
            },
        ),
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('description', models.CharField(blank=True, max_length=500, verbose_name='description')),
                ('weight', models.PositiveSmallIntegerField(default=1, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='weight')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='ideas.campaign', verbose_name='campaign')),
            ],
            options={
                'verbose_name': 'rubric criterion',
                'verbose_name_plural': 'rubric criteria',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Idea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('row_version', models.BigIntegerField(db_default=0, default=0, editable=False)),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('summary', models.TextField(max_length=1000, verbose_name='summary')),
                ('problem', models.TextField(blank=True, max_length=5000, verbose_name='problem')),
                ('solution', models.TextField(blank=True, max_length=20000, verbose_name='proposed solution')),
                ('impact', models.TextField(blank=True, max_length=5000, verbose_name='expected impact')),
                ('anonymous', models.BooleanField(default=False, verbose_name='publish without author names')),
                ('consent_to_publish', models.BooleanField(default=False, verbose_name='consent to publish')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('screening', 'Screening'), ('rejected', 'Rejected at screening'), ('under_review', 'Under review'), ('shortlisted', 'Shortlisted'), ('awarded', 'Awarded'), ('not_selected', 'Not selected'), ('applied', 'Applied in practice'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged into another idea')], db_index=True, default='draft', max_length=20, verbose_name='status')),
                ('search_text', models.TextField(blank=True, editable=False, verbose_name='search text')),
                ('title_folded', models.CharField(blank=True, editable=False, max_length=200, verbose_name='folded title')),
                ('support_count', models.PositiveIntegerField(default=0, editable=False, verbose_name='supports')),
                ('vnpt_supported', models.BooleanField(db_index=True, default=False, verbose_name='supported by VNPT')),
                ('vnpt_supported_at', models.DateTimeField(blank=True, null=True, verbose_name='VNPT support since')),
                ('applied_evidence', models.TextField(blank=True, max_length=5000, verbose_name='evidence of application')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('submitted_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='submitted at')),
                ('awarded_at', models.DateTimeField(blank=True, null=True, verbose_name='awarded at')),
                ('mean_score', models.DecimalField(blank=True, decimal_places=2, editable=False, max_digits=5, null=True, verbose_name='mean review score')),
                ('reviews_done', models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='reviews done')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to='ideas.campaign', verbose_name='campaign')),
                ('field', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to='ideas.field', verbose_name='field')),
                ('merged_into', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='merged_ideas', to='ideas.idea', verbose_name='merged into')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by (on behalf of the author)')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ideas', to='organisations.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'idea',
                'verbose_name_plural': 'ideas',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Follow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='idea_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='member')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'follow',
                'verbose_name_plural': 'follows',
            },
        ),
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.TextField(max_length=2000, verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('hidden_at', models.DateTimeField(blank=True, null=True, verbose_name='hidden at')),
                ('hidden_reason', models.CharField(blank=True, max_length=500, verbose_name='reason for hiding')),
                ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='idea_comments', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='hidden by')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'comment',
                'verbose_name_plural': 'comments',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CoAuthor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                ('name', models.CharField(blank=True, max_length=150, verbose_name='name')),
                ('token', models.CharField(editable=False, max_length=64, unique=True, verbose_name='confirmation token')),
                ('invited_at', models.DateTimeField(auto_now_add=True, verbose_name='invited at')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='co_authored_ideas', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='co_authors', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'co-author',
                'verbose_name_plural': 'co-authors',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', partnership.files.fields.UploadFileField(upload_to='ideas/%Y/%m/', verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='original name')),
                ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='IdeaStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('old_status', models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('screening', 'Screening'), ('rejected', 'Rejected at screening'), ('under_review', 'Under review'), ('shortlisted', 'Shortlisted'), ('awarded', 'Awarded'), ('not_selected', 'Not selected'), ('applied', 'Applied in practice'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged into another idea')], max_length=20, verbose_name='old status')),
                ('new_status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('screening', 'Screening'), ('rejected', 'Rejected at screening'), ('under_review', 'Under review'), ('shortlisted', 'Shortlisted'), ('awarded', 'Awarded'), ('not_selected', 'Not selected'), ('applied', 'Applied in practice'), ('withdrawn', 'Withdrawn'), ('merged', 'Merged into another idea')], max_length=20, verbose_name='new status')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='IdeaVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='version')),
                ('fields', models.JSONField(default=dict, verbose_name='text of this version')),
                ('note', models.CharField(blank=True, max_length=500, verbose_name='what changed')),
                ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected')], db_index=True, default='approved', max_length=20, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='in force since')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='amended by')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'idea version',
                'verbose_name_plural': 'idea versions',
                'ordering': ['idea', 'number', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='IdeaVersionStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('old_status', models.CharField(blank=True, choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected')], max_length=20, verbose_name='old status')),
                ('new_status', models.CharField(choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected')], max_length=20, verbose_name='new status')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='ideas.ideaversion', verbose_name='idea version')),
            ],
            options={
                'verbose_name': 'amendment decision',
                'verbose_name_plural': 'amendment decisions',
                'ordering': ['at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PaperAuthor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='full name')),
                ('birth_date', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                ('phone_digits', models.CharField(blank=True, db_index=True, editable=False, max_length=20, verbose_name='phone digits')),
                ('email', models.EmailField(blank=True, db_index=True, max_length=254, verbose_name='e-mail')),
                ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='claimed at')),
                ('claimed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='claimed by')),
                ('idea', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='paper_author', to='ideas.idea', verbose_name='idea')),
            ],
            options={
                'verbose_name': 'paper author',
                'verbose_name_plural': 'paper authors',
            },
        ),
        migrations.CreateModel(
            name='ReviewAssignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assigned_at', models.DateTimeField(auto_now_add=True, verbose_name='assigned at')),
                ('completed_at', models.DateTimeField(blank=True, null=True, verbose_name='completed at')),
                ('comment', models.TextField(blank=True, max_length=5000, verbose_name='overall comment')),
                ('weighted_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='weighted score')),
                ('assigned_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned by')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='ideas.idea', verbose_name='idea')),
                ('reviewer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='idea_reviews', to=settings.AUTH_USER_MODEL, verbose_name='reviewer')),
            ],
            options={
                'verbose_name': 'review',
                'verbose_name_plural': 'reviews',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Score',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10)], verbose_name='score')),
                ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='ideas.criterion', verbose_name='criterion')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='ideas.reviewassignment', verbose_name='review')),
            ],
            options={
                'verbose_name': 'score',
                'verbose_name_plural': 'scores',
            },
        ),
        migrations.CreateModel(
            name='Support',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(class)ss', to='ideas.idea', verbose_name='idea')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='idea_%(class)ss', to=settings.AUTH_USER_MODEL, verbose_name='member')),
            ],
            options={
                'verbose_name': 'support',
                'verbose_name_plural': 'supports',
            },
        ),
        migrations.CreateModel(
            name='VnptOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('mentoring', 'Mentoring'), ('technology', 'Technology'), ('infrastructure', 'Infrastructure'), ('pilot', 'Pilot in a province')], max_length=20, verbose_name='kind of support')),
                ('note', models.TextField(max_length=1000, verbose_name='note')),
                ('province', models.CharField(blank=True, max_length=60, verbose_name='province (for a pilot)')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='offered at')),
                ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='vnpt_offers', to='ideas.idea', verbose_name='idea')),
                ('offered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='offered by')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='idea_offers', to='organisations.unit', verbose_name='VNPT unit')),
            ],
            options={
                'verbose_name': 'VNPT support offer',
                'verbose_name_plural': 'VNPT support offers',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='CommentReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(max_length=500, verbose_name='reason')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='reported at')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reported by')),
                ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='ideas.comment', verbose_name='comment')),
            ],
            options={
                'verbose_name': 'abuse report',
                'verbose_name_plural': 'abuse reports',
                'constraints': [models.UniqueConstraint(fields=('comment', 'by'), name='ideas_report_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(fields=('campaign', 'name'), name='ideas_criterion_unique'),
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 1)), name='ideas_criterion_weight_pos'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('submission_closes__gt', models.F('submission_opens'))), name='ideas_campaign_window_ordered'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(fields=['status', 'submitted_at'], name='ideas_idea_status_8c3f5b_idx'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(condition=models.Q(('vnpt_supported', True)), fields=['vnpt_supported_at', 'status', 'id'], name='ideas_vnpt_supported'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(models.OrderBy(models.F('submitted_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('consent_to_publish', True), ('status__in', ('under_review', 'shortlisted', 'awarded', 'not_selected', 'applied'))), name='ideas_public_newest'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(models.OrderBy(models.F('support_count'), descending=True), models.OrderBy(models.F('submitted_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('consent_to_publish', True), ('status__in', ('under_review', 'shortlisted', 'awarded', 'not_selected', 'applied'))), name='ideas_public_supported'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('awarded_at', models.Value(datetime.datetime(1900, 1, 1, 0, 0, tzinfo=datetime.timezone.utc), output_field=models.DateTimeField())), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('consent_to_publish', True), ('status__in', ('under_review', 'shortlisted', 'awarded', 'not_selected', 'applied'))), name='ideas_public_awarded'),
        ),
        migrations.AddIndex(
            model_name='idea',
            index=models.Index(models.OrderBy(django.db.models.functions.comparison.Coalesce('mean_score', models.Value(Decimal('-1'), output_field=models.DecimalField(decimal_places=2, max_digits=5))), descending=True), models.OrderBy(django.db.models.expressions.CombinedExpression(models.F('id'), '*', models.Value(-1)), descending=True), condition=models.Q(('status__in', ('submitted', 'screening', 'under_review', 'shortlisted'))), name='ideas_waiting_ranked'),
        ),
        migrations.AddConstraint(
            model_name='follow',
            constraint=models.UniqueConstraint(fields=('idea', 'user'), name='ideas_follow_once'),
        ),
        migrations.AddConstraint(
            model_name='comment',
            constraint=models.CheckConstraint(condition=models.Q(('hidden_at__isnull', True), models.Q(('hidden_reason', ''), _negated=True), _connector='OR'), name='ideas_comment_hidden_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='coauthor',
            constraint=models.UniqueConstraint(fields=('idea', 'email'), name='ideas_coauthor_unique'),
        ),
        migrations.AddConstraint(
            model_name='ideaversion',
            constraint=models.UniqueConstraint(fields=('idea', 'number'), name='ideas_version_number_once'),
        ),
        migrations.AddConstraint(
            model_name='ideaversion',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('idea',), name='ideas_version_one_pending'),
        ),
        migrations.AddConstraint(
            model_name='paperauthor',
            constraint=models.CheckConstraint(condition=models.Q(('claimed_at__isnull', False), ('birth_date__isnull', False), models.Q(('phone', ''), _negated=True), _connector='OR'), name='ideas_paper_author_reachable'),
        ),
        migrations.AddConstraint(
            model_name='reviewassignment',
            constraint=models.UniqueConstraint(fields=('idea', 'reviewer'), name='ideas_review_unique'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.UniqueConstraint(fields=('review', 'criterion'), name='ideas_score_unique'),
        ),
        migrations.AddConstraint(
            model_name='score',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 1), ('value__lte', 10)), name='ideas_score_in_scale'),
        ),
        migrations.AddConstraint(
            model_name='support',
            constraint=models.UniqueConstraint(fields=('idea', 'user'), name='ideas_support_once'),
        ),
        migrations.AddConstraint(
            model_name='vnptoffer',
            constraint=models.UniqueConstraint(fields=('idea', 'offered_by', 'kind'), name='ideas_offer_once_per_kind'),
        ),
        trigram_indexes({"ideas_idea_title_trgm": ("ideas_idea", "title_folded")}),
        postgres_sql(
            [
                SEARCH_TOKENS,
                FILTER_TOKENS,
                "CREATE INDEX ideas_idea_search_tokens ON ideas_idea "
                f"USING gin ({TOKENS}) WHERE {PUBLIC}",
            ],
            [
                "DROP INDEX IF EXISTS ideas_idea_search_tokens",
                "DROP FUNCTION IF EXISTS ideas_filter_tokens(bigint, bigint, bigint)",
                "DROP FUNCTION IF EXISTS ideas_search_tokens(text)",
            ],
        ),
    ]
