from django.contrib import admin

from .models import Goal, Programme, ProgrammeDeadline, Project


class ProgrammeDeadlineInline(admin.TabularInline):
    model = ProgrammeDeadline
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "funder"]
    inlines = [ProgrammeDeadlineInline]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "case_number", "programme", "status", "start_date", "end_date"]
    list_filter = ["status", "programme"]
    search_fields = ["name", "acronym", "case_number"]
    filter_horizontal = ["coordinators"]
    inlines = [GoalInline]
