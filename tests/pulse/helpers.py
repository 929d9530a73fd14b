from datetime import date

from networkhub import tokens
from pulse.models import PendingAnswer, PulseRecipient, TokenPurpose


def link(recipient, **kwargs):
    """A fresh survey link's raw token for the recipient."""
    _token, raw = tokens.issue(TokenPurpose.PULSE, recipient, sent_to=recipient.contact.email, **kwargs)
    return raw


def answers(pulse_round, count, *, start=3, comment="Hyvä yhteishenki"):
    """`count` answers in the open round (buffered), each from one of its recipients (marked answered)."""
    recipients = list(PulseRecipient.objects.filter(round=pulse_round, answered=False).order_by("contact_id")[:count])
    for index, recipient in enumerate(recipients):
        value = min(5, start + index % 3)
        PendingAnswer.objects.create(
            round=pulse_round,
            openness=value,
            reliability=value,
            mission=value,
            resources=value,
            involvement=value,
            comment=f"{comment} {index}" if comment else "",
        )
        recipient.answered = True
        recipient.save()
    return recipients


def closed_round(project, count, *, start=3, opened=date(2026, 9, 1), comment="Hyvä yhteishenki"):
    """A round opened on `opened` (Q3/2026 by default) with `count` answers, closed (its last day has passed)."""
    from pulse import services

    pulse_round = services.open_round(project, opened)
    answers(pulse_round, count, start=start, comment=comment)
    return services.close_round(pulse_round)
