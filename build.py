"""Build the briefing dossier: seeds/ + registry/ -> a Pelican site in output/.

    python build.py [--seeds DIR] [--output DIR] [--keep-going] [--no-wait]

Exit codes: 0 built, 1 errors in the inputs, 2 the build could not finish
(disk full, a folder read-only, another build running with --no-wait, ...);
in both failures output/ is left as it was.
"""
import argparse
import logging
import os
import signal
import sqlite3
import sys

from dossier.faults import BuildStopped, explain
from dossier.pipeline import BuildFailed, run
from dossier.render import RenderFailed
from dossier.search import SearchIndexError
from dossier.report import BuildLog
from dossier.settings import BuildSettings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file (default: pelicanconf.py)")
    parser.add_argument("--seeds", help="folder of raw articles (default: DOSSIER_SEEDS)")
    parser.add_argument("--output", help="folder the site is written to (default: OUTPUT_PATH)")
    parser.add_argument("--registry", help="folder of the actors and proposals registry")
    parser.add_argument("--keep-going", action="store_true", help="build the rest when some seeds cannot be read")
    parser.add_argument("--no-search", dest="search", action="store_false", default=None, help="skip the search index")
    parser.add_argument("--full", dest="incremental", action="store_false", default=None,
                        help="render every page again instead of only those an edit touched")
    parser.add_argument("--no-wait", dest="wait", action="store_false",
                        help="fail at once when another build of the same output is running, instead of waiting for it")
    parser.add_argument("--debug", action="store_true", help="log every step and how long it took")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s: %(message)s")
    build_log = BuildLog(sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(build_log)
    settings = BuildSettings.from_pelicanconf(
        args.settings, seeds=args.seeds, output=args.output, registry=args.registry,
        keep_going=args.keep_going or None, search=args.search, incremental=args.incremental,
    )
    _stop_only_the_build_on_ctrl_c()
    try:
        dossier = run(settings, build_log, wait=args.wait)
    except (BuildStopped, OSError, sqlite3.Error, SearchIndexError, RenderFailed) as error:
        print(f"build stopped: {explain(error, settings.output, settings.work, settings.seeds)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"build interrupted; {settings.output} is the previous site or the new one, whole", file=sys.stderr)
        return 130
    except BuildFailed as failure:
        build_log.clear()
        # Every problem was logged above, all of them, in file and line order.
        print(f"build failed: {failure}; "
              "fix the errors listed above, or build the rest with --keep-going (make html KEEP_GOING=1)", file=sys.stderr)
        return 1
    build_log.clear()
    passed_over = [problem for problem in dossier.problems if problem.severity == "error"]
    if passed_over:
        # --keep-going: what each error left out (a seed, the source facts, a registry entry).
        print(f"built without what these {len(passed_over)} error(s) left out (--keep-going; skipped seeds are listed on the Sources page):", file=sys.stderr)
        for problem in passed_over:
            print(f"  {problem}", file=sys.stderr)
    print(build_log.summary(dossier))
    print(f"The site is in {settings.output}")
    return 0


def _stop_only_the_build_on_ctrl_c() -> None:
    """Ctrl-C reaches the build and the processes it forked: the build stops and says so, once.

    The forked workers ignore it and finish their short part (each would
    otherwise print its own traceback); the build waits for them and stops.
    """
    build_pid = os.getpid()

    def interrupted(signum, frame):
        if os.getpid() == build_pid:
            raise KeyboardInterrupt
    signal.signal(signal.SIGINT, interrupted)


def exit_now(code: int) -> None:
    """Exit without taking the model apart object by object.

    At thousands of articles the interpreter's own teardown frees millions of
    small objects one at a time, seconds after the site is already in place;
    the operating system takes the process's memory back at once. Nothing is
    left to finish: every file is written and closed, every worker waited for.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())
