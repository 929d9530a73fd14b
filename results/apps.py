from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from networkhub.contributions import Contributions, NavEntry


class ResultsConfig(AppConfig):
    """The funder's criterion "results used and disseminated": a project's outputs and their dissemination."""

    name = "results"
    verbose_name = _("Results")
    contributions = Contributions(
        nav=(NavEntry("overview", 10, "results:list", _("Results")),),
        report_sections=("results.report.report_section",),
    )
