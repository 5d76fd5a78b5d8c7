"""Plain Pelican for `make bench`: the baseline the dossier build is compared with.

Pelican 4.12's defaults (default theme, its default feeds, no pagination), with
relative URLs as in a development build and no content cache, so that every
run is a full build. The content path and the output are given on the command
line by bench/__main__.py.
"""
AUTHOR = "Bench"
SITENAME = "Plain Pelican baseline"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
LOAD_CONTENT_CACHE = False
