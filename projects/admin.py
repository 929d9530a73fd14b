from django.contrib import admin

from .models import Goal, GoalReview, GoalReviewEntry, Programme, ProgrammeDeadline, Project


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


class GoalReviewEntryInline(admin.TabularInline):
    model = GoalReviewEntry
    extra = 0
    raw_id_fields = ["goal"]


@admin.register(GoalReview)
class GoalReviewAdmin(admin.ModelAdmin):
    list_display = ["review_date", "project", "created_by"]
    list_select_related = ["project", "created_by"]
    search_fields = ["project__acronym", "summary"]
    raw_id_fields = ["project", "created_by"]
    inlines = [GoalReviewEntryInline]
