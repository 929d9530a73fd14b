from django.contrib import admin

from .models import Programme, ProgrammeDeadline, Project


class ProgrammeDeadlineInline(admin.TabularInline):
    model = ProgrammeDeadline
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "funder"]
    inlines = [ProgrammeDeadlineInline]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "case_number", "programme", "status", "start_date", "end_date"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "acronym", "case_number"]
    filter_horizontal = ["coordinators"]
    inlines = []  # the goals app adds its GoalInline
