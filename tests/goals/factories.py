import factory
from factory.django import DjangoModelFactory

from goals.models import Idea
from tests.factories import OrganisationFactory, ProjectFactory


class IdeaFactory(DjangoModelFactory):
    class Meta:
        model = Idea

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "Kokeillaan yhdessä."
    proposed_by_organisation = factory.SubFactory(OrganisationFactory)
