"""services 0001_initial to 0011_partial_indexes_for_counts, squashed (docs/operations.md, "Upgrades")."""

import django.db.models.deletion
import django.utils.timezone
import partnership.files.fields
import services.models
import uuid
from django.conf import settings
from django.db import migrations, models

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('services', '0001_initial'),
        ('services', '0002_status_change_blank_old'),
        ('services', '0003_display_order'),
        ('services', '0004_service_image_random_name'),
        ('services', '0005_pending_upload'),
        ('services', '0006_request_lists_and_demand'),
        ('services', '0007_one_upload_path'),
        ('services', '0008_search_trigram_index'),
        ('services', '0009_pricing_and_deadlines'),
        ('services', '0010_closure_confirmation'),
        ('services', '0011_partial_indexes_for_counts'),
    ]

    dependencies = [
        ('organisations', '0001_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Category',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='display order')),
            ],
            options={
                'verbose_name': 'category',
                'verbose_name_plural': 'categories',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.CreateModel(
            name='WorkdayChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True, verbose_name='day')),
                ('kind', models.CharField(choices=[('day_off', 'Day off'), ('working_day', 'Working day')], max_length=12, verbose_name='kind')),
                ('reason', models.CharField(help_text='E.g. the decision announcing it.', max_length=200, verbose_name='reason')),
            ],
            options={
                'verbose_name': 'working-day change',
                'verbose_name_plural': 'working-day changes',
                'ordering': ['-day'],
            },
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('slug', models.SlugField(max_length=200, unique=True, verbose_name='slug')),
                ('summary', models.CharField(max_length=300, verbose_name='summary')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('image', partnership.files.fields.UploadImageField(blank=True, upload_to=services.models.service_image_path, verbose_name='image')),
                ('official_url', models.URLField(blank=True, verbose_name='official site')),
                ('published', models.BooleanField(db_index=True, default=False, verbose_name='published')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='created at')),
                ('search_text', models.TextField(blank=True, editable=False, verbose_name='search text')),
                ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='services', to='services.category', verbose_name='category')),
                ('provider', models.ForeignKey(limit_choices_to={'party': 'vnpt'}, on_delete=django.db.models.deletion.PROTECT, related_name='provided_services', to='organisations.unit', verbose_name='provider (VNPT unit)')),
            ],
            options={
                'verbose_name': 'service',
                'verbose_name_plural': 'services',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Plan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('code', models.SlugField(max_length=80, unique=True, verbose_name='code')),
                ('tier', models.CharField(blank=True, max_length=60, verbose_name='tier')),
                ('with_device', models.BooleanField(default=False, verbose_name='with device')),
                ('term_months', models.PositiveSmallIntegerField(default=1, verbose_name='term (months)')),
                ('months_paid', models.PositiveSmallIntegerField(default=1, verbose_name='months paid')),
                ('monthly_price', models.PositiveBigIntegerField(verbose_name='monthly price before VAT (đồng)')),
                ('vat_rate', models.PositiveSmallIntegerField(default=10, verbose_name='VAT rate (%)')),
                ('second_monthly_price', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='monthly price of a second subscription before VAT (đồng)')),
                ('public_monthly_price', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='public monthly price before VAT (đồng)')),
                ('valid_from', models.DateField(default=django.utils.timezone.localdate, verbose_name='on sale from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='on sale until')),
                ('for_members', models.BooleanField(default=False, verbose_name='for union members')),
                ('for_officers', models.BooleanField(default=False, verbose_name='for union officers')),
                ('for_central_staff', models.BooleanField(default=False, verbose_name='for staff of the Central Union and its units')),
                ('for_units', models.BooleanField(default=False, verbose_name='for union units')),
                ('level_central', models.BooleanField(default=True, verbose_name='central level')),
                ('level_provincial', models.BooleanField(default=True, verbose_name='provincial level')),
                ('level_grassroots', models.BooleanField(default=True, verbose_name='grassroots level')),
                ('min_quantity', models.PositiveIntegerField(default=1, help_text='E.g. 20 for a class plan sold from 20 accounts.', verbose_name='minimum quantity per request')),
                ('max_quantity', models.PositiveIntegerField(default=1000, help_text='At most 1000, the limit of any request.', verbose_name='maximum quantity per request')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='display order')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plans', to='services.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'plan',
                'verbose_name_plural': 'plans',
                'ordering': ['service', 'position', 'term_months', 'monthly_price'],
            },
        ),
        migrations.CreateModel(
            name='ServiceDemand',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('requests', models.PositiveIntegerField(default=0, verbose_name='requests')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='demand', to='services.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'requests per day',
                'verbose_name_plural': 'requests per day',
            },
        ),
        migrations.CreateModel(
            name='ServiceRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(editable=False, max_length=20, unique=True, verbose_name='reference')),
                ('for_unit', models.BooleanField(default=True, verbose_name='for the unit')),
                ('quantity', models.PositiveIntegerField(default=1, verbose_name='quantity')),
                ('contact_name', models.CharField(max_length=120, verbose_name='contact person')),
                ('contact_phone', models.CharField(max_length=30, verbose_name='contact phone')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address / place of installation')),
                ('wished_on', models.DateField(blank=True, null=True, verbose_name='wished date')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('first_unit_price', models.PositiveBigIntegerField(editable=False, null=True, verbose_name='first subscription for the term, before VAT (đồng)')),
                ('other_unit_price', models.PositiveBigIntegerField(editable=False, null=True, verbose_name='each further subscription for the term, before VAT (đồng)')),
                ('vat_rate', models.PositiveSmallIntegerField(editable=False, null=True, verbose_name='VAT rate (%)')),
                ('amount_before_vat', models.PositiveBigIntegerField(editable=False, null=True, verbose_name='amount before VAT (đồng)')),
                ('vat_amount', models.PositiveBigIntegerField(editable=False, null=True, verbose_name='VAT (đồng)')),
                ('amount_total', models.PositiveBigIntegerField(editable=False, null=True, verbose_name='total, VAT incl. (đồng)')),
                ('status', models.CharField(choices=[('submitted', 'Submitted'), ('needs_info', 'Needs information'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('cancelled', 'Cancelled'), ('in_progress', 'In progress'), ('completed', 'Completed, awaiting confirmation'), ('confirmed', 'Confirmed'), ('failed', 'Failed'), ('closed', 'Closed')], db_index=True, default='submitted', max_length=20, verbose_name='status')),
                ('idempotency_key', models.UUIDField(default=uuid.uuid4, editable=False, verbose_name='idempotency key')),
                ('submitted_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='submitted at')),
                ('first_response_due', models.DateField(blank=True, null=True, verbose_name='first response due')),
                ('first_response_at', models.DateTimeField(blank=True, null=True, verbose_name='first responded at')),
                ('completed_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='completed at')),
                ('contract_number', models.CharField(blank=True, max_length=60, verbose_name='contract or subscriber number')),
                ('activated_on', models.DateField(blank=True, null=True, verbose_name='activation date')),
                ('confirmation_due', models.DateField(blank=True, null=True, verbose_name='confirmation due')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed at')),
                ('auto_confirmed', models.BooleanField(default=False, verbose_name='confirmed automatically')),
                ('rating', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='satisfaction (1–5)')),
                ('rating_comment', models.TextField(blank=True, verbose_name="requester's comment on the service")),
                ('reminded_at', models.DateTimeField(blank=True, null=True, verbose_name='reminded at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='claimed_service_requests', to=settings.AUTH_USER_MODEL, verbose_name='VNPT liaison in charge')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='services.plan', verbose_name='plan')),
                ('requester', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='service_requests', to=settings.AUTH_USER_MODEL, verbose_name='requester')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='services.service', verbose_name='service')),
                ('unit', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='service_requests', to='organisations.unit', verbose_name='requesting unit')),
                ('vnpt_unit', models.ForeignKey(db_index=False, limit_choices_to={'party': 'vnpt'}, on_delete=django.db.models.deletion.PROTECT, related_name='routed_service_requests', to='organisations.unit', verbose_name='VNPT unit handling it')),
            ],
            options={
                'verbose_name': 'service request',
                'verbose_name_plural': 'service requests',
                'ordering': ['-submitted_at'],
            },
        ),
        migrations.CreateModel(
            name='Message',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.TextField(verbose_name='message')),
                ('attachment', partnership.files.fields.UploadFileField(blank=True, upload_to='services/messages/', verbose_name='attachment')),
                ('attachment_name', models.CharField(blank=True, max_length=200, verbose_name='attachment name')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='services.servicerequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'message',
                'verbose_name_plural': 'messages',
                'ordering': ['created_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DeadlineAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('reminder', 'Reminder before the due date'), ('escalation', 'Escalation to VNPT headquarters')], max_length=12, verbose_name='kind')),
                ('threshold', models.PositiveSmallIntegerField(verbose_name='working days')),
                ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadline_alerts', to='services.servicerequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'deadline alert',
                'verbose_name_plural': 'deadline alerts',
            },
        ),
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('old_status', models.CharField(blank=True, choices=[('submitted', 'Submitted'), ('needs_info', 'Needs information'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('cancelled', 'Cancelled'), ('in_progress', 'In progress'), ('completed', 'Completed, awaiting confirmation'), ('confirmed', 'Confirmed'), ('failed', 'Failed'), ('closed', 'Closed')], max_length=20, verbose_name='old status')),
                ('new_status', models.CharField(choices=[('submitted', 'Submitted'), ('needs_info', 'Needs information'), ('accepted', 'Accepted'), ('rejected', 'Rejected'), ('cancelled', 'Cancelled'), ('in_progress', 'In progress'), ('completed', 'Completed, awaiting confirmation'), ('confirmed', 'Confirmed'), ('failed', 'Failed'), ('closed', 'Closed')], max_length=20, verbose_name='new status')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='services.servicerequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'status change',
                'verbose_name_plural': 'status changes',
                'ordering': ['at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Promotion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('ends_on', models.DateField(verbose_name='ends on')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='promotions', to='services.service', verbose_name='service')),
            ],
            options={
                'verbose_name': 'promotion',
                'verbose_name_plural': 'promotions',
                'ordering': ['-starts_on'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='services_promotion_dates_ordered')],
            },
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('months_paid__lte', models.F('term_months')), ('months_paid__gte', 1)), name='services_plan_months_paid_within_term'),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('vat_rate__lte', 100)), name='services_plan_vat_rate_percent'),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('valid_from')), _connector='OR'), name='services_plan_validity_ordered'),
        ),
        migrations.AddConstraint(
            model_name='plan',
            constraint=models.CheckConstraint(condition=models.Q(('min_quantity__gte', 1), ('max_quantity__gte', models.F('min_quantity')), ('max_quantity__lte', 1000)), name='services_plan_quantity_bounds'),
        ),
        migrations.AddConstraint(
            model_name='servicedemand',
            constraint=models.UniqueConstraint(fields=('service', 'day'), name='services_demand_per_day'),
        ),
        migrations.AddIndex(
            model_name='servicerequest',
            index=models.Index(fields=['vnpt_unit', 'submitted_at', 'id'], name='services_request_vnpt_recent'),
        ),
        migrations.AddIndex(
            model_name='servicerequest',
            index=models.Index(fields=['unit', 'submitted_at', 'id'], name='services_request_unit_recent'),
        ),
        migrations.AddIndex(
            model_name='servicerequest',
            index=models.Index(condition=models.Q(('rating__isnull', False)), fields=['service', 'rating', 'id'], name='services_request_rated'),
        ),
        migrations.AddIndex(
            model_name='servicerequest',
            index=models.Index(condition=models.Q(('confirmed_at__isnull', False)), fields=['service', 'completed_at', 'status', 'id'], name='services_request_confirmed'),
        ),
        migrations.AddConstraint(
            model_name='servicerequest',
            constraint=models.UniqueConstraint(fields=('requester', 'idempotency_key'), name='services_request_idempotent'),
        ),
        migrations.AddConstraint(
            model_name='servicerequest',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gte', 1), ('quantity__lte', 1000)), name='services_request_quantity_range'),
        ),
        migrations.AddConstraint(
            model_name='servicerequest',
            constraint=models.CheckConstraint(condition=models.Q(('rating__isnull', True), models.Q(('rating__gte', 1), ('rating__lte', 5)), _connector='OR'), name='services_request_rating_1_to_5'),
        ),
        migrations.AddConstraint(
            model_name='deadlinealert',
            constraint=models.UniqueConstraint(fields=('request', 'kind', 'threshold'), name='services_deadline_alert_once'),
        ),
        trigram_indexes({"search_service_text_trgm": ("services_service", "search_text")}),
    ]
