"""Pelican settings for the briefing dossier.

`make html` runs build.py, which reads this file, generates the dossier's
content and renders it with Pelican using these settings.
"""
AUTHOR = "The dossier's editors"
SITENAME = "Gaza ceasefire and hostage talks, 2024–2025"
SITESUBTITLE = "A briefing dossier: who stands where, what was offered when, and what the sources say"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
LOCALE = ("C",)

# The dossier build (build.py): where its inputs are.
DOSSIER_SEEDS = "seeds"
DOSSIER_REGISTRY = "registry"
DOSSIER_FACTS_FILE = "sources.toml"

# Hand-written pages live in content/pages; the pages drawn from the dossier
# model (articles, actors, proposals, chronology months) are rendered by the
# build's own generator (dossier/render.py), not read from content.
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
STATIC_PATHS = []

# Site-wide pages drawn from the dossier model by the theme's templates.
DIRECT_TEMPLATES = ["index", "actors", "proposals", "compare", "chronology", "sources", "search", "editors", "404", "briefing",
                    "articles_feed", "events_feed", "sitemap"]
ARTICLES_FEED_SAVE_AS = "feeds/articles.atom.xml"
EVENTS_FEED_SAVE_AS = "feeds/events.atom.xml"
SITEMAP_SAVE_AS = "sitemap.xml"
ACTORS_SAVE_AS = "actors/index.html"
PROPOSALS_SAVE_AS = "proposals/index.html"
COMPARE_SAVE_AS = "compare/index.html"
CHRONOLOGY_SAVE_AS = "chronology/index.html"
SOURCES_SAVE_AS = "sources/index.html"
SEARCH_SAVE_AS = "search/index.html"
EDITORS_SAVE_AS = "editors/index.html"
BRIEFING_SAVE_AS = "briefing/index.html"

# Pelican's own article feeds and taxonomies do not apply: the theme writes
# the dossier's feeds.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DEFAULT_PAGINATION = False

JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# Same inputs, same bytes: no build-time caching state leaks into output.
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
