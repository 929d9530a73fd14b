import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('projects', '0002_reports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The models moved here from the projects app; their tables keep their names (db_table), so
    # this migration changes Django's state only and the rows stay where they are.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('report_type', models.CharField(choices=[('status', 'Status report'), ('interim', 'Interim report'), ('final', 'Final report')], max_length=10, verbose_name='report type')),
                        ('period_start', models.DateField(verbose_name='period starts')),
                        ('period_end', models.DateField(verbose_name='period ends')),
                        ('due_date', models.DateField(blank=True, null=True, verbose_name='due date')),
                        ('language', models.CharField(choices=[('fi', 'Finnish'), ('sv', 'Swedish'), ('en', 'English')], default='fi', max_length=2, verbose_name='language of the report')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('content_check', 'In content check'), ('financial_check', 'In financial check'), ('info_requested', 'Information requested'), ('accepted', 'Accepted')], default='draft', max_length=20, verbose_name='status')),
                        ('summary', models.TextField(blank=True, verbose_name='summary')),
                        ('what_worked', models.TextField(blank=True, verbose_name='what worked')),
                        ('challenges', models.TextField(blank=True, verbose_name='challenges')),
                        ('next_steps', models.TextField(blank=True, verbose_name='next steps')),
                        ('self_financing_actual_eur', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'), message='The amount cannot be negative.')], verbose_name='self-financing used (EUR)')),
                        ('version_count', models.PositiveIntegerField(default=0)),
                        ('submitted_at', models.DateTimeField(blank=True, null=True)),
                        ('render_status', models.CharField(choices=[('none', 'Not generated'), ('queued', 'Queued'), ('rendering', 'Generating'), ('done', 'Ready'), ('failed', 'Failed')], default='none', max_length=10)),
                        ('render_seq', models.PositiveIntegerField(default=0)),
                        ('render_error', models.TextField(blank=True)),
                        ('rendered_at', models.DateTimeField(blank=True, null=True)),
                        ('rendered_pdf', models.BinaryField(blank=True, null=True)),
                        ('rendered_data', models.JSONField(blank=True, editable=False, null=True)),
                        ('rendered_data_hash', models.CharField(blank=True, max_length=64)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('programme_deadline', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='projects.programmedeadline')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'report',
                        'verbose_name_plural': 'reports',
                        'db_table': 'projects_report',
                        'ordering': ['-period_end', 'report_type'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportBudgetLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('category', models.CharField(choices=[('personnel', 'Personnel'), ('travel', 'Travel'), ('services', 'Services'), ('other', 'Other costs')], max_length=10, verbose_name='category')),
                        ('planned_eur', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'), message='The amount cannot be negative.')], verbose_name='planned (EUR)')),
                        ('actual_eur', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'), message='The amount cannot be negative.')], verbose_name='actual (EUR)')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='budget_lines', to='reports.report')),
                    ],
                    options={
                        'verbose_name': 'budget line',
                        'verbose_name_plural': 'budget lines',
                        'db_table': 'projects_reportbudgetline',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportGoalEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('activities', models.TextField(blank=True, verbose_name='activities')),
                        ('results', models.TextField(blank=True, verbose_name='results')),
                        ('actual', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'), message='The amount cannot be negative.')], verbose_name='actual value')),
                        ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_entries', to='projects.goal')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goal_entries', to='reports.report')),
                    ],
                    options={
                        'verbose_name': 'goal in a report',
                        'verbose_name_plural': 'goals in a report',
                        'db_table': 'projects_reportgoalentry',
                        'ordering': ['goal__order', 'goal__pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportOutput',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('operating_model', 'Operating model'), ('method', 'Method'), ('practice', 'Practice'), ('publication', 'Publication'), ('web_page', 'Web page')], max_length=20, verbose_name='kind')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('url', models.URLField(blank=True, max_length=500, verbose_name='web address')),
                        ('disseminated', models.CharField(blank=True, help_text='e.g. seminars, networks, channels', max_length=500, verbose_name='where disseminated')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outputs', to='reports.report')),
                    ],
                    options={
                        'verbose_name': 'output',
                        'verbose_name_plural': 'outputs',
                        'db_table': 'projects_reportoutput',
                        'ordering': ['kind', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='version')),
                        ('language', models.CharField(choices=[('fi', 'Finnish'), ('sv', 'Swedish'), ('en', 'English')], max_length=2)),
                        ('data', models.JSONField()),
                        ('pdf', models.BinaryField()),
                        ('pdf_sha256', models.CharField(max_length=64)),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='reports.report')),
                        ('submitted_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'submitted report version',
                        'verbose_name_plural': 'submitted report versions',
                        'db_table': 'projects_reportversion',
                        'ordering': ['report', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportReviewStep',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('content_check', 'In content check'), ('financial_check', 'In financial check'), ('info_requested', 'Information requested'), ('accepted', 'Accepted')], max_length=20)),
                        ('comment', models.TextField(blank=True, verbose_name='comment')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_steps', to='reports.report')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_steps', to='reports.reportversion')),
                    ],
                    options={
                        'verbose_name': 'review step',
                        'verbose_name_plural': 'review steps',
                        'db_table': 'projects_reportreviewstep',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProjectDeadline',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('due_date', models.DateField(verbose_name='extended due date')),
                        ('reason', models.CharField(blank=True, max_length=300, verbose_name='reason')),
                        ('granted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                        ('programme_deadline', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='projects.programmedeadline')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deadline_extensions', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'deadline extension',
                        'verbose_name_plural': 'deadline extensions',
                        'db_table': 'projects_projectdeadline',
                        'constraints': [models.UniqueConstraint(fields=('project', 'programme_deadline'), name='project_deadline_unique')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.UniqueConstraint(fields=('project', 'report_type', 'period_start'), name='report_unique_period'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('report_type__in', ['status', 'interim', 'final'])), name='report_type_valid'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'content_check', 'financial_check', 'info_requested', 'accepted'])), name='report_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('language__in', ['fi', 'sv', 'en'])), name='report_language_valid'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('render_status__in', ['none', 'queued', 'rendering', 'done', 'failed'])), name='report_render_valid'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='report_period_valid'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('self_financing_actual_eur', None), ('self_financing_actual_eur__gte', 0), _connector='OR'), name='report_self_financing_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'draft'), ('version_count', 0)), models.Q(models.Q(('status', 'draft'), _negated=True), ('submitted_at__isnull', False), ('version_count__gt', 0)), _connector='OR'), name='report_versions_match_status'),
                ),
                migrations.AddConstraint(
                    model_name='reportbudgetline',
                    constraint=models.UniqueConstraint(fields=('report', 'category'), name='report_budget_category_unique'),
                ),
                migrations.AddConstraint(
                    model_name='reportbudgetline',
                    constraint=models.CheckConstraint(condition=models.Q(('category__in', ['personnel', 'travel', 'services', 'other'])), name='report_budget_category'),
                ),
                migrations.AddConstraint(
                    model_name='reportbudgetline',
                    constraint=models.CheckConstraint(condition=models.Q(('actual_eur__gte', 0), ('planned_eur__gte', 0)), name='report_budget_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='reportgoalentry',
                    constraint=models.UniqueConstraint(fields=('report', 'goal'), name='report_goal_unique'),
                ),
                migrations.AddConstraint(
                    model_name='reportgoalentry',
                    constraint=models.CheckConstraint(condition=models.Q(('actual', None), ('actual__gte', 0), _connector='OR'), name='report_goal_actual_valid'),
                ),
                migrations.AddConstraint(
                    model_name='reportoutput',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['operating_model', 'method', 'practice', 'publication', 'web_page'])), name='report_output_kind'),
                ),
                migrations.AddConstraint(
                    model_name='reportversion',
                    constraint=models.UniqueConstraint(fields=('report', 'number'), name='report_version_unique'),
                ),
                migrations.AddConstraint(
                    model_name='reportversion',
                    constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='report_version_number_positive'),
                ),
                migrations.AddConstraint(
                    model_name='reportreviewstep',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'content_check', 'financial_check', 'info_requested', 'accepted'])), name='report_step_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='reportreviewstep',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'info_requested'), _negated=True), models.Q(('comment', ''), _negated=True), _connector='OR'), name='report_step_info_request_has_comment'),
                ),
            ],
            database_operations=[],
        ),
    ]
