"""Every model the admin site registers opens for an administrator: its list, and the page of one object of the
matrix world where there is one (a missing field name in a registration is a 500 here, not in production)."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_registered_model_lists_and_opens(matrix_world, admin_client):
    failures = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        listing = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_client.get(listing)
        if response.status_code != 200:
            failures.append((listing, response.status_code))
            continue
        first = model_admin.get_queryset(response.wsgi_request).first()
        if first is not None:
            page = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            status = admin_client.get(page).status_code
            if status != 200:
                failures.append((page, status))
    assert not failures
    assert len(admin.site._registry) > 40  # the apps' registrations were all loaded
