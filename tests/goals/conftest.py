import pytest


@pytest.fixture
def english(client, settings):
    """Pages in English: the source strings, which do not change when the catalogues are translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
