"""Shared fixtures: one build of the seeds per test session."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support import build_site  # noqa: E402


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The five seeds built into a temporary output folder."""
    output = tmp_path_factory.mktemp("seed-site") / "output"
    build_site(ROOT / "seeds", output)
    return output
