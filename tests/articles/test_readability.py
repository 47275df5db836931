"""Readability figures (textstat: Flesch reading ease and grade, SMOG) computed from rendered HTML."""

import datetime

import textstat

from articles.readability import long_sentences, measure
from backpain.dates import add_months


def test_short_plain_sentences_read_easier_than_long_technical_ones():
    plain = measure("<p>Walk a bit each day. Rest when it hurts. Keep moving.</p>")
    technical = measure("<p>Intervertebral degeneration predisposes individuals to radiculopathy.</p>")
    assert plain.reading_ease > 90
    assert technical.reading_ease < 0
    assert plain.grade < technical.grade


def test_headings_and_list_items_count_as_sentences_without_full_stops():
    items = ["Rest for a day or two", "Walk a little more each day", "Put heat on the sore spot"]
    as_list = measure("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    as_run_on = measure("<p>" + " ".join(items).lower() + "</p>")
    assert as_list.reading_ease > as_run_on.reading_ease


def test_no_text_has_no_figures():
    assert measure("", "<p></p>").reading_ease is None


def test_the_figures_are_textstats_own():
    text = "Walk a bit each day. Rest when it hurts. Keep moving, even a little."
    figures = measure(f"<p>{text}</p>")
    assert figures.reading_ease == round(textstat.flesch_reading_ease(text), 1)
    assert figures.grade == round(textstat.flesch_kincaid_grade(text), 1)
    assert figures.smog == round(textstat.smog_index(text), 1)


def test_smog_needs_three_sentences():
    assert measure("<p>One short line. And another.</p>").smog is None
    assert measure("<p>One. Two more words. Three is here.</p>").smog is not None


def test_sentences_over_25_words_are_long():
    long = " ".join(["word"] * 26) + "."
    found = long_sentences(f"<p>Short one. {long}</p><h2>A heading</h2>")
    assert found == [long]


def test_add_months_keeps_the_day_or_clamps_to_the_month_end():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 3, 15), 12) == datetime.date(2025, 3, 15)
    assert add_months(datetime.date(2025, 3, 15), -3) == datetime.date(2024, 12, 15)
