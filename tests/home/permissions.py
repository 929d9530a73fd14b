"""home's rows of the permission matrix (see tests/test_permissions.py).

Where sign-in lands (`home:projects`, listed with the projects' rows) answers everyone signed in, except
that a funder reviewer is sent on to the programme overview; the overview is the reviewers' own: everyone
else gets 404, as on the review pages.
"""

ACCESS_KINDS = {
    "landing": {
        "anonymous": "login",
        "other_coordinator": 200,
        "other_partner": 200,
        "partner": 200,
        "coordinator": 200,
        "funder": 302,
    },
}

URLS = {
    "home:overview": (lambda w: {}, "get", "funder"),
}

SPECIAL = set()

CROSS_PROJECT = {}
