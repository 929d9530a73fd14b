"""home's rows of the permission matrix (see tests/test_permissions.py).

Where sign-in lands (`home:projects`, listed with the projects' rows) answers everyone signed in, except
that a funder reviewer is sent on to the programme overview; the overview is the reviewers' own: everyone
else gets 404, as on the review pages, and so are its exports. Its JSON feed answers an API token only.
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
    # The overview's JSON feed reads an API token only (tests/home/test_overview_values.py: a reviewer's token
    # reads; a wrong, expired, revoked or coordinator's token is 401): a session, anyone's, is not enough.
    "api_token": dict.fromkeys(
        ["anonymous", "other_coordinator", "other_partner", "partner", "coordinator", "funder"], 401
    ),
}

URLS = {
    "home:overview": (lambda w: {}, "get", "funder"),
    "home:overview_xlsx": (lambda w: {}, "get", "funder"),
    "home:overview_csv": (lambda w: {}, "get", "funder"),
    # The programme aggregates are the reviewers' too (tests/home/test_programme_aggregates.py).
    "home:programmes": (lambda w: {}, "get", "funder"),
    "home:programme": (lambda w: {"code": w.project.programme.code}, "get", "funder"),
    "home:overview_feed": (lambda w: {}, "get", "api_token"),
}

SPECIAL = set()

CROSS_PROJECT = {}
