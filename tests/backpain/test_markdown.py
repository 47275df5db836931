import pytest

from backpain.markdown import count_words, html_to_text, render_markdown


def test_markdown_becomes_html():
    html = render_markdown("Some **bold** and a [link](https://example.org).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html


def test_tables_from_markdown_extra_survive_sanitizing():
    html = render_markdown("| Drug | Dose |\n|---|---|\n| Ibuprofen | 200 mg |")
    assert "<table>" in html
    assert "<td>Ibuprofen</td>" in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
        ("![pixel](data:image/png;base64,AAAA)", "data:"),
        ('<svg onload="alert(1)"><circle r="1"/></svg>', "<svg"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
        ("<object data='x.swf'></object>", "<object"),
    ],
)
def test_dangerous_markup_is_removed(source, forbidden):
    assert forbidden.lower() not in render_markdown(source).lower()


def test_empty_markdown_renders_to_empty_string():
    assert render_markdown("") == ""


def test_plain_text_and_word_count_ignore_markup():
    html = render_markdown("Back **pain** &amp; stress")
    assert html_to_text(html) == "Back pain & stress"
    assert count_words(html) == 4
