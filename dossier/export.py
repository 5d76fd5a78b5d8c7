"""The public dossier.json export (SPEC §6), built from the model."""
from __future__ import annotations

from .models import Article, Dossier

EXPORT_VERSION = 1


def article_url(article_id: str, anchor: str | None = None) -> str:
    """Site-relative address of an article page or one of its paragraphs."""
    url = f"articles/{article_id}/"
    return f"{url}#{anchor}" if anchor else url


def export_dossier(dossier: Dossier) -> dict:
    """Dossier model -> the plain dict written to output/dossier.json."""
    return {
        "version": EXPORT_VERSION,
        "articles": [_export_article(article) for article in dossier.articles],
        "actors": [],
        "proposals": [],
        "events": [],
    }


def _export_article(article: Article) -> dict:
    published = article.published
    return {
        "id": article.id,
        "url": article_url(article.id),
        "title": article.title,
        "title_made": article.text.title_made,
        "source_file": article.source_file,
        "outlet": article.outlet.name,
        "published": {
            "date": published.date.iso() if published.date else None,
            "precision": published.date.precision if published.date else None,
            "inferred": published.inferred,
            "not_before": published.not_before,
        },
        "paragraphs": [
            {"id": p.anchor, "url": article_url(article.id, p.anchor), "text": p.text}
            for p in article.paragraphs
        ],
    }
