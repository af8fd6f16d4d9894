"""agreements 0001_initial to 0007_dashboard_summary, squashed (docs/operations.md, "Upgrades")."""

import django.db.models.deletion
import django.utils.timezone
import partnership.files.fields
from django.conf import settings
from django.db import migrations, models

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('agreements', '0001_initial'),
        ('agreements', '0002_labels'),
        ('agreements', '0003_status_change_on_workflow'),
        ('agreements', '0004_one_upload_path'),
        ('agreements', '0005_search_trigram_indexes'),
        ('agreements', '0006_indicator_off_portal_reports'),
        ('agreements', '0007_dashboard_summary'),
    ]

    dependencies = [
        ('organisations', '0001_squashed'),
        ('services', '0001_squashed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Agreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('number', models.CharField(blank=True, max_length=60, verbose_name='number')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('place', models.CharField(blank=True, max_length=120, verbose_name='place of signing')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signed on')),
                ('starts_on', models.DateField(verbose_name='in force from')),
                ('ends_on', models.DateField(verbose_name='in force until')),
                ('succeeded_by', models.ForeignKey(blank=True, help_text='The renewal agreement that follows this one.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='predecessors', to='agreements.agreement', verbose_name='succeeded by')),
                ('union_party', models.ForeignKey(limit_choices_to={'party': 'union'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.unit', verbose_name='Union party')),
                ('vnpt_party', models.ForeignKey(limit_choices_to={'party': 'vnpt'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.unit', verbose_name='VNPT party')),
            ],
            options={
                'verbose_name': 'agreement',
                'verbose_name_plural': 'agreements',
                'ordering': ['-starts_on'],
            },
        ),
        migrations.CreateModel(
            name='AgreementDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('kind', models.CharField(choices=[('signed', 'Signed agreement (scan)'), ('annex', 'Annex'), ('other', 'Other document')], default='annex', max_length=10, verbose_name='document kind')),
                ('file', partnership.files.fields.UploadFileField(kinds=('pdf', 'office'), upload_to='agreements/documents/', verbose_name='file')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='agreements.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'agreement document',
                'verbose_name_plural': 'agreement documents',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Commitment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(help_text='E.g. V.3', max_length=12, verbose_name='code')),
                ('party', models.CharField(choices=[('union', 'Ho Chi Minh Communist Youth Union'), ('vnpt', 'VNPT')], max_length=10, verbose_name='committed by')),
                ('level', models.CharField(choices=[('central', 'Central Union'), ('all_levels', 'All union levels'), ('local', 'Local VNPT branches')], max_length=12, verbose_name='level')),
                ('theme', models.CharField(choices=[('ict_products', 'ICT products and prices'), ('office_software', 'Office software'), ('idea_bank', 'Idea bank'), ('it_master_plan', 'IT master plan'), ('youth_activities', 'Youth activities and online contests'), ('volunteering', 'Volunteer and social-welfare activities'), ('union_software', 'Union management software'), ('online_system', 'Online system project'), ('english', 'English training (MyEnglish, KidEnglish)'), ('vnpt_pay', 'VNPT Pay promotions'), ('mytv', 'MyTV and digital packages'), ('staff_tariffs', 'Preferential tariffs for Central Union staff'), ('youth_info', 'Youth-work information for VNPT channels')], max_length=24, verbose_name='theme')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('text', models.TextField(verbose_name='text of the clause')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('search_text', models.TextField(blank=True, editable=False)),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commitments', to='agreements.agreement', verbose_name='agreement')),
                ('responsible_units', models.ManyToManyField(help_text='Officers or liaisons of these units, or of units below them, report.', related_name='commitments', to='organisations.unit', verbose_name='responsible units')),
                ('reviewing_units', models.ManyToManyField(blank=True, help_text="Units of the other party whose officers or liaisons confirm reports, besides the counterpart unit of the reporting unit's province.", related_name='commitments_reviewed', to='organisations.unit', verbose_name='reviewing units')),
                ('services', models.ManyToManyField(blank=True, related_name='+', to='services.service', verbose_name='catalogue services that deliver it')),
            ],
            options={
                'verbose_name': 'commitment',
                'verbose_name_plural': 'commitments',
                'ordering': ['agreement', 'order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name')),
                ('unit_of_measure', models.CharField(max_length=40, verbose_name='unit of measure')),
                ('target', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='target')),
                ('measure', models.CharField(choices=[('sum', 'Sum of the periods (e.g. participants)'), ('latest', 'Latest value per unit (e.g. units using a service)')], default='sum', max_length=8, verbose_name='how values add up')),
                ('auto_source', models.CharField(blank=True, choices=[('', 'Reported values only'), ('service_requests', 'Completed service requests'), ('activity_participants', 'Participants in joint activities'), ('supported_ideas', 'Ideas supported by VNPT')], default='', max_length=24, verbose_name='counted automatically from')),
                ('off_portal_reports', models.BooleanField(default=False, help_text='For an indicator counted automatically: units also report what the portal did not record, and the two are added. Unticked, it is counted only and takes no report.', verbose_name='also reported: work outside the portal')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='agreements.commitment', verbose_name='commitment')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['commitment', 'order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='JointActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('slug', models.SlugField(max_length=160, unique=True, verbose_name='slug')),
                ('theme', models.CharField(choices=[('ict_products', 'ICT products and prices'), ('office_software', 'Office software'), ('idea_bank', 'Idea bank'), ('it_master_plan', 'IT master plan'), ('youth_activities', 'Youth activities and online contests'), ('volunteering', 'Volunteer and social-welfare activities'), ('union_software', 'Union management software'), ('online_system', 'Online system project'), ('english', 'English training (MyEnglish, KidEnglish)'), ('vnpt_pay', 'VNPT Pay promotions'), ('mytv', 'MyTV and digital packages'), ('staff_tariffs', 'Preferential tariffs for Central Union staff'), ('youth_info', 'Youth-work information for VNPT channels')], max_length=24, verbose_name='theme')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('ends_on', models.DateField(verbose_name='ends on')),
                ('online', models.BooleanField(default=False, verbose_name='online')),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('province', models.CharField(blank=True, choices=[('An Giang', 'An Giang'), ('Bà Rịa - Vũng Tàu', 'Bà Rịa - Vũng Tàu'), ('Bình Dương', 'Bình Dương'), ('Bình Phước', 'Bình Phước'), ('Bình Thuận', 'Bình Thuận'), ('Bình Định', 'Bình Định'), ('Bạc Liêu', 'Bạc Liêu'), ('Bắc Giang', 'Bắc Giang'), ('Bắc Kạn', 'Bắc Kạn'), ('Bắc Ninh', 'Bắc Ninh'), ('Bến Tre', 'Bến Tre'), ('Cao Bằng', 'Cao Bằng'), ('Cà Mau', 'Cà Mau'), ('Cần Thơ', 'Cần Thơ'), ('Gia Lai', 'Gia Lai'), ('Huế', 'Huế'), ('Hà Giang', 'Hà Giang'), ('Hà Nam', 'Hà Nam'), ('Hà Nội', 'Hà Nội'), ('Hà Tĩnh', 'Hà Tĩnh'), ('Hòa Bình', 'Hòa Bình'), ('Hưng Yên', 'Hưng Yên'), ('Hải Dương', 'Hải Dương'), ('Hải Phòng', 'Hải Phòng'), ('Hậu Giang', 'Hậu Giang'), ('Khánh Hòa', 'Khánh Hòa'), ('Kiên Giang', 'Kiên Giang'), ('Kon Tum', 'Kon Tum'), ('Lai Châu', 'Lai Châu'), ('Long An', 'Long An'), ('Lào Cai', 'Lào Cai'), ('Lâm Đồng', 'Lâm Đồng'), ('Lạng Sơn', 'Lạng Sơn'), ('Nam Định', 'Nam Định'), ('Nghệ An', 'Nghệ An'), ('Ninh Bình', 'Ninh Bình'), ('Ninh Thuận', 'Ninh Thuận'), ('Phú Thọ', 'Phú Thọ'), ('Phú Yên', 'Phú Yên'), ('Quảng Bình', 'Quảng Bình'), ('Quảng Nam', 'Quảng Nam'), ('Quảng Ngãi', 'Quảng Ngãi'), ('Quảng Ninh', 'Quảng Ninh'), ('Quảng Trị', 'Quảng Trị'), ('Sóc Trăng', 'Sóc Trăng'), ('Sơn La', 'Sơn La'), ('TP. Hồ Chí Minh', 'TP. Hồ Chí Minh'), ('Thanh Hóa', 'Thanh Hóa'), ('Thái Bình', 'Thái Bình'), ('Thái Nguyên', 'Thái Nguyên'), ('Tiền Giang', 'Tiền Giang'), ('Trà Vinh', 'Trà Vinh'), ('Tuyên Quang', 'Tuyên Quang'), ('Tây Ninh', 'Tây Ninh'), ('Vĩnh Long', 'Vĩnh Long'), ('Vĩnh Phúc', 'Vĩnh Phúc'), ('Yên Bái', 'Yên Bái'), ('Điện Biên', 'Điện Biên'), ('Đà Nẵng', 'Đà Nẵng'), ('Đắk Lắk', 'Đắk Lắk'), ('Đắk Nông', 'Đắk Nông'), ('Đồng Nai', 'Đồng Nai'), ('Đồng Tháp', 'Đồng Tháp')], db_index=True, help_text='Empty for nationwide activities.', max_length=60, verbose_name='province')),
                ('participants', models.PositiveIntegerField(default=0, verbose_name='participants')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('outcome', models.TextField(blank=True, verbose_name='outcome')),
                ('search_text', models.TextField(blank=True, editable=False)),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='agreements.agreement', verbose_name='agreement')),
                ('commitments', models.ManyToManyField(blank=True, related_name='activities', to='agreements.commitment', verbose_name='commitments served')),
                ('indicators', models.ManyToManyField(blank=True, help_text='The participant count feeds these indicators.', related_name='activities', to='agreements.indicator', verbose_name='indicators served')),
                ('organising_units', models.ManyToManyField(related_name='joint_activities', to='organisations.unit', verbose_name='organising units')),
            ],
            options={
                'verbose_name': 'joint activity',
                'verbose_name_plural': 'joint activities',
                'ordering': ['-starts_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='LegalBasis',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='number and symbol')),
                ('title', models.CharField(max_length=400, verbose_name='title')),
                ('issued_by', models.CharField(blank=True, max_length=200, verbose_name='issued by')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bases', to='agreements.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'legal basis',
                'verbose_name_plural': 'legal bases',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Photo',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('image', partnership.files.fields.UploadImageField(upload_to='agreements/photos/', verbose_name='image')),
                ('caption', models.CharField(max_length=300, verbose_name='caption')),
                ('credit', models.CharField(help_text='E.g. Ảnh: Minh Châu', max_length=120, verbose_name='credit')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='agreements.jointactivity', verbose_name='joint activity')),
                ('agreement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='agreements.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'photo',
                'verbose_name_plural': 'photos',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ProgressReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('quarter', models.PositiveSmallIntegerField(choices=[(1, 'Quarter 1'), (2, 'Quarter 2'), (3, 'Quarter 3'), (4, 'Quarter 4')], verbose_name='quarter')),
                ('value', models.DecimalField(decimal_places=2, max_digits=14, verbose_name='value reached')),
                ('narrative', models.TextField(blank=True, verbose_name='narrative')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned'), ('approved', 'Approved')], db_index=True, default='draft', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted at')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                ('review_comment', models.TextField(blank=True, verbose_name="reviewer's comment")),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='agreements.indicator', verbose_name='indicator')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='progress_reports', to='organisations.unit', verbose_name='reporting unit')),
            ],
            options={
                'verbose_name': 'progress report',
                'verbose_name_plural': 'progress reports',
                'ordering': ['-year', '-quarter', 'indicator__order', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Evidence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', partnership.files.fields.UploadFileField(upload_to='agreements/evidence/', verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('public', models.BooleanField(default=True, help_text='Visitors may download it when the report is approved.', verbose_name='public once approved')),
                ('uploaded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='agreements.progressreport', verbose_name='report')),
            ],
            options={
                'verbose_name': 'evidence file',
                'verbose_name_plural': 'evidence files',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='ReportStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('old_status', models.CharField(blank=True, choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned'), ('approved', 'Approved')], max_length=10, verbose_name='from')),
                ('new_status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned'), ('approved', 'Approved')], max_length=10, verbose_name='to')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='agreements.progressreport', verbose_name='report')),
            ],
            options={
                'verbose_name': 'report status change',
                'verbose_name_plural': 'report status changes',
                'ordering': ['at', 'pk'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ReportSummary',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('draft', models.PositiveIntegerField(default=0)),
                ('submitted', models.PositiveIntegerField(default=0)),
                ('returned', models.PositiveIntegerField(default=0)),
                ('approved', models.PositiveIntegerField(default=0)),
                ('approved_sum', models.DecimalField(decimal_places=2, default=0, max_digits=18)),
                ('latest_value', models.DecimalField(decimal_places=2, max_digits=14, null=True)),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='agreements.indicator', verbose_name='indicator')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.unit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'report summary',
                'verbose_name_plural': 'report summaries',
            },
        ),
        migrations.CreateModel(
            name='Signatory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=150, verbose_name='name')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('party', models.CharField(choices=[('union', 'Ho Chi Minh Communist Youth Union'), ('vnpt', 'VNPT')], max_length=10, verbose_name='party')),
                ('signed', models.BooleanField(default=False, verbose_name='signed the agreement')),
                ('spoke', models.BooleanField(default=False, verbose_name='spoke at the ceremony')),
                ('remarks', models.TextField(blank=True, verbose_name='remarks')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatories', to='agreements.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'signatory or speaker',
                'verbose_name_plural': 'signatories and speakers',
                'ordering': ['order', 'pk'],
            },
        ),
        migrations.AddConstraint(
            model_name='agreement',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='agreement_term_order'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.UniqueConstraint(fields=('agreement', 'code'), name='commitment_code_unique'),
        ),
        migrations.AddConstraint(
            model_name='indicator',
            constraint=models.CheckConstraint(condition=models.Q(('target__gt', 0)), name='indicator_target_positive'),
        ),
        migrations.AddConstraint(
            model_name='jointactivity',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='activity_dates_order'),
        ),
        migrations.AddConstraint(
            model_name='photo',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('agreement__isnull', False), ('activity__isnull', True)), models.Q(('agreement__isnull', True), ('activity__isnull', False)), _connector='OR'), name='photo_belongs_to_one'),
        ),
        migrations.AddConstraint(
            model_name='progressreport',
            constraint=models.UniqueConstraint(fields=('indicator', 'year', 'quarter', 'unit'), name='one_report_per_period'),
        ),
        migrations.AddConstraint(
            model_name='progressreport',
            constraint=models.CheckConstraint(condition=models.Q(('quarter__gte', 1), ('quarter__lte', 4)), name='report_quarter_1_to_4'),
        ),
        migrations.AddConstraint(
            model_name='progressreport',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='report_value_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='reportsummary',
            constraint=models.UniqueConstraint(fields=('indicator', 'unit'), name='one_summary_per_unit'),
        ),
        trigram_indexes(
            {
                "search_commitment_text_trgm": ("agreements_commitment", "search_text"),
                "search_activity_text_trgm": ("agreements_jointactivity", "search_text"),
            }
        ),
    ]
