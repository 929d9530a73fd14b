"""Personal data in reports: the versions the person submitted and the review steps they took.

Submitted versions are frozen and hashed records of a state grant, kept as they were sent (docs/privacy.md);
they point at the account, which networkhub anonymises. Review comments naming the person are scrubbed.
"""

from networkhub.privacy import scrub_text

from .models import ReportReviewStep, ReportVersion


def export(person):
    if not person.user_id:
        return {"submitted_versions": [], "review_steps": []}
    versions = ReportVersion.objects.filter(submitted_by=person.user_id).select_related("report__project")
    steps = ReportReviewStep.objects.filter(actor=person.user_id).select_related("report__project")
    return {
        "submitted_versions": [
            {
                "project": v.report.project.acronym,
                "report": v.report.report_type,
                "version": v.number,
                "submitted_at": v.submitted_at.isoformat(),
            }
            for v in versions.order_by("pk")
        ],
        "review_steps": [
            {
                "project": s.report.project.acronym,
                "status": s.status,
                "comment": s.comment,
                "created_at": s.created_at.isoformat(),
            }
            for s in steps.order_by("pk")
        ],
    }


def erase(person, token):
    return scrub_text(ReportReviewStep.objects.all(), ["comment"], person, token)
