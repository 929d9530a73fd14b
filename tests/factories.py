from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory

from accounts.models import User
from accounts.two_factor import mark_verified_session, two_factor_state
from goals.models import Goal, GoalReview, GoalReviewEntry, GoalStatus
from mobility.models import Direction, Mobility, ParticipantType
from networkhub.models import Role
from outreach.models import Announcement, Channel, MotivationEntry
from partners.models import (
    ContactPerson,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organisation,
    OrganisationType,
    ProjectContact,
)
from projects.models import (
    Programme,
    Project,
    ProjectStatus,
)
from results.models import (
    ContinuationPlan,
    Contribution,
    ContributionKind,
    DisseminationChannel,
    DisseminationEvent,
    Output,
    OutputType,
    Uptake,
)

PASSWORD = "correct-horse-battery-staple"


def business_id(n):
    """The n-th valid Finnish business ID (Y-tunnus), deterministic."""
    from stdnum.fi import ytunnus

    base = 1000000 + n * 7
    while True:
        for digit in range(10):
            candidate = f"{base:07d}{digit}"
            if ytunnus.is_valid(candidate):
                return ytunnus.format(candidate)
        base += 1


def month_start(months):
    """The first day of the month `months` away from the current month (Helsinki date); negative is past.

    Factories build dates from the current (possibly travelled) clock, so that no test ages."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="fi_FI")
    role = Role.PARTNER
    language = "fi"
    password = factory.django.Password(PASSWORD)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


def enrol_two_factor(user):
    """A confirmed authenticator for `user` (compute its codes with django_otp.oath.totp(device.bin_key))."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def sign_in(client, user):
    """client.force_login, and for a person two-factor sign-in holds (funder reviewers, administrators,
    staff, coordinators of a project that requires it), an enrolled authenticator and a verified session,
    as if they had typed a code. Returns the client."""
    client.force_login(user)
    required, enrolled = two_factor_state(user)
    if required or enrolled:
        session = client.session
        mark_verified_session(session, enrol_two_factor(user))
        session.save()
    return client


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"programme-{n}")
    name_fi = factory.Sequence(lambda n: f"Ammatillisen koulutuksen kansainvälistyminen {2026 + n}")
    name_sv = factory.Sequence(lambda n: f"Internationalisering av yrkesutbildningen {2026 + n}")
    name_en = factory.Sequence(lambda n: f"Internationalisation of VET {2026 + n}")
    # An internationalisation programme: it scores item 12, which a programme scores only when switched on.
    health_settings = factory.LazyFunction(lambda: {"on": ["new_to_international"]})


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisaatio {n} Oy")
    org_type = OrganisationType.EDUCATION_PROVIDER
    country = "FI"
    business_id = factory.Sequence(business_id)


class ForeignOrganisationFactory(OrganisationFactory):
    country = "EE"
    business_id = None
    foreign_registration_number = factory.Sequence(lambda n: f"{80000000 + n}")


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Verkostohanke {n}")
    acronym = factory.Sequence(lambda n: f"VH{n}")
    case_number = factory.Sequence(lambda n: f"OPH-{1000 + n}-2026")
    programme = factory.SubFactory(ProgrammeFactory)
    grant_eur = Decimal("100000.00")
    self_financing_eur = Decimal("25000.00")
    # Running for four months already, two years in all: active, with its first deadlines ahead.
    application_date = factory.LazyFunction(lambda: month_start(-9))
    start_date = factory.LazyFunction(lambda: month_start(-4))
    end_date = factory.LazyAttribute(lambda p: p.start_date.replace(year=p.start_date.year + 2) - timedelta(days=1))
    status = ProjectStatus.ACTIVE

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.add(*extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.PARTNER
    status = MembershipStatus.ACTIVE

    @factory.post_generation
    def known_contacts(self, create, extracted, **kwargs):
        """The project knows the organisation's contacts (as if it had added them), unless known_contacts=False.
        A test of what joining from the registry shows goes through the service instead."""
        if create and extracted is not False:
            ProjectContact.objects.bulk_create(
                [
                    ProjectContact(project_id=self.project_id, contact=contact)
                    for contact in self.organisation.contacts.all()
                ],
                ignore_conflicts=True,
            )


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="fi_FI")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    language = "fi"
    consent_to_share = True

    @factory.post_generation
    def known_to(self, create, extracted, **kwargs):
        """Known to the projects the organisation is a member of (as if they had added the contact), or to the
        projects given (known_to=[project, ...]; known_to=[] for none)."""
        if not create:
            return
        if extracted is None:
            projects = self.organisation.memberships.values_list("project_id", flat=True)
        else:
            projects = [project.pk for project in extracted]
        ProjectContact.objects.bulk_create(
            [ProjectContact(project_id=pk, contact=self) for pk in projects], ignore_conflicts=True
        )


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Tavoite {n}")
    indicator = "Liikkuvuusjaksot"
    target = Decimal("20")
    unit = "henkilöä"


