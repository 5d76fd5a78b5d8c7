"""`make bench`: the dossier build against plain Pelican on synthetic corpora (README, Performance).

`corpus` writes a deterministic synthetic corpus; `__main__` times both builds
on it and prints a Markdown table. A benchmark, not a test: nothing here fails
on a slow build.
"""
