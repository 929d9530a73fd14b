from django.contrib import admin

from .models import ContactPerson, Membership, Organisation


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
