"""organisations 0001_initial to 0002_search_trigram_index, squashed (docs/operations.md, "Upgrades")."""

import django.db.models.deletion
from django.db import migrations, models

from partnership.migration_ops import trigram_indexes


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('organisations', '0001_initial'),
        ('organisations', '0002_search_trigram_index'),
    ]

    dependencies = [
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('path', models.CharField(max_length=255, unique=True)),
                ('depth', models.PositiveIntegerField()),
                ('numchild', models.PositiveIntegerField(default=0)),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('short_name', models.CharField(blank=True, max_length=80, verbose_name='short name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='slug')),
                ('party', models.CharField(choices=[('union', 'Ho Chi Minh Communist Youth Union'), ('vnpt', 'VNPT')], max_length=10, verbose_name='party')),
                ('kind', models.CharField(choices=[('central', 'Central Committee'), ('central_body', 'Central body'), ('provincial_union', 'Provincial union'), ('grassroots_union', 'Grassroots union'), ('vnpt_group', 'VNPT group HQ'), ('subsidiary', 'VNPT subsidiary'), ('provincial_branch', 'VNPT provincial branch')], max_length=24, verbose_name='kind')),
                ('province', models.CharField(blank=True, choices=[('An Giang', 'An Giang'), ('Bà Rịa - Vũng Tàu', 'Bà Rịa - Vũng Tàu'), ('Bình Dương', 'Bình Dương'), ('Bình Phước', 'Bình Phước'), ('Bình Thuận', 'Bình Thuận'), ('Bình Định', 'Bình Định'), ('Bạc Liêu', 'Bạc Liêu'), ('Bắc Giang', 'Bắc Giang'), ('Bắc Kạn', 'Bắc Kạn'), ('Bắc Ninh', 'Bắc Ninh'), ('Bến Tre', 'Bến Tre'), ('Cao Bằng', 'Cao Bằng'), ('Cà Mau', 'Cà Mau'), ('Cần Thơ', 'Cần Thơ'), ('Gia Lai', 'Gia Lai'), ('Huế', 'Huế'), ('Hà Giang', 'Hà Giang'), ('Hà Nam', 'Hà Nam'), ('Hà Nội', 'Hà Nội'), ('Hà Tĩnh', 'Hà Tĩnh'), ('Hòa Bình', 'Hòa Bình'), ('Hưng Yên', 'Hưng Yên'), ('Hải Dương', 'Hải Dương'), ('Hải Phòng', 'Hải Phòng'), ('Hậu Giang', 'Hậu Giang'), ('Khánh Hòa', 'Khánh Hòa'), ('Kiên Giang', 'Kiên Giang'), ('Kon Tum', 'Kon Tum'), ('Lai Châu', 'Lai Châu'), ('Long An', 'Long An'), ('Lào Cai', 'Lào Cai'), ('Lâm Đồng', 'Lâm Đồng'), ('Lạng Sơn', 'Lạng Sơn'), ('Nam Định', 'Nam Định'), ('Nghệ An', 'Nghệ An'), ('Ninh Bình', 'Ninh Bình'), ('Ninh Thuận', 'Ninh Thuận'), ('Phú Thọ', 'Phú Thọ'), ('Phú Yên', 'Phú Yên'), ('Quảng Bình', 'Quảng Bình'), ('Quảng Nam', 'Quảng Nam'), ('Quảng Ngãi', 'Quảng Ngãi'), ('Quảng Ninh', 'Quảng Ninh'), ('Quảng Trị', 'Quảng Trị'), ('Sóc Trăng', 'Sóc Trăng'), ('Sơn La', 'Sơn La'), ('TP. Hồ Chí Minh', 'TP. Hồ Chí Minh'), ('Thanh Hóa', 'Thanh Hóa'), ('Thái Bình', 'Thái Bình'), ('Thái Nguyên', 'Thái Nguyên'), ('Tiền Giang', 'Tiền Giang'), ('Trà Vinh', 'Trà Vinh'), ('Tuyên Quang', 'Tuyên Quang'), ('Tây Ninh', 'Tây Ninh'), ('Vĩnh Long', 'Vĩnh Long'), ('Vĩnh Phúc', 'Vĩnh Phúc'), ('Yên Bái', 'Yên Bái'), ('Điện Biên', 'Điện Biên'), ('Đà Nẵng', 'Đà Nẵng'), ('Đắk Lắk', 'Đắk Lắk'), ('Đắk Nông', 'Đắk Nông'), ('Đồng Nai', 'Đồng Nai'), ('Đồng Tháp', 'Đồng Tháp')], db_index=True, help_text="Empty for central units. Grassroots units take their parent's province.", max_length=60, verbose_name='province')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='contact phone')),
                ('address', models.CharField(blank=True, max_length=255, verbose_name='address')),
                ('retired_on', models.DateField(blank=True, help_text='Units merged away are retired, never deleted: their history stays readable.', null=True, verbose_name='retired on')),
                ('search_text', models.CharField(blank=True, db_index=True, editable=False, max_length=400)),
                ('served_by', models.ForeignKey(blank=True, help_text='Leave empty to use the rule: the VNPT branch of the same province; central units are served by VNPT group HQ.', limit_choices_to={'party': 'vnpt'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='serves', to='organisations.unit', verbose_name='served by (VNPT unit)')),
                ('successor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='predecessors', to='organisations.unit', verbose_name='successor')),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'units',
                'constraints': [models.CheckConstraint(condition=models.Q(('successor__isnull', True), ('retired_on__isnull', False), _connector='OR'), name='unit_successor_only_when_retired')],
            },
        ),
        trigram_indexes({"search_unit_text_trgm": ("organisations_unit", "search_text")}),
    ]
