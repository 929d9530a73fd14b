from django.contrib import admin

from .models import ContactPerson, ExpertiseProfile, ExpertiseTag, Membership, Organisation


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "country", "business_id", "foreign_registration_number", "new_to_international"]
    list_filter = ["org_type", "country", "new_to_international"]
    search_fields = ["name", "business_id", "foreign_registration_number"]
    inlines = [ContactInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["project", "organisation", "role", "status", "joined_on"]
    list_filter = ["role", "status"]
    list_select_related = ["project", "organisation"]


@admin.register(ExpertiseTag)
class ExpertiseTagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(ExpertiseProfile)
class ExpertiseProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "updated_at", "updated_by"]
    list_select_related = ["organisation", "updated_by"]
    search_fields = ["organisation__name", "description", "tags__name"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["organisation", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]
