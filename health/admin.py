"""The programme's criteria in the admin without JSON (docs/health.md, "Which items a programme scores"): the
Programme admin (projects.admin) gets a form with a "scored in this programme" box per health item, the green and
amber number of each threshold, the days after which no data turns red and each item's risk weight. The form
writes `Programme.health_settings` (still the storage) and checks it with its validator."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.admin import ProgrammeAdmin
from projects.models import Programme, unscored_items, validate_health_settings

from .criteria import threshold_title
from .overview import columns


def scored_field(key):
    return f"scored_{key}"


def threshold_field(name, limit):
    return f"threshold_{name}_{limit}"


def no_data_field(key):
    return f"no_data_red_days_{key}"


def weight_field(key):
    return f"risk_weight_{key}"


def _whole(value):
    """A number as the settings keep it: whole numbers as int."""
    return int(value) if float(value).is_integer() else float(value)


class ProgrammeCriteriaForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["code", "name_fi", "name_sv", "name_en", "funder"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new programme starts from the defaults: items scored only where switched on are not.
        stored = (self.instance.health_settings if self.instance.pk else None) or {}
        off = unscored_items(stored)
        for column in columns():
            self.fields[scored_field(column.key)] = forms.BooleanField(
                label=f"{column.number}. {column.title}",
                required=False,
                initial=column.key not in off,
                help_text=_("Scored in this programme"),
            )
        for name, default in settings.HEALTH_THRESHOLDS.items():
            override = (stored.get("thresholds") or {}).get(name, {})
            for limit, label in (("green", _("green")), ("amber", _("amber"))):
                self.fields[threshold_field(name, limit)] = forms.FloatField(
                    label=f"{threshold_title(name)}: {label}",
                    required=False,
                    initial=override.get(limit),
                    help_text=_("Empty: the default, %(default)s.") % {"default": default[limit]},
                )
        titles = {column.key: f"{column.number}. {column.title}" for column in columns()}
        for key, default in settings.HEALTH_NO_DATA_RED_DAYS.items():
            self.fields[no_data_field(key)] = forms.IntegerField(
                label=_("Days after which no data turns red: %(item)s") % {"item": titles.get(key, key)},
                required=False,
                min_value=0,
                initial=(stored.get("no_data_red_days") or {}).get(key),
                help_text=_("Empty: the default, %(default)s.") % {"default": default},
            )
        for column in columns():
            self.fields[weight_field(column.key)] = forms.IntegerField(
                label=_("Risk weight: %(item)s") % {"item": f"{column.number}. {column.title}"},
                required=False,
                min_value=0,
                max_value=100,
                initial=(stored.get("risk_weights") or {}).get(column.key),
                help_text=_("Empty: the default weight."),
            )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        health_settings = {}
        keys = [column.key for column in columns()]
        opt_in = set(settings.HEALTH_ITEMS_SCORED_ONLY_WHERE_ON)
        off = [key for key in keys if key not in opt_in and not data.get(scored_field(key))]
        on = [key for key in keys if key in opt_in and data.get(scored_field(key))]
        if off:
            health_settings["off"] = off
        if on:
            health_settings["on"] = on
        thresholds = {}
        for name in settings.HEALTH_THRESHOLDS:
            limits = {
                limit: _whole(data[threshold_field(name, limit)])
                for limit in ("green", "amber")
                if data.get(threshold_field(name, limit)) is not None
            }
            if limits:
                thresholds[name] = limits
        if thresholds:
            health_settings["thresholds"] = thresholds
        days = {
            key: data[no_data_field(key)]
            for key in settings.HEALTH_NO_DATA_RED_DAYS
            if data.get(no_data_field(key)) is not None
        }
        if days:
            health_settings["no_data_red_days"] = days
        weights = {key: data[weight_field(key)] for key in keys if data.get(weight_field(key)) is not None}
        if weights:
            health_settings["risk_weights"] = weights
        try:
            validate_health_settings(health_settings)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        self.instance.health_settings = health_settings
        return data


MODEL_FIELDS = ["code", "name_fi", "name_sv", "name_en", "funder"]


def _fieldsets(form_fields):
    return [
        (None, {"fields": MODEL_FIELDS}),
        (_("Items scored in this programme"), {"fields": [name for name in form_fields if name.startswith("scored_")]}),
        (
            _("Thresholds"),
            {"fields": [name for name in form_fields if name.startswith("threshold_")], "classes": ["collapse"]},
        ),
        (
            _("Days after which no data turns red"),
            {"fields": [name for name in form_fields if name.startswith("no_data_")], "classes": ["collapse"]},
        ),
        (
            _("Risk weights"),
            {"fields": [name for name in form_fields if name.startswith("risk_weight_")], "classes": ["collapse"]},
        ),
        (_("Stored health settings"), {"fields": ["health_settings"], "classes": ["collapse"]}),
    ]


class ProgrammeCriteriaAdmin(ProgrammeAdmin):
    """The projects app's Programme admin with the criteria form (network health is a layer above it)."""

    form = ProgrammeCriteriaForm
    readonly_fields = ["health_settings"]

    def get_fieldsets(self, request, obj=None):
        return _fieldsets(list(ProgrammeCriteriaForm(instance=obj).fields))

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The criteria's fields are the form's own (made per item in __init__), not the model's.
        kwargs["fields"] = [name for name in kwargs.get("fields") or MODEL_FIELDS if name in MODEL_FIELDS]
        return super().get_form(request, obj, change, **kwargs)


admin.site.unregister(Programme)
admin.site.register(Programme, ProgrammeCriteriaAdmin)
