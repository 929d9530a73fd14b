import accounts.models
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    """The user model, as it stands, in its table of old (networkhub_user).

    It lived in the kernel (networkhub 0001, 0002 and 0011 made and changed it) until it moved here. A fresh
    database gets the table from this migration, before every migration that points at the user
    (`swappable_dependency`). A database made before the move has the table already: `manage.py migrate`
    (accounts.management.commands.migrate) records this migration as applied there before migrating.
    """

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail address')),
                ('full_name', models.CharField(max_length=200, verbose_name='full name')),
                ('role', models.CharField(choices=[('coordinator', 'Coordinator'), ('partner', 'Partner contact'), ('funder', 'Funder reviewer'), ('administrator', 'Administrator')], default='partner', max_length=20, verbose_name='role')),
                ('language', models.CharField(choices=[('fi', 'Finnish'), ('sv', 'Swedish'), ('en', 'English')], default='fi', max_length=2, verbose_name='language')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('is_staff', models.BooleanField(default=False, verbose_name='staff status')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('remember_secret', models.CharField(blank=True, editable=False, max_length=64)),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'db_table': 'networkhub_user',
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('role__in', ['coordinator', 'partner', 'funder', 'administrator'])), name='user_role_valid'),
                    models.CheckConstraint(condition=models.Q(('language__in', ['fi', 'sv', 'en'])), name='user_language_valid'),
                ],
            },
            managers=[
                ('objects', accounts.models.UserManager()),
            ],
        ),
    ]
