"""Readability figures computed from rendered HTML."""

import datetime

from articles.readability import count_syllables, measure
from backpain.dates import add_months


def test_short_plain_sentences_read_easier_than_long_technical_ones():
    plain = measure("<p>Walk a bit each day. Rest when it hurts. Keep moving.</p>")
    technical = measure("<p>Intervertebral degeneration predisposes individuals to radiculopathy.</p>")
    assert plain.reading_ease > 90
    assert technical.reading_ease < 0
    assert plain.grade < technical.grade


def test_headings_and_list_items_count_as_sentences_without_full_stops():
    as_list = measure("<ul><li>Heat</li><li>Rest</li><li>Walking</li></ul>")
    as_run_on = measure("<p>Heat rest walking</p>")
    assert as_list.reading_ease > as_run_on.reading_ease


def test_no_text_has_no_figures():
    assert measure("", "<p></p>").reading_ease is None


def test_syllables_are_estimated_from_vowel_groups():
    assert [count_syllables(word) for word in ("back", "spine", "muscle", "physiotherapy")] == [1, 1, 2, 5]


def test_add_months_keeps_the_day_or_clamps_to_the_month_end():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 3, 15), 12) == datetime.date(2025, 3, 15)
    assert add_months(datetime.date(2025, 3, 15), -3) == datetime.date(2024, 12, 15)
