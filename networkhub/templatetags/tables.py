"""`{% table %} ... {% endtable %}`: the one way to write a table in a page (issue 18, "Responsive tables").

    {% load tables %}
    {% table caption=_("Ideas") caption_hidden=True classes="table-sm align-middle" stack=True %}
      <thead>...</thead>
      <tbody>...</tbody>
    {% endtable %}

The tag writes the scroll box (`.table-responsive`, which contains everything inside it, even the absolutely
positioned hidden texts that would otherwise widen the page: static/css/networkhub.css), the `<table>` with
Bootstrap's `table` class and the given extra `classes`, and the `<caption>`. The block holds the rows only:
`<thead>`, `<tbody>`, `<tfoot>` (or bare `<tr>`s for a two-column fact table).

Options, all optional:
- `caption`: the table's name (a translated literal `_("...")` or a variable; a caption with placeholders is made
  first with `{% blocktranslate ... asvar caption %}`).
- `caption_hidden=True`: the caption is for screen readers only (`visually-hidden`), the page's heading names it.
- `stack=True`: on a phone each row becomes a card (`.table-stack`); give each `<td>` its column's name in
  `data-label`. The row's first cell is best a `<th scope="row">`, the card's heading.
- `classes`: Bootstrap's table modifiers (`"table-sm align-middle"`, `"table-hover"`, `"w-auto"`, `"meta"`...).
- `id`, `describedby` (an element's id: `aria-describedby`).

The template it writes is networkhub/_table.html; no other template writes `<table` or `table-responsive`
(tests/test_one_way.py), apart from the PDFs listed there.
"""

from django import template
from django.template.base import token_kwargs
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()

OPTIONS = {"caption", "caption_hidden", "stack", "classes", "id", "describedby"}


class TableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        options["rows"] = mark_safe(self.nodelist.render(context))
        return get_template("networkhub/_table.html").render(options)


@register.tag("table")
def table(parser, token):
    bits = token.split_contents()
    name, arguments = bits[0], bits[1:]
    options = token_kwargs(arguments, parser, support_legacy=False)
    if arguments:
        raise template.TemplateSyntaxError(f"{name} takes only name=value options, not {arguments!r}")
    unknown = set(options) - OPTIONS
    if unknown:
        raise template.TemplateSyntaxError(f"{name}: unknown options {sorted(unknown)}; it takes {sorted(OPTIONS)}")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, options)
