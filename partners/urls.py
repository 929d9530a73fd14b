from django.urls import include, path

from . import invitation_views, own_views, views

app_name = "partners"

urlpatterns = [
    path("invitations/<str:token>/", invitation_views.invitation, name="invitation"),
    path(
        "accounts/contact-details/",
        include(
            [
                path("", own_views.own_contacts, name="own_list"),
                path("<int:contact_pk>/", own_views.own_contact_edit, name="own_edit"),
            ]
        ),
    ),
    path("accounts/organisations/", own_views.own_organisations, name="own_organisations"),
    path(
        "projects/<int:project_pk>/members/",
        include(
            [
                path("", views.member_list, name="list"),
                path("directory/", views.directory, name="directory"),
                path("directory/directory.csv", views.directory_csv, name="directory_csv"),
                path("directory/contacts.vcf", views.directory_vcard, name="directory_vcard"),
                path("add/", views.member_add, name="add"),
                path("add/<int:organisation_pk>/", views.member_add_existing, name="add_existing"),
                path("<int:membership_pk>/", views.member_detail, name="detail"),
                path("<int:membership_pk>/edit/", views.member_edit, name="edit"),
                path("<int:membership_pk>/organisation/", views.organisation_edit, name="organisation_edit"),
                path("<int:membership_pk>/profile/", views.profile_edit, name="profile_edit"),
                path("<int:membership_pk>/contacts/new/", views.contact_create, name="contact_create"),
                path("<int:membership_pk>/contacts/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
                path(
                    "<int:membership_pk>/contacts/<int:contact_pk>/invite/",
                    views.contact_invite,
                    name="contact_invite",
                ),
            ]
        ),
    ),
]
