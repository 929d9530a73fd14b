from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import importer

MAX_SCANS = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is cleaned as a FileField would."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = [item for item in (data if isinstance(data, (list, tuple)) else [data]) if item]
        if not items:
            single(None, initial)  # "required" when it is
            return []
        return [single(item, initial) for item in items]


class ImportForm(forms.Form):
    """The filled-in template (a workbook, or a CSV file per table) and the scans of the letters signed on paper."""

    files = MultipleFileField(
        label=_("Filled-in template"),
        help_text=_("The Excel workbook (.xlsx), or the tables as CSV files (one file per table)."),
    )
    scans = MultipleFileField(
        label=_("Scanned paper letters"),
        required=False,
        help_text=_("The scans the paper letters sheet names (PDF, PNG or JPEG), all at once."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs["accept"] = ".xlsx,.csv"
        self.fields["scans"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg"
        self.scan_types = []

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        if len(uploads) > len(importer.SHEETS):
            raise ValidationError(_("Upload one workbook, or at most one CSV file per table."))
        for upload in uploads:
            importer.check_file(upload)
        return uploads

    def clean_scans(self):
        scans = self.cleaned_data.get("scans") or []
        if len(scans) > MAX_SCANS:
            raise ValidationError(
                ngettext("At most %(count)s scan at once.", "At most %(count)s scans at once.", MAX_SCANS)
                % {"count": MAX_SCANS}
            )
        checked = []
        for scan in scans:
            try:
                checked.append((scan, importer.check_scan(scan)))
            except ValidationError as error:
                raise ValidationError(f"{scan.name}: {' '.join(error.messages)}") from None
        return checked
