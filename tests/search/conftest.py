import pytest
from django.core.cache import cache

from backpain.search.query import SYNONYMS_CACHE_KEY


@pytest.fixture(autouse=True)
def fresh_synonyms():
    """A rolled-back test leaves no signal behind: forget cached synonyms around each test."""
    cache.delete(SYNONYMS_CACHE_KEY)
    yield
    cache.delete(SYNONYMS_CACHE_KEY)
