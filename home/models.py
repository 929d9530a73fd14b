"""The programme aggregates' stored figures (issue 22 part 6, issue 24): counted once, read by the page many times."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Programme


class ProgrammeFigures(models.Model):
    """A programme's `Aggregates` (home.programme_aggregates) for one set of the page's filters, as they were counted
    at `computed_at` with `computed_on` as the day (home.figures reads, stores and refreshes them)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("grant programme")
    )
    # The filters' canonical key (home.figures.filters_key): "" for the page without filters.
    filters_key = models.CharField(_("filters"), max_length=100, blank=True)
    computed_on = models.DateField(_("figures as of"))
    computed_at = models.DateTimeField(_("counted at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("stored programme figures")
        verbose_name_plural = _("stored programme figures")
        constraints = [
            models.UniqueConstraint(fields=["programme", "filters_key"], name="home_programme_figures_once"),
        ]

    def __str__(self):
        return f"{self.programme.code} [{self.filters_key}] {self.computed_at.isoformat()}"
