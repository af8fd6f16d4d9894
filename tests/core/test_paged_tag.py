"""{% paged %}: the rows then the pager, or the empty state with the message and hint given."""

import pytest
from django.core.paginator import Paginator
from django.template import TemplateSyntaxError, engines

LIST = '{% paged message=msg hint="Try again" %}<ul>{% for x in page_obj %}<li>{{ x }}</li>{% endfor %}</ul>{% endpaged %}'


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_rows_then_the_pager():
    html = render(LIST, page_obj=Paginator(range(30), 10).page(2), msg="None")
    assert "<li>10</li>" in html
    assert html.index("</ul>") < html.index('<nav class="pagination"')
    assert "empty-state" not in html


def test_the_empty_state_with_message_and_hint():
    html = render(LIST, page_obj=Paginator([], 10).page(1), msg="Nothing <here>")
    assert "<ul>" not in html
    assert "<p>Nothing &lt;here&gt;</p>" in html
    assert '<p class="muted">Try again</p>' in html


def test_the_default_message_without_arguments():
    html = render("{% paged %}rows{% endpaged %}", page_obj=Paginator([], 10).page(1))
    assert "rows" not in html
    assert "empty-state" in html


def test_only_message_and_hint():
    with pytest.raises(TemplateSyntaxError):
        render("{% paged title=x %}{% endpaged %}")
