from datetime import date

"""pulse's rows of the permission matrix (see tests/test_permissions.py)."""


def _project(w):
    return {"project_pk": w.project.pk}


def _answer(project):
    """A closed round's answer with a comment, written directly (no clock involved)."""
    from pulse.models import PulseAnswer, PulseRound

    pulse_round = PulseRound.objects.create(
        project=project, quarter=date(2026, 7, 1), opened_on=date(2026, 7, 1), closes_on=date(2026, 9, 30), closed=True
    )
    ratings = dict.fromkeys(["openness", "reliability", "mission", "resources", "involvement"], 4)
    return PulseAnswer.objects.create(round=pulse_round, comment="Kommentti", **ratings)


def _comment(w):
    return {"project_pk": w.project.pk, "answer_pk": _answer(w.project).pk}


def _closed_round(project):
    from pulse.models import PulseRound

    return PulseRound.objects.create(
        project=project, quarter=date(2026, 4, 1), opened_on=date(2026, 4, 1), closes_on=date(2026, 6, 30), closed=True
    )


def _agenda(w):
    return {"project_pk": w.project.pk, "round_pk": _closed_round(w.project).pk}


def _other_agenda(w):
    return {"project_pk": w.project.pk, "round_pk": _closed_round(w.other_project).pk}


def _other_comment(w):
    return {"project_pk": w.project.pk, "answer_pk": _answer(w.other_project).pk}


URLS = {
    "pulse:results": (_project, "get", "project_member"),
    "pulse:settings": (_project, "get", "project_coordinator"),
    "pulse:hide_comment": (_comment, "get", "project_coordinator"),
    "pulse:agenda": (_agenda, "get", "project_coordinator"),
    # A partner's to-do "answer the pulse": on to a fresh survey link, or back to the project with a message.
    "pulse:answer_own": (_project, "get", "project_member_redirect"),
}
ACCESS_KINDS = {
    "project_member_redirect": {
        "anonymous": "login",
        "other_coordinator": 404,
        "other_partner": 404,
        "partner": 302,
        "coordinator": 302,
        "funder": 404,
    }
}

# Checked in tests/pulse: the survey answers by token, without sign-in.
SPECIAL = {"pulse:survey"}
CROSS_PROJECT = {"pulse:hide_comment": _other_comment, "pulse:agenda": _other_agenda}
