# The briefing dossier: pelican-quickstart targets plus build, test and bench.
# Every target sets up .venv/ from requirements.txt on first use.

PY ?= python3
VENV ?= .venv
PYTHON = $(VENV)/bin/python
PELICAN ?= $(VENV)/bin/pelican
PELICANOPTS ?=

BASEDIR = $(CURDIR)
INPUTDIR = $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
SEEDS ?= $(BASEDIR)/seeds
CONFFILE = $(BASEDIR)/pelicanconf.py
PUBLISHCONF = $(BASEDIR)/publishconf.py
PORT ?= 8000
BIND ?= 127.0.0.1

DEBUG ?= 0
RELATIVE ?= 0
KEEP_GOING ?= 0
N ?=

BUILDOPTS = --seeds "$(SEEDS)" --output "$(OUTPUTDIR)"
ifeq ($(KEEP_GOING), 1)
	BUILDOPTS += --keep-going
endif
ifeq ($(DEBUG), 1)
	BUILDOPTS += --debug
endif

WATCHED = seeds registry theme dossier content pelicanconf.py build.py

help:
	@echo 'Makefile for the briefing dossier'
	@echo ''
	@echo 'Usage:'
	@echo '   make html                        (re)build the dossier from seeds/ into output/'
	@echo '   make html SEEDS=dir OUTPUTDIR=d  build another folder of articles elsewhere'
	@echo '   make html KEEP_GOING=1           build what can be built, list skipped seeds'
	@echo '   make candidates                  write registry/candidates.toml: unknown names as registry entries'
	@echo '   make test                        run the whole test suite'
	@echo '   make serve [PORT=8000]           serve output/ at http://localhost:$(PORT)'
	@echo '   make devserver [PORT=8000]       serve and rebuild whenever an input changes'
	@echo '   make regenerate                  rebuild whenever an input changes'
	@echo '   make publish                     build with publishconf.py (set DOSSIER_SITEURL)'
	@echo '   make bench [N=1000]              time the build against plain Pelican'
	@echo '   make clean                       remove everything generated'

$(VENV)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed

build: venv
	$(PYTHON) build.py $(BUILDOPTS)

html: build

# The names the registry does not know, as ready [[actors]] entries (the build does not read them).
candidates: build
	cp "$(dir $(OUTPUTDIR)).$(notdir $(OUTPUTDIR)).build/candidates.toml" registry/candidates.toml
	@echo 'Wrote registry/candidates.toml: move an entry into registry/actors.toml to register it.'

clean:
	rm -rf "$(OUTPUTDIR)" "$(dir $(OUTPUTDIR)).$(notdir $(OUTPUTDIR)).build" .pytest_cache test-artifacts bench/out
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

# One build at a time; changes made during a build are gathered into the next one.
regenerate: venv
	$(PYTHON) -m dossier.watch $(WATCHED) -- $(PYTHON) build.py $(BUILDOPTS)

serve: venv
	$(PYTHON) -m http.server $(PORT) --bind $(BIND) --directory "$(OUTPUTDIR)"

devserver: build
	$(PYTHON) -m http.server $(PORT) --bind $(BIND) --directory "$(OUTPUTDIR)" & \
	trap 'kill $$!' EXIT INT TERM; \
	$(PYTHON) -m dossier.watch $(WATCHED) -- $(PYTHON) build.py $(BUILDOPTS)

publish: venv
	$(PYTHON) build.py --settings "$(PUBLISHCONF)" $(BUILDOPTS)

test: venv
	$(PYTHON) -m pytest -n 2 -q

bench: venv
	$(PYTHON) -m bench $(if $(N),--sizes $(N))

.PHONY: help venv build html candidates clean regenerate serve devserver publish test bench
