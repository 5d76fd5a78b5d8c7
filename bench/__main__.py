"""Time the dossier build against plain Pelican on synthetic corpora (README, Performance).

    python -m bench [--sizes 100,1000,5000] [--repeat R] [--budget SECONDS]

For each size N a corpus is generated once (bench/out/N/seeds and
bench/out/N/markdown). Then, alternately and several times each, (a) our whole
build runs as `python build.py --seeds … --output …` and (b) plain Pelican
renders the same articles as Markdown with its default theme. Each run is a
child process: wall time is measured here, CPU time and the largest process's
peak memory come from os.wait4 (they include the child's own children, such as
Pagefind), and a sampler adds up the memory of the whole process tree. At the
larger sizes the rebuild after one article is added and after one is edited is
timed as well, for our build and for plain Pelican with its content cache on,
and our whole build after an actor is added to (a copy of) the registry: a
warm build, every page rendered again but no article parsed again. The full
builds start from nothing: cold, every article parsed.

The shipped dossier (seeds/) is built first, three times: the target is
under 2 s.

The whole run keeps within a time budget (default 14 minutes, so that
`make bench` ends within 15 on 2 cores): the first pair of runs at each size
always runs; further repeats and the rebuild runs are skipped when the time
left would not cover them and the sizes still to come, and a note says so. No
build runs past the end of the budget: one that would is stopped and shown as
"> X s".

It prints Markdown tables ready for the README and writes them, with the raw
figures, to bench/out/results.md and bench/out/results.json. It is a benchmark,
not a test: it never fails because a build is slow.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PLAIN_CONF = ROOT / "bench" / "plain_pelican" / "pelicanconf.py"
BIN = Path(sys.executable).parent  # the venv's bin/: python, pelican
MiB = 1024 * 1024

# The performance targets, checked in the summary.
TARGET_COLD_RATIO = 3.0  # a cold build parses every article
TARGET_WARM_RATIO = 1.3  # a build after a registry edit reuses the kept parses
TARGET_MEMORY_RATIO = 2.0
TARGET_GROWTH = 5.5  # 5,000-article build / 1,000-article build
TARGET_REBUILD_SHARE = 0.25
TARGET_REBUILD_SECONDS = 10.0  # one article added or edited at 5,000
TARGET_LARGEST_PAGE = 1_000_000
TARGET_DEFAULT_SECONDS = 2.0


# --------------------------------------------------------------- measuring

@dataclass
class Run:
    """One build, as measured from outside."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its waited-for children
    peak_rss: int  # bytes: the larger of the two figures below; what the tables show
    ok: bool
    largest_process_rss: int = 0  # bytes: ru_maxrss, the peak of the biggest single process
    tree_pss: int = 0  # bytes: the sampled peak of the whole process tree's proportional set size
    pages: int = 0  # .html files in the output
    largest_page: int = 0  # bytes
    largest_page_name: str = ""
    html_bytes: int = 0  # all .html files together: what the search indexer has to read
    error: str = ""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


