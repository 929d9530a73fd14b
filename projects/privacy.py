"""Personal data in projects: which projects the person coordinates. The projects themselves stay; their
coordinator link then points at the anonymised account."""

from .models import Project


def export(person):
    if not person.user_id:
        return {"coordinated_projects": []}
    projects = Project.objects.filter(coordinators=person.user_id).order_by("pk")
    return {
        "coordinated_projects": [{"acronym": p.acronym, "name": p.name, "case_number": p.case_number} for p in projects]
    }


def erase(person, token):
    return 0
