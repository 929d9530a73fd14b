from django.db import migrations

from networkhub.content_types import relabel_operation

MODELS = [
    "goal",
    "goalreview",
    "goalreviewentry",
]


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0007_project_require_two_factor'),
        ('goals', '0001_initial'),
        ('commitments', '0004_alter_task_goal'),
        ('meetings', '0005_ideas_leave_for_goals_app'),
        ('reports', '0005_alter_reportgoalentry_goal'),
    ]

    # Goals and goal reviews now belong to the goals app (same tables): drop them from this app's state only,
    # and move their content types so that audit events and reminders still resolve.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='goalreviewentry',
                    name='goal',
                ),
                migrations.RemoveField(
                    model_name='goalreview',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='goalreview',
                    name='project',
                ),
                migrations.RemoveField(
                    model_name='goalreviewentry',
                    name='review',
                ),
                migrations.DeleteModel(
                    name='Goal',
                ),
                migrations.DeleteModel(
                    name='GoalReview',
                ),
                migrations.DeleteModel(
                    name='GoalReviewEntry',
                ),
            ],
            database_operations=[],
        ),
        relabel_operation(MODELS, "projects", "goals"),
    ]