class TreeMemorySampler(threading.Thread):
    """Samples the memory of a process and all its descendants a few times a second.

    ru_maxrss from wait4 is the peak of the single largest process; a build
    that works in parallel processes holds their memory at the same time, and
    only a sum over the tree shows that. The sum is of PSS (proportional set
    size), so pages that forked workers share with their parent are counted
    once, not once per process. Linux /proc only; elsewhere the sampler
    reports 0 and ru_maxrss stands alone.
    """

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_pss(pid) for pid in self._tree()))
            self._done.wait(self.interval)

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak

    def _tree(self) -> list[int]:
        """The process and its descendants, from the parent ids in /proc/*/stat."""
        children: dict[int, list[int]] = {}
        try:
            entries = os.listdir("/proc")
        except OSError:
            return []
        for entry in entries:
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue  # the process ended meanwhile
            # The command name is in parentheses and may hold spaces: split after it.
            parent = int(stat[stat.rfind(b")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry))
        tree, stack = [], [self.pid]
        while stack:
            pid = stack.pop()
            tree.append(pid)
            stack += children.get(pid, [])
        return tree


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (0 when it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def measure(command: list[str], log: Path, output: Path, timeout: float) -> Run:
    """Run command from the project root; its output goes to log."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as handle:
        start = time.perf_counter()
        # A session of its own, so that a timeout can stop the build and its children.
        process = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        sampler = TreeMemorySampler(process.pid)
        sampler.start()
        timer = threading.Timer(timeout, _stop_group, args=(process.pid,))
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        tree_peak = sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    largest = usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux
    run = Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, peak_rss=max(largest, tree_peak), ok=process.returncode == 0,
              largest_process_rss=largest, tree_pss=tree_peak)
    if not run.ok:
        reason = f"stopped after {timeout:.0f} s" if wall >= timeout else f"exit status {process.returncode}"
        run.error = f"{reason}; last lines of {log.relative_to(ROOT)}:\n" + _tail(log)
        return run
    run.pages, run.largest_page, run.largest_page_name, run.html_bytes = _html_pages(output)
    return run


def _stop_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _tail(log: Path, lines: int = 12) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").rstrip().splitlines()
    return "\n".join("    " + line for line in text[-lines:])


def _html_pages(output: Path) -> tuple[int, int, str, int]:
    """(number of .html files, size of the largest, its path, their total size) under output."""
    count, largest, name, total = 0, 0, "", 0
    for path in output.rglob("*.html"):
        count += 1
        size = path.stat().st_size
        total += size
        if size > largest:
            largest, name = size, str(path.relative_to(output))
    return count, largest, name, total


# ------------------------------------------------------------- the two builds

class Sizes:
    """The folders of one corpus size under bench/out/N/."""

    def __init__(self, n: int):
        self.n = n
        self.folder = OUT / str(n)
        self.seeds = self.folder / "seeds"
        self.markdown = self.folder / "markdown"
        self.site = self.folder / "site"
        self.plain = self.folder / "plain"
        self.plain_cache = self.folder / "plain-cache"
        self.logs = self.folder / "logs"


def run_ours(paths: Sizes, label: str, timeout: float, registry: Path | None = None) -> Run:
    command = [str(BIN / "python"), "build.py", "--seeds", str(paths.seeds), "--output", str(paths.site)]
    if registry is not None:
        command += ["--registry", str(registry)]
    return measure(command, paths.logs / f"ours-{label}.log", paths.site, timeout)


def run_plain(paths: Sizes, label: str, timeout: float, cached: bool = False) -> Run:
    command = [str(BIN / "pelican"), str(paths.markdown), "-o", str(paths.plain), "-s", str(PLAIN_CONF), "-q"]
    if cached:
        # Pelican's own content cache: spares reading unchanged files, renders every page again.
        command += ["--cache-path", str(paths.plain_cache),
                    "-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    return measure(command, paths.logs / f"plain-{label}.log", paths.plain, timeout)


def clean(*folders: Path) -> None:
    """A full build starts from nothing: no output, no work folder, no cache."""
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)


def our_leftovers(paths: Sizes) -> list[Path]:
    """What build.py leaves beside its output (the work folder and the previous site)."""
    return [paths.site, paths.folder / f".{paths.site.name}.build", paths.folder / f".{paths.site.name}.previous"]


# ------------------------------------------------------------------ the plan

class Budget:
    """The wall-clock time the whole benchmark may take."""

    def __init__(self, seconds: float):
        self.start = time.monotonic()
        self.seconds = seconds

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return self.seconds - self.elapsed()

    def timeout(self, longest: float) -> float:
        """No single build may run past the end of the budget (nor past --timeout)."""
        return max(30.0, min(longest, self.left()))


@dataclass
class SizeResult:
    n: int
    generate_seconds: float = 0.0
    ours: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    ours_add: list[Run] = field(default_factory=list)
    ours_edit: list[Run] = field(default_factory=list)
    ours_registry: list[Run] = field(default_factory=list)  # whole builds after a registry edit: parses kept
    plain_cached_full: list[Run] = field(default_factory=list)
    plain_add: list[Run] = field(default_factory=list)
    plain_edit: list[Run] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, sizes: list[int], repeat: int | None, rebuild_sizes: set[int], budget: Budget, timeout: float, seed: str):
        self.sizes = sizes
        self.repeat = repeat
        self.rebuild_sizes = rebuild_sizes
        self.budget = budget
        self.timeout = timeout
        self.seed = seed
        self.registry = corpus.load_registry()
        self.results: list[SizeResult] = []
        self.load_at_start = _load()
        self.default_runs: list[Run] = []

    def planned_repeats(self, n: int) -> int:
        """3 runs each (a median of three), unless --repeat says otherwise; the budget may cut them."""
        return self.repeat or 3

    def reserve_after(self, result: SizeResult) -> float:
        """Time to keep for the sizes after this one: their corpus and one run of each build.

        Extrapolated from the size at hand, linearly and with a quarter more
        for our build (it grows a little faster than linearly). When our build
        at a later size would not fit in what is left anyway, only plain
        Pelican's run is kept for: the time goes to repeats and rebuilds
        here, and the later build runs with what remains (and is reported as
        "> X s"). The rebuilds at later sizes get whatever is left then.
        """
        ours_per_article = 1.25 * _median_wall(result.ours) / result.n
        plain_per_article = _median_wall(result.plain) / result.n + 0.003  # + generating the corpus
        reserve = 0.0
        for m in (m for m in self.sizes if m > result.n):
            reserve += plain_per_article * m
            if reserve + ours_per_article * m <= self.budget.left():
                reserve += ours_per_article * m
        return reserve

    def fits(self, result: SizeResult, estimate: float, what: str) -> bool:
        """Whether a further step of about `estimate` seconds fits, keeping the reserve."""
        if estimate + self.reserve_after(result) <= self.budget.left():
            return True
        result.notes.append(f"skipped {what} (about {estimate:.0f} s) to stay within the {self.budget.seconds / 60:g}-minute budget")
        return False

    # -- one size

    def run_size(self, n: int) -> SizeResult:
        result = SizeResult(n)
        paths = Sizes(n)
        clean(paths.logs)
        say(f"N={n:,}: generating the corpus")
        start = time.perf_counter()
        corpus.write_corpus(paths.folder, n, self.seed, self.registry)
        result.generate_seconds = time.perf_counter() - start
        say(f"N={n:,}: corpus written in {result.generate_seconds:.1f} s")

        # Plain Pelican first in each pair: the baseline is there even if our build overruns.
        repeats = self.planned_repeats(n)
        for index in range(repeats):
            if index > 0:
                estimate = _median_wall(result.ours) + _median_wall(result.plain)
                # One rebuild after an add and one after an edit come before more full builds.
                first_rebuilds = 2 * _median_wall(result.ours) if n in self.rebuild_sizes else 0.0
                if not self.fits(result, estimate + first_rebuilds, f"full-build {_runs_from(index, repeats)}"):
                    break
            label = f"full build {index + 1}/{repeats}"
            clean(paths.plain)
            self._plain(result.plain, paths, label, f"full-{index + 1}")
            if not _failed_twice(result.ours):  # two failures in a row: broken, not unlucky
                if index == 0:
                    self._note_prediction(result)
                clean(*our_leftovers(paths))
                self._ours(result.ours, paths, label, f"full-{index + 1}")

        if n in self.rebuild_sizes:
            self.run_rebuilds(result, paths, repeats)
        return result

    def run_rebuilds(self, result: SizeResult, paths: Sizes, repeats: int) -> None:
        """Add one article, rebuild; edit one article, rebuild; then put the corpus back.

        Our build rebuilds over the site its last full build left; plain
        Pelican runs with its content cache on, primed by one full build.
        """
        n = result.n
        if not _ok(result.ours) or _failed_twice(result.ours):
            result.notes.append("rebuilds not measured: our full build failed")
            return
        if not result.ours[-1].ok:
            # The last full build failed and left no site: one more full build first.
            if not self.fits(result, 3 * _median_wall(result.ours), "the rebuilds (a full build first)"):
                return
            clean(*our_leftovers(paths))
            self._ours(result.ours, paths, "full build before the rebuilds", "full-again")
            if not result.ours[-1].ok:
                result.notes.append("rebuilds not measured: our full build failed")
                return
        plain_cached = False
        if self.fits(result, _median_wall(result.plain) + 2 * _median_wall(result.ours), "plain Pelican's cached rebuilds"):
            clean(paths.plain, paths.plain_cache)
            self._plain(result.plain_cached_full, paths, "full build, cache on", "cached-prime", cached=True)
            plain_cached = result.plain_cached_full[-1].ok

        added, edited = [], []
        for index in range(repeats):
            if not self.fits(result, 2 * _median_wall(result.ours), f"rebuild {_runs_from(index, repeats)}"):
                break
            label = f"{index + 1}/{repeats}"
            new = corpus.make_article(self.registry, n + index, self.seed)
            corpus.write_article(new, paths.seeds, paths.markdown)
            added.append(new)
            self._ours(result.ours_add, paths, f"rebuild after adding an article {label}", f"add-{index + 1}")
            if plain_cached and self.fits(result, _median_wall(result.plain), "a cached plain Pelican rebuild"):
                self._plain(result.plain_add, paths, f"rebuild after adding an article {label}, cache on", f"add-{index + 1}", cached=True)

            original = corpus.make_article(self.registry, (n // 2 + 7 * index) % n, self.seed)
            corpus.write_article(corpus.edit_article(self.registry, original, index, self.seed), paths.seeds, paths.markdown)
            edited.append(original)
            self._ours(result.ours_edit, paths, f"rebuild after editing an article {label}", f"edit-{index + 1}")
            if plain_cached and self.fits(result, _median_wall(result.plain), "a cached plain Pelican rebuild"):
                self._plain(result.plain_edit, paths, f"rebuild after editing an article {label}, cache on", f"edit-{index + 1}", cached=True)
            if not result.ours_add[-1].ok or not result.ours_edit[-1].ok:
                break

        # The corpus goes back to what the generator wrote.
        for article in added:
            (paths.seeds / f"{article.stem}.txt").unlink()
            (paths.markdown / f"{article.stem}.md").unlink()
        for article in edited:
            corpus.write_article(article, paths.seeds, paths.markdown)
        self.run_registry_edits(result, paths, repeats)

    def run_registry_edits(self, result: SizeResult, paths: Sizes, repeats: int) -> None:
        """An editor adds an actor to the registry, then rebuilds: every page again, but no article parsed again."""
        registry = paths.folder / "registry"
        clean(registry)
        shutil.copytree(ROOT / "registry", registry)
        for index in range(repeats):
            if not self.fits(result, _median_wall(result.ours), f"registry edit {_runs_from(index, repeats)}"):
                break
            with (registry / "actors.toml").open("a", encoding="utf-8") as actors:
                actors.write(f'\n[[actors]]\nname = "Bench Observer {index + 1}"\nkind = "person"\n'
                             f'profile = "An actor the benchmark adds, as an editor would."\n')
            label = f"{index + 1}/{repeats}"
            run = run_ours(paths, f"registry-{index + 1}", self.budget.timeout(self.timeout), registry)
            self._record(result.ours_registry, run, paths.n, f"dossier build after a registry edit {label}")

    def _note_prediction(self, result: SizeResult) -> None:
        """Say when our build is not expected to finish within what is left of the budget."""
        earlier = [r for r in self.results if _ok(r.ours)]
        if not earlier:
            return
        previous = earlier[-1]
        predicted = _median_wall(previous.ours) * result.n / previous.n
        if predicted > self.budget.left():
            result.notes.append(
                f"our build was predicted to take about {predicted:.0f} s (linear from N={previous.n:,}), more than the "
                f"{self.budget.left():.0f} s left: it ran until the budget ended; measure it alone with "
                f"`python -m bench --sizes {result.n} --repeat 1 --budget 3600`")

    def _ours(self, runs: list[Run], paths: Sizes, what: str, label: str) -> None:
        run = run_ours(paths, label, self.budget.timeout(self.timeout))
        self._record(runs, run, paths.n, f"dossier {what}")

    def _plain(self, runs: list[Run], paths: Sizes, what: str, label: str, cached: bool = False) -> None:
        run = run_plain(paths, label, self.budget.timeout(self.timeout), cached)
        self._record(runs, run, paths.n, f"plain Pelican {what}")

    def _record(self, runs: list[Run], run: Run, n: int, what: str) -> None:
        runs.append(run)
        if run.ok:
            say(f"N={n:,}: {what}: {run.wall:.2f} s wall, {run.cpu:.2f} s CPU, {run.peak_rss / MiB:.0f} MiB, {run.pages:,} pages")
        else:
            say(f"N={n:,}: {what} FAILED ({run.wall:.1f} s): {run.error}")

    def run_default(self, repeats: int = 3) -> None:
        """The shipped dossier (seeds/, five articles): the target is under 2 s."""
        site = OUT / "default" / "site"
        for index in range(repeats):
            clean(site, site.with_name(".site.build"))
            command = [str(BIN / "python"), "build.py", "--output", str(site)]
            run = measure(command, OUT / "default" / "logs" / f"ours-{index + 1}.log", site, self.budget.timeout(self.timeout))
            self.default_runs.append(run)
            if not run.ok:
                say(f"default dossier: build FAILED: {run.error}")
                return
            say(f"default dossier (seeds/): {run.wall:.2f} s wall, {run.cpu:.2f} s CPU")

    def run(self) -> None:
        self.run_default()
        for n in self.sizes:
            self.results.append(self.run_size(n))


def say(message: str) -> None:
    print(message, flush=True)


# ------------------------------------------------------------------ reporting

def _ok(runs: list[Run]) -> list[Run]:
    return [run for run in runs if run.ok]


def _runs_from(index: int, repeats: int) -> str:
    """ "run 3 of 3" or "runs 2–3 of 3", for the notes on what was skipped."""
    if index + 1 == repeats:
        return f"run {repeats} of {repeats}"
    return f"runs {index + 1}–{repeats} of {repeats}"


def _failed_twice(runs: list[Run]) -> bool:
    return len(runs) >= 2 and not runs[-1].ok and not runs[-2].ok


def _median_wall(runs: list[Run]) -> float:
    good = _ok(runs)
    return statistics.median(run.wall for run in good) if good else 0.0


def _median(runs: list[Run], attribute: str) -> float | None:
    good = _ok(runs)
    if not good:
        return None
    return statistics.median(getattr(run, attribute) for run in good)


def _ratio(ours, plain) -> str:
    if not isinstance(ours, float) or not isinstance(plain, float) or not plain:
        return "–"
    return f"{ours / plain:.2f}×"


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _summary(runs: list[Run]) -> dict:
    """The medians of the successful runs, for one table row."""
    good = _ok(runs)
    if not good:
        stopped = [run.wall for run in runs if run.error.startswith("stopped")]
        return {"wall": f"> {max(stopped):.0f}" if stopped else "failed", "cpu": None, "rss": None, "pages": None,
                "pps": None, "largest": None, "html": None, "runs": f"0 ({len(runs)} failed)" if runs else "0"}
    return {
        "wall": _median(runs, "wall"),
        "cpu": _median(runs, "cpu"),
        "rss": _median(runs, "peak_rss") / MiB,
        "pps": _median(runs, "pages_per_second"),
        "pages": good[-1].pages,
        "largest": good[-1].largest_page / 1024,
        "html": good[-1].html_bytes / MiB,
        "runs": f"{len(good)}" + (f" ({len(runs) - len(good)} failed)" if len(good) < len(runs) else ""),
    }


def full_build_table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| articles | build | wall (s) | CPU (s) | peak memory (MiB) | HTML pages | pages/s | largest page (KiB) | all HTML (MiB) | runs |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        ours, plain = _summary(result.ours), _summary(result.plain)
        for name, row in (("dossier", ours), ("plain Pelican", plain)):
            wall = row["wall"] if isinstance(row["wall"], str) else _number(row["wall"], 2)
            lines.append(
                f"| {result.n:,} | {name} | {wall} | {_number(row['cpu'], 2)} | {_number(row['rss'], 0)} "
                f"| {_number(row['pages'], 0)} | {_number(row['pps'], 0)} | {_number(row['largest'], 0)} | {_number(row['html'], 1)} | {row['runs']} |"
            )
        lines.append(
            f"| {result.n:,} | **dossier / plain** | **{_ratio(ours['wall'], plain['wall'])}** | **{_ratio(ours['cpu'], plain['cpu'])}** "
            f"| **{_ratio(ours['rss'], plain['rss'])}** | | {_ratio(ours['pps'], plain['pps'])} | | {_ratio(ours['html'], plain['html'])} | |"
        )
    return lines


def rebuild_table(results: list[SizeResult]) -> list[str]:
    measured = [r for r in results if r.ours_add or r.ours_edit or r.ours_registry]
    if not measured:
        return []
    lines = [
        "| articles | change | dossier rebuild (s) | share of its full build | plain Pelican, cache on (s) | share of its full build | runs |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in measured:
        ours_full = _median(result.ours, "wall")
        plain_full = _median(result.plain, "wall")
        for change, ours_runs, plain_runs in (("one article added", result.ours_add, result.plain_add),
                                              ("one article edited", result.ours_edit, result.plain_edit),
                                              ("registry edited (parses kept)", result.ours_registry, result.plain)):
            ours = _median(ours_runs, "wall")
            plain = _median(plain_runs, "wall")
            lines.append(
                f"| {result.n:,} | {change} | {_number(ours, 2)} | {_percent(ours, ours_full)} "
                f"| {_number(plain, 2)} | {_percent(plain, plain_full)} | {len(_ok(ours_runs))} / {len(_ok(plain_runs))} |"
            )
    return lines


def _percent(part: float | None, whole: float | None) -> str:
    if part is None or not whole:
        return "–"
    return f"{100 * part / whole:.0f} %"


def target_lines(results: list[SizeResult], default_runs: list[Run]) -> list[str]:
    """The performance targets against this run's medians."""
    by_size = {r.n: r for r in results}
    lines = []
    if _ok(default_runs):
        wall = _median(default_runs, "wall")
        lines.append(f"- the shipped dossier (seeds/, {_ok(default_runs)[-1].pages} pages): {wall:.2f} s wall "
                     f"(CPU {_median(default_runs, 'cpu'):.2f} s; target < {TARGET_DEFAULT_SECONDS:.0f} s): {_verdict(wall < TARGET_DEFAULT_SECONDS)}")
    for n in (1000, 5000):
        result = by_size.get(n)
        if result is None or not _ok(result.ours) or not _ok(result.plain):
            continue
        wall = _median(result.ours, "wall") / _median(result.plain, "wall")
        cpu = _median(result.ours, "cpu") / _median(result.plain, "cpu")
        memory = _median(result.ours, "peak_rss") / _median(result.plain, "peak_rss")
        lines.append(f"- N={n:,}: cold build (every article parsed) wall {wall:.2f}× plain Pelican "
                     f"(target ≤ {TARGET_COLD_RATIO}×): {_verdict(wall <= TARGET_COLD_RATIO)} "
                     f"(CPU {cpu:.2f}×); memory {memory:.2f}× (target ≤ {TARGET_MEMORY_RATIO}×): {_verdict(memory <= TARGET_MEMORY_RATIO)}")
        if _ok(result.ours_registry):
            warm = _median(result.ours_registry, "wall") / _median(result.plain, "wall")
            lines.append(f"- N={n:,}: warm build after a registry edit {warm:.2f}× plain Pelican "
                         f"(target ≤ {TARGET_WARM_RATIO}×): {_verdict(warm <= TARGET_WARM_RATIO)}")
    if 1000 in by_size and 5000 in by_size and _ok(by_size[1000].ours) and _ok(by_size[5000].ours):
        growth = _median(by_size[5000].ours, "wall") / _median(by_size[1000].ours, "wall")
        lines.append(f"- growth 1,000 → 5,000: {growth:.2f}× (target ≤ {TARGET_GROWTH}×): {_verdict(growth <= TARGET_GROWTH)}")
    result = by_size.get(5000)
    if result is not None and _ok(result.ours):
        full = _median(result.ours, "wall")
        for change, runs in (("added", result.ours_add), ("edited", result.ours_edit)):
            if _ok(runs):
                seconds = _median(runs, "wall")
                share = seconds / full
                lines.append(f"- N=5,000, rebuild after one article {change}: {seconds:.1f} s (target ≤ {TARGET_REBUILD_SECONDS:.0f} s): "
                             f"{_verdict(seconds <= TARGET_REBUILD_SECONDS)}, {100 * share:.0f} % of a full build "
                             f"(target ≤ {100 * TARGET_REBUILD_SHARE:.0f} %): {_verdict(share <= TARGET_REBUILD_SHARE)}")
        largest = _ok(result.ours)[-1]
        lines.append(f"- N=5,000, largest page: {largest.largest_page / 1e6:.2f} MB ({largest.largest_page_name}) "
                     f"(target ≤ 1 MB): {_verdict(largest.largest_page <= TARGET_LARGEST_PAGE)}")
    return lines


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def report(bench: Bench) -> str:
    results = bench.results
    lines = ["### Full build (medians)", ""] + full_build_table(results)
    rebuilds = rebuild_table(results)
    if rebuilds:
        lines += ["", "### Rebuild after one change (medians)", ""] + rebuilds
    targets = target_lines(results, bench.default_runs)
    if targets:
        lines += ["", "### Targets", ""] + targets
    lines += ["", "### Notes", ""]
    lines.append(f"- machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}; "
                 f"benchmark took {bench.budget.elapsed() / 60:.1f} min (budget {bench.budget.seconds / 60:g} min)")
    lines.append(f"- load average (1 min) at the start {bench.load_at_start:.1f}, at the end {_load():.1f}: "
                 "when it exceeds the CPU count, other work shared the machine and wall times are inflated; CPU times much less so")
    lines.append("- wall: median elapsed time of the whole command; CPU: user + system time of the command and its children; "
                 "peak memory: the larger of the biggest process's peak RSS (ru_maxrss) and the sampled peak PSS summed over the process tree; "
                 "all HTML: the size of every .html file of the site, which the search indexer reads")
    for result in results:
        counts = (f"{len(result.ours)} dossier + {len(result.plain)} plain full builds"
                  + (f", {len(result.ours_add)} + {len(result.ours_edit)} dossier rebuilds (add + edit)" if result.n in bench.rebuild_sizes else "")
                  + (f", {len(result.plain_add)} + {len(result.plain_edit)} cached plain rebuilds" if result.plain_cached_full else ""))
        lines.append(f"- N={result.n:,}: corpus generated in {result.generate_seconds:.1f} s; runs: {counts}")
        for note in result.notes:
            lines.append(f"  - {note}")
        for run in result.ours + result.ours_add + result.ours_edit:
            if not run.ok:
                lines.append(f"  - a dossier build failed: {run.error.splitlines()[0]} (see bench/out/{result.n}/logs/)")
                break
    return "\n".join(lines)


def save(bench: Bench, text: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.md").write_text(text + "\n", encoding="utf-8")
    raw = [asdict(result) for result in bench.results]
    (OUT / "results.json").write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="corpus sizes, comma-separated (default 100,1000,5000)")
    parser.add_argument("--repeat", type=int, help="runs of each build per size (default 3; the time budget may cut them)")
    parser.add_argument("--rebuild-sizes", default="1000,5000", help="sizes at which rebuilds are timed (default 1000,5000)")
    parser.add_argument("--budget", type=float, default=14 * 60, help="seconds the whole benchmark may take (default 840)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds after which one build is stopped (default 600)")
    parser.add_argument("--seed", default=corpus.DEFAULT_SEED, help="corpus random seed")
    args = parser.parse_args(argv)
    sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()})
    rebuild_sizes = {int(size) for size in args.rebuild_sizes.split(",") if size.strip()}

    bench = Bench(sizes, args.repeat, rebuild_sizes, Budget(args.budget), args.timeout, args.seed)
    try:
        bench.run()
    except KeyboardInterrupt:
        say("interrupted: reporting what was measured")
    text = report(bench)
    save(bench, text)
    print()
    print(text)
    print(f"\n(also written to {(OUT / 'results.md').relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
