from django.urls import include, path

from .views import coordination, signing

app_name = "commitments"

urlpatterns = [
    path(
        "projects/<int:project_pk>/commitments/",
        include(
            [
                path("", coordination.commitment_overview, name="overview"),
                path("rules/", coordination.rules_view, name="rules"),
                path("rules/accept/", coordination.rules_accept_own, name="rules_accept_own"),
                path("rules/publish/", coordination.rules_publish, name="rules_publish"),
                path("rules/resend/<int:membership_pk>/", coordination.rules_resend, name="rules_resend"),
                path("settings/", coordination.signing_settings, name="settings"),
                path("verify/", coordination.verify_view, name="verify"),
                path("letters/<int:membership_pk>/", coordination.letter_detail, name="letter"),
                path("letters/<int:membership_pk>/edit/", coordination.letter_edit, name="letter_edit"),
                path("letters/<int:membership_pk>/sign/", coordination.letter_sign_own, name="letter_sign_own"),
                path("letters/<int:membership_pk>/tasks/", coordination.letter_tasks, name="letter_tasks"),
                path("tasks/", coordination.task_matrix, name="task_matrix"),
                path("letters/<int:membership_pk>/send/", coordination.letter_send, name="letter_send"),
                path(
                    "letters/<int:membership_pk>/new-version/",
                    coordination.letter_new_version,
                    name="letter_new_version",
                ),
                path("letters/<int:membership_pk>/amend/", coordination.letter_amend, name="letter_amend"),
                path("letters/<int:membership_pk>/paper/", coordination.letter_paper, name="letter_paper"),
                path("letters/<int:membership_pk>/paper/scan/", coordination.paper_scan, name="paper_scan"),
                path("letters/<int:membership_pk>/v<int:number>.pdf", coordination.version_pdf, name="letter_pdf"),
                path(
                    "letters/<int:membership_pk>/requests/<int:request_pk>/resend/",
                    coordination.request_resend,
                    name="request_resend",
                ),
                path(
                    "letters/<int:membership_pk>/requests/<int:request_pk>/revoke/",
                    coordination.request_revoke,
                    name="request_revoke",
                ),
            ]
        ),
    ),
    # Links e-mailed to signers: no account, the token is the key.
    path(
        "sign/",
        include(
            [
                path("identified/", signing.identified, name="identified"),
                path("rules/<str:token>/", signing.rules_accept, name="signing_rules"),
                path("amendment/<str:token>/", signing.amendment, name="amendment"),
                path("<str:token>/", signing.sign, name="sign"),
                path("<str:token>/decline/", signing.decline, name="decline"),
                path("<str:token>/identify/", signing.identify, name="identify"),
                path("<str:token>/deputy/", signing.delegate, name="delegate"),
                path("<str:token>/letter.pdf", signing.signing_pdf, name="pdf"),
                path("<str:token>/current/", signing.send_current_link, name="send_current"),
            ]
        ),
    ),
]
