"""Settings for publishing: `make publish` builds with these.

Set SITEURL to the address the dossier is served from.
"""
import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("DOSSIER_SITEURL", "")
RELATIVE_URLS = not SITEURL
DELETE_OUTPUT_DIRECTORY = True
