"""Plain-language help beside the Markdown editor's preview: readability, long sentences and clinical words.

The editor's script posts the field's Markdown as the author types; the text is rendered by the site's one
pipeline and measured by the same function as the figure stored on save (`articles/readability.py`). Only writers
may ask, with CSRF, as for the preview itself.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from articles.readability import long_sentences, measure
from backpain.editor import writers_only
from backpain.markdown import html_to_text, render_markdown
from editorial.models import ClinicalTerm

MAX_CONTENT = 200_000


@writers_only
@require_POST
def writing_help(request):
    content = request.POST.get("content", "")[:MAX_CONTENT]
    rendered = render_markdown(content)
    figures = measure(rendered)
    terms = ClinicalTerm.objects.found_in(html_to_text(rendered))
    return JsonResponse(
        {
            "reading_ease": figures.reading_ease,
            "grade": figures.grade,
            "smog": figures.smog,
            "long_sentences": long_sentences(rendered),
            "terms": [{"term": term, "lay": lay, "count": count} for term, lay, count in terms],
        }
    )
