from backpain.markdown import html_to_text, render_markdown


def test_plain_text_keeps_punctuation_next_to_emphasis_and_links():
    text = html_to_text(render_markdown("Yes &amp; *no*. See [the guide](https://example.org)!"))

    assert text == "Yes & no. See the guide!"


def test_plain_text_separates_paragraphs_and_list_items():
    assert html_to_text(render_markdown("One.\n\nTwo.\n\n* three\n* four")) == "One. Two. three four"
