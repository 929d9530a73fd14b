"""The trust pulse (design §4, characteristic 8: trust and a shared mission).

Optional per project (a coordinator's setting). Each quarter the member organisations' contact persons get
a short anonymous survey by e-mail: five ratings from 1 to 5 on the dimensions network evaluation tools
such as PARTNER validated (trust: openness to communication, reliability, shared mission; value: resource
contribution, involvement) and one free comment.

Anonymity is kept by the tables, not by a promise: an answer row (`PulseAnswer`) holds no person and no
time, and its key is a random UUID, so neither its order nor its number leads back to a recipient. Who has
answered is kept apart (`PulseRecipient.answered`), which is what refuses a second answer. Results show only
as aggregates, and only once at least `MIN_ANSWERS` (3) people have answered; with fewer, only the count.

Why an app of its own, here: it needs partners (the contacts) and projects, nothing from commitments or
meetings, and the health panel (item 8) above reads it. So it sits beside commitments and meetings.
"""
