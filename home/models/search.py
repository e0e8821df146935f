"""Search indexing shared by the site's page types."""

from collections.abc import Iterable

from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.text import search_terms


class FoldedSearchMixin:
    """Indexes a diacritic-free copy of the page's text beside the original.

    The search view folds the query the same way, so "an toan thong tin" and
    "an toàn thông tin" both find a page that says "An toàn thông tin".
    """

    search_fields = [*Page.search_fields, index.SearchField("folded_search_text")]

    def searchable_texts(self) -> Iterable[str]:
        """Every piece of text a citizen could search for; pages extend this."""
        yield self.title
        yield self.search_description
        for field in self._meta.get_fields():
            if isinstance(field, StreamField):
                value = getattr(self, field.name)
                yield from field.stream_block.get_searchable_content(value)

    def folded_search_text(self) -> str:
        # Words only, as the query is cut: PostgreSQL would otherwise keep "2853/qd-ubnd"
        # as one token, and a search for "2853" would not find it.
        return " ".join(search_terms(" ".join(text for text in self.searchable_texts() if text)))
