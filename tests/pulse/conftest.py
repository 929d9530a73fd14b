import pytest
import time_machine

from tests.health.helpers import NOW


@pytest.fixture(autouse=True)
def _clock():
    """Every pulse test runs on Monday 2.11.2026 at noon in Helsinki (quarter Q4/2026)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
