import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

from .. import identification

register = template.Library()

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "hr"}


@register.filter
def markdown(text):
    """Markdown to HTML, sanitised: only plain formatting survives, scripts and raw HTML never do."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow"))


@register.filter
def identification_level(level):
    """The assurance level of a strong identification in words (`commitments.identification.LEVELS`)."""
    return identification.level_label(level)
