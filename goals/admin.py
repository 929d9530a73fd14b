from django.contrib import admin

from projects.admin import ProjectAdmin

from .models import Goal, GoalReview, GoalReviewEntry, Idea


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


# A project's goals are edited on its admin page, as before; the projects app (below) cannot name them.
ProjectAdmin.inlines = [*ProjectAdmin.inlines, GoalInline]


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


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    """Status changes go through the coordinator's form (goals.ideas): here they are read only."""

    list_display = ["title", "project", "proposed_by_organisation", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["project", "proposed_by_organisation"]
    search_fields = ["title", "project__acronym"]
    raw_id_fields = ["proposed_by_organisation", "proposed_by_contact", "created_by"]
    readonly_fields = [
        "status",
        "adopted_decision",
        "adopted_review",
        "status_changed_at",
        "status_changed_by",
        "first_status_change_at",
    ]
