"""Demo goal reviews for `seed_demo`: VERKKO reviewed its goals about five months ago (mixed statuses);
BRO's last review is eight months old, so its next one is overdue. Dates are relative to today; running
it again updates the same rows (found by project and summary) and adds nothing twice."""

from datetime import timedelta

from django.utils import timezone

from .models import GoalReview, GoalReviewEntry, GoalStatus, Project

VERKKO, BRO = "OPH-1234-2026", "OPH-877-2025"

REVIEWS = {
    VERKKO: {
        "days_ago": 150,
        "summary": (
            "Ohjausryhmä kävi tavoitteet läpi kumppanien kanssa. Opiskelijaliikkuvuus etenee, henkilöstön "
            "liikkuvuus ja uusien järjestäjien mukaantulo vaativat lisätoimia."
        ),
        "entries": [
            (GoalStatus.ON_TRACK, "Syksyn jaksot on sovittu Tallinnaan ja Berliiniin.", ""),
            (
                GoalStatus.AT_RISK,
                "Opettajien sijaisjärjestelyt estävät lähtöjä.",
                "Kokeillaan lyhyitä job shadowing -jaksoja ja yhteisiä sijaispankkeja.",
            ),
            (
                GoalStatus.OFF_TRACK,
                "Yksikään uusi järjestäjä ei ole vielä liittynyt.",
                "Saimaa ja Lappi mentoroivat; kutsutaan kaksi järjestäjää kokemustenvaihtoon.",
            ),
        ],
    },
    BRO: {
        "days_ago": 240,
        "summary": (
            "Styrgruppen gick igenom målen. Handledarutbildningen går enligt plan, värdarbetsplatserna är för få."
        ),
        "entries": [
            (
                GoalStatus.AT_RISK,
                "Bara åtta nya värdarbetsplatser hittills.",
                "Företagsträffar i Bremen och Stockholm under våren.",
            ),
            (GoalStatus.ON_TRACK, "Två utbildningsomgångar genomförda.", ""),
        ],
    },
}


def seed_goal_reviews(stdout=None):
    """Seed the demo projects' goal reviews; the projects are found by their funder's case numbers."""
    today = timezone.localdate()
    for project in Project.objects.filter(case_number__in=REVIEWS).prefetch_related("goals"):
        spec = REVIEWS[project.case_number]
        review, _created = GoalReview.objects.update_or_create(
            project=project,
            summary=spec["summary"],
            defaults={
                "review_date": today - timedelta(days=spec["days_ago"]),
                "created_by": project.coordinators.order_by("pk").first(),
            },
        )
        for goal, (status, notes, changes) in zip(project.goals.all(), spec["entries"], strict=False):
            GoalReviewEntry.objects.update_or_create(
                review=review, goal=goal, defaults={"status": status, "notes": notes, "changes": changes}
            )
    if stdout is not None:
        stdout.write(f"Goal reviews: {GoalReview.objects.filter(project__case_number__in=REVIEWS).count()}.")
