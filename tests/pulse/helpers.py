from networkhub import tokens
from pulse.models import PulseAnswer, PulseRecipient, TokenPurpose


def link(recipient, **kwargs):
    """A fresh survey link's raw token for the recipient."""
    _token, raw = tokens.issue(TokenPurpose.PULSE, recipient, sent_to=recipient.contact.email, **kwargs)
    return raw


def answers(pulse_round, count, *, start=3, comment="Hyvä yhteishenki"):
    """`count` answers in the round, each from one of its recipients (marked answered)."""
    recipients = list(PulseRecipient.objects.filter(round=pulse_round, answered=False).order_by("contact_id")[:count])
    for index, recipient in enumerate(recipients):
        value = min(5, start + index % 3)
        PulseAnswer.objects.create(
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
