import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('meetings', '0004_minutes_corrections'),
        ('partners', '0006_contact_time_zone'),
        ('projects', '0007_project_require_two_factor'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The models moved here from the projects app (goals, goal reviews) and the meetings app (ideas); their
    # tables keep their names (db_table), so this migration changes Django's state only and the rows stay.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Goal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='goal')),
                        ('indicator', models.CharField(help_text='What is measured, e.g. staff mobilities.', max_length=300, verbose_name='indicator')),
                        ('target', models.DecimalField(decimal_places=2, max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'), message='The amount cannot be negative.')], verbose_name='target')),
                        ('unit', models.CharField(blank=True, help_text='e.g. persons, %, events', max_length=40, verbose_name='unit')),
                        ('order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goals', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'goal',
                        'verbose_name_plural': 'goals',
                        'db_table': 'projects_goal',
                        'ordering': ['order', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='GoalReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('review_date', models.DateField(verbose_name='review date')),
                        ('summary', models.TextField(blank=True, help_text='Who took part, what was looked at, and the main conclusions.', verbose_name='summary')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='goal_reviews', to='projects.project')),
                    ],
                    options={
                        'verbose_name': 'goal review',
                        'verbose_name_plural': 'goal reviews',
                        'db_table': 'projects_goalreview',
                        'ordering': ['-review_date', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='GoalReviewEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('on_track', 'On track'), ('at_risk', 'At risk'), ('off_track', 'Off track')], max_length=10, verbose_name='status')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('changes', models.TextField(blank=True, verbose_name='changes decided')),
                        ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_entries', to='goals.goal')),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='goals.goalreview')),
                    ],
                    options={
                        'verbose_name': 'goal in a review',
                        'verbose_name_plural': 'goals in a review',
                        'db_table': 'projects_goalreviewentry',
                        'ordering': ['goal__order', 'goal__pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Idea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='idea')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('status', models.CharField(choices=[('new', 'New'), ('trying', 'Being tried'), ('adopted', 'Adopted'), ('dropped', 'Dropped')], default='new', max_length=10, verbose_name='status')),
                        ('status_changed_at', models.DateTimeField(blank=True, null=True)),
                        ('first_status_change_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('adopted_decision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='adopted_ideas', to='meetings.decision', verbose_name='adopted by the decision')),
                        ('adopted_review', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='adopted_ideas', to='goals.goalreview', verbose_name='adopted in the goal review')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ideas', to='projects.project')),
                        ('proposed_by_contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partners.contactperson', verbose_name='proposed by (person)')),
                        ('proposed_by_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partners.organisation', verbose_name='proposed by (organisation)')),
                        ('status_changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'idea',
                        'verbose_name_plural': 'ideas',
                        'db_table': 'meetings_idea',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='goal',
                    constraint=models.CheckConstraint(condition=models.Q(('target__gte', 0)), name='goal_target_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='goalreview',
                    constraint=models.UniqueConstraint(fields=('project', 'review_date'), name='goal_review_one_per_day'),
                ),
                migrations.AddConstraint(
                    model_name='goalreviewentry',
                    constraint=models.UniqueConstraint(fields=('review', 'goal'), name='goal_review_entry_unique'),
                ),
                migrations.AddConstraint(
                    model_name='goalreviewentry',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['on_track', 'at_risk', 'off_track'])), name='goal_review_entry_status_valid'),
                ),
                migrations.AddIndex(
                    model_name='idea',
                    index=models.Index(fields=['project', 'status'], name='idea_project_status_idx'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['new', 'trying', 'adopted', 'dropped'])), name='idea_status_valid'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'adopted'), models.Q(models.Q(('adopted_decision__isnull', False), ('adopted_review__isnull', True)), models.Q(('adopted_decision__isnull', True), ('adopted_review__isnull', False)), _connector='OR')), models.Q(models.Q(('status', 'adopted'), _negated=True), ('adopted_decision__isnull', True), ('adopted_review__isnull', True)), _connector='OR'), name='idea_adopted_by_one_decision_or_review'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('status', 'new'), models.Q(('first_status_change_at__isnull', False), ('status_changed_at__isnull', False)), _connector='OR'), name='idea_status_change_recorded'),
                ),
                migrations.AddConstraint(
                    model_name='idea',
                    constraint=models.CheckConstraint(condition=models.Q(('proposed_by_contact__isnull', True), ('proposed_by_organisation__isnull', False), _connector='OR'), name='idea_person_has_organisation'),
                ),
            ],
            database_operations=[],
        ),
    ]
