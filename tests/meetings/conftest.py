import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded attachments go to a temporary directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english(client, settings):
    """Pages in English: the source strings, which do not change when the catalogues are translated."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