class OutputFactory(DjangoModelFactory):
    class Meta:
        model = Output

    project = factory.SubFactory(ProjectFactory)
    output_type = OutputType.OPERATING_MODEL
    title = factory.Sequence(lambda n: f"Toimintamalli {n}")
    description = "Verkoston yhteinen malli."


class DisseminationEventFactory(DjangoModelFactory):
    class Meta:
        model = DisseminationEvent

    output = factory.SubFactory(OutputFactory)
    date = date(2026, 10, 15)
    channel = DisseminationChannel.SEMINAR
    audience = "Jäsenoppilaitosten opettajat"
    reach = 40


class UptakeFactory(DjangoModelFactory):
    class Meta:
        model = Uptake

    output = factory.SubFactory(OutputFactory)
    organisation_name = "Kaupungin koulutuspalvelut"
    date = date(2026, 11, 20)
    evidence = "Malli on otettu käyttöön kaikissa kaupungin kouluissa."


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    project = factory.SubFactory(ProjectFactory)
    kind = ContributionKind.COMPANY_INTRODUCTION
    date = date(2026, 10, 12)
    description = "Esittely Konepaja Virtasen toimitusjohtajalle: työpaikkaohjaajien vaihto."
    counterpart = "Konepaja Virtanen Oy"


class ContinuationPlanFactory(DjangoModelFactory):
    class Meta:
        model = ContinuationPlan

    membership = factory.SubFactory(MembershipFactory)
    continues = "Mentorointi jatkuu osana opettajien perehdytystä."
    decided_by = "Oppilaitoksen johtoryhmä"
    resources = "0,2 henkilötyövuotta vuodessa"


class GoalReviewFactory(DjangoModelFactory):
    class Meta:
        model = GoalReview

    project = factory.SubFactory(ProjectFactory)
    review_date = factory.LazyAttribute(lambda review: review.project.start_date)
    summary = "Tavoitteet käytiin läpi ohjausryhmässä."


class GoalReviewEntryFactory(DjangoModelFactory):
    class Meta:
        model = GoalReviewEntry

    review = factory.SubFactory(GoalReviewFactory)
    goal = factory.SubFactory(GoalFactory, project=factory.SelfAttribute("..review.project"))
    status = GoalStatus.ON_TRACK


def add_members(project, count, **kwargs):
    """Add `count` member organisations, each with one contact, alternating domestic and foreign."""
    memberships = []
    for index in range(count):
        organisation = (OrganisationFactory if index % 2 else ForeignOrganisationFactory)(**kwargs)
        ContactFactory(organisation=organisation)
        memberships.append(MembershipFactory(project=project, organisation=organisation))
    return memberships


class MobilityFactory(DjangoModelFactory):
    """An outgoing student mobility sent by a member (give `sending_organisation`) to a German school."""

    class Meta:
        model = Mobility

    project = factory.SubFactory(ProjectFactory)
    direction = Direction.OUTGOING
    participant_type = ParticipantType.STUDENTS
    participants = 2
    sending_organisation = factory.SubFactory(OrganisationFactory)
    receiving_name = "Berufskolleg Bremen"
    country = "DE"
    start_date = date(2026, 3, 2)
    end_date = date(2026, 3, 27)


class AnnouncementFactory(DjangoModelFactory):
    """A draft announcement in Finnish to all member contacts."""

    class Meta:
        model = Announcement
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    subject_fi = "Kevään verkostopäivä"
    body_fi = "Tervetuloa verkostopäivään."


class MotivationEntryFactory(DjangoModelFactory):
    """A phone call to a member (give a business or foreign partner's `membership`) today."""

    class Meta:
        model = MotivationEntry

    membership = factory.SubFactory(MembershipFactory)
    date = factory.LazyFunction(timezone.localdate)
    channel = Channel.PHONE
    reached_by = "Anna Koordinaattori"
    note = "Kysyin kiinnostusta harjoittelupaikkoihin."
