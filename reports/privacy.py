"""Personal data in reports: the versions the person submitted and the review steps they took, and the case
work (reports.casework) they did as the funder's officer: their notes and follow-ups.

Submitted versions are frozen and hashed records of a state grant, kept as they were sent (docs/privacy.md);
they point at the account, which networkhub anonymises. Review comments naming the person are scrubbed.

Case notes and follow-ups are exported to their author only: they are the officer's private record, and a
coordinator's export does not list what an officer wrote about their project. Erasing anyone scrubs their names
and addresses from every note and follow-up; erasing the author leaves the notes authorless (the account is
anonymised).
"""

from networkhub.privacy import scrub_text

from .models import CaseNote, FollowUp, ReportReviewStep, ReportVersion


def export(person):
    if not person.user_id:
        return {"submitted_versions": [], "review_steps": [], "case_notes": [], "follow_ups": []}
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
        "case_notes": [
            {"project": n.project.acronym, "text": n.text, "written_at": n.written_at.isoformat()}
            for n in CaseNote.objects.filter(author=person.user_id).select_related("project").order_by("pk")
        ],
        "follow_ups": [
            {
                "project": f.project.acronym,
                "due_date": f.due_date.isoformat(),
                "what": f.what,
                "done_at": f.done_at.isoformat() if f.done_at else None,
            }
            for f in FollowUp.objects.filter(author=person.user_id).select_related("project").order_by("pk")
        ],
    }


def erase(person, token):
    return (
        scrub_text(ReportReviewStep.objects.all(), ["comment"], person, token)
        + scrub_text(CaseNote.objects.all(), ["text"], person, token)
        + scrub_text(FollowUp.objects.all(), ["what"], person, token)
    )
