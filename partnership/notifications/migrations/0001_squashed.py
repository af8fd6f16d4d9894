"""notifications 0001_initial to 0005_outbox_one_path_webhooks, squashed (docs/operations.md, "Upgrades")."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('notifications', '0001_initial'),
        ('notifications', '0002_delivery_preference'),
        ('notifications', '0003_announcement'),
        ('notifications', '0004_announcement_unit'),
        ('notifications', '0005_outbox_one_path_webhooks'),
    ]

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('organisations', '0001_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AddressOptOut',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='address')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
            ],
            options={
                'verbose_name': 'address that opted out',
                'verbose_name_plural': 'addresses that opted out',
            },
        ),
        migrations.CreateModel(
            name='OutboxEpoch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('identity', models.CharField(max_length=200, verbose_name='database identity')),
                ('checked_at', models.DateTimeField(auto_now=True, verbose_name='checked at')),
                ('held', models.PositiveIntegerField(default=0, verbose_name='deliveries held at the last restore')),
                ('restored_at', models.DateTimeField(blank=True, null=True, verbose_name='restore detected at')),
            ],
            options={
                'verbose_name': 'outbox epoch',
                'verbose_name_plural': 'outbox epoch',
            },
        ),
        migrations.CreateModel(
            name='Announcement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=120, unique=True, verbose_name='key')),
                ('event', models.CharField(max_length=80, verbose_name='event')),
                ('category', models.CharField(choices=[('service_requests', 'Service requests'), ('agreement_progress', 'Agreement progress'), ('ideas', 'Ideas'), ('comments', 'Comments'), ('reminders', 'Reminders'), ('account', 'Account')], max_length=30, verbose_name='category')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('body', models.TextField(blank=True, verbose_name='text')),
                ('url', models.CharField(blank=True, max_length=500, verbose_name='link')),
                ('object_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='object id')),
                ('cursor', models.PositiveBigIntegerField(default=0, verbose_name='last recipient done')),
                ('recipients', models.PositiveIntegerField(default=0, verbose_name='notifications')),
                ('emails', models.PositiveIntegerField(default=0, verbose_name='e-mails queued')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('progressed_at', models.DateTimeField(blank=True, null=True, verbose_name='last progress')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='announced by')),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='object type')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.unit', verbose_name='to everyone in')),
            ],
            options={
                'verbose_name': 'announcement',
                'verbose_name_plural': 'announcements',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('address', models.EmailField(blank=True, max_length=254, verbose_name='address')),
                ('payload', models.JSONField(blank=True, default=dict, verbose_name='payload')),
                ('kind', models.CharField(choices=[('single', 'One notification'), ('digest', 'Daily digest'), ('message', 'Prepared e-mail'), ('event', 'Webhook event')], default='single', max_length=10, verbose_name='kind')),
                ('channel', models.CharField(choices=[('email', 'E-mail'), ('webhook', 'Webhook')], default='email', max_length=10, verbose_name='channel')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed'), ('skipped', 'Skipped'), ('held', 'Held after a restore')], default='pending', max_length=10, verbose_name='status')),
                ('tries', models.PositiveSmallIntegerField(default=0, verbose_name='tries')),
                ('next_attempt_at', models.DateTimeField(verbose_name='next attempt at')),
                ('lease_until', models.DateTimeField(blank=True, null=True, verbose_name='claimed until')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
                ('idempotency_key', models.CharField(max_length=120, unique=True, verbose_name='idempotency key')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='notification_deliveries', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'delivery',
                'verbose_name_plural': 'deliveries',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event', models.CharField(max_length=80, verbose_name='event')),
                ('category', models.CharField(choices=[('service_requests', 'Service requests'), ('agreement_progress', 'Agreement progress'), ('ideas', 'Ideas'), ('comments', 'Comments'), ('reminders', 'Reminders'), ('account', 'Account')], max_length=30, verbose_name='category')),
                ('object_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='object id')),
                ('url', models.CharField(blank=True, max_length=500, verbose_name='link')),
                ('context', models.JSONField(blank=True, default=dict, verbose_name='context')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('wants_digest', models.BooleanField(default=False, verbose_name='in the daily digest')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('content_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='object type')),
                ('digest', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='digest_items', to='notifications.delivery', verbose_name='digest delivery')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddField(
            model_name='delivery',
            name='notification',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notifications.notification', verbose_name='notification'),
        ),
        migrations.CreateModel(
            name='Preference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('service_requests', 'Service requests'), ('agreement_progress', 'Agreement progress'), ('ideas', 'Ideas'), ('comments', 'Comments'), ('reminders', 'Reminders'), ('account', 'Account')], max_length=30, verbose_name='category')),
                ('mode', models.CharField(choices=[('immediate', 'Immediately'), ('digest', 'Once a day (daily digest)'), ('off', 'Off')], max_length=10, verbose_name='e-mail')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preferences', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'notification preference',
                'verbose_name_plural': 'notification preferences',
            },
        ),
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('url', models.URLField(max_length=500, verbose_name='address (HTTPS)')),
                ('description', models.CharField(blank=True, max_length=200, verbose_name='description')),
                ('secret', models.CharField(editable=False, max_length=100, verbose_name='signing secret')),
                ('events', models.JSONField(blank=True, default=list, help_text='None selected: every event.', verbose_name='events')),
                ('active', models.BooleanField(default=True, verbose_name='active')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhook_endpoints', to='organisations.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'webhook endpoint',
                'verbose_name_plural': 'webhook endpoints',
                'ordering': ['unit', 'url'],
            },
        ),
        migrations.AddField(
            model_name='delivery',
            name='endpoint',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='notifications.webhookendpoint', verbose_name='webhook endpoint'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', 'read_at', '-created_at'], name='notificatio_recipie_ce9d56_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(condition=models.Q(('digest__isnull', True), ('wants_digest', True)), fields=['recipient', 'created_at'], name='notification_digest_due'),
        ),
        migrations.AddConstraint(
            model_name='preference',
            constraint=models.UniqueConstraint(fields=('user', 'category'), name='preference_once'),
        ),
        migrations.AddIndex(
            model_name='delivery',
            index=models.Index(fields=['status', 'next_attempt_at'], name='notificatio_status_00072e_idx'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'sent'), _negated=True), ('sent_at__isnull', False), _connector='OR'), name='delivery_sent_has_time'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'single'), _negated=True), ('notification__isnull', False), _connector='OR'), name='delivery_single_has_notification'),
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.CheckConstraint(condition=models.Q(('recipient__isnull', False), models.Q(('address', ''), _negated=True), ('endpoint__isnull', False), _connector='OR'), name='delivery_has_destination'),
        ),
    ]
