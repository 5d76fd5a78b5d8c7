"""A build that is stopped, doubled or starved leaves a whole site: the old one or the new one, never a mix."""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import build
from dossier.faults import STOP_AT
from tests.support import build_site

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLE = ROOT / "tests" / "fixtures" / "linking" / "005_new_cairo_round.txt"
EDITED = "003_5aa09946ffab4909.txt"
REMOVED = "001_ebc525fb0a40467e.txt"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path, with its bytes."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def edit(seeds: Path) -> None:
    """An article added, one edited, one removed: pages rendered, linked and deleted."""
    shutil.copy(NEW_ARTICLE, seeds / NEW_ARTICLE.name)
    edited = seeds / EDITED
    edited.write_text(edited.read_text(encoding="utf-8").replace("at least 37,834 people", "at least 37,900 people"), encoding="utf-8")
    (seeds / REMOVED).unlink()


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> dict[str, bytes]:
    """The edited seeds' site, as a clean full build gives it."""
    base = tmp_path_factory.mktemp("new")
    shutil.copytree(ROOT / "seeds", base / "seeds")
    edit(base / "seeds")
    build_site(base / "seeds", base / "output", incremental=False)
    return tree(base / "output")


@pytest.fixture()
def project(new_site, tmp_path):
    """The seeds built into output/ (with what a rebuild needs), then edited: (seeds, output, old, new)."""
    seeds, output = tmp_path / "seeds", tmp_path / "site" / "output"
    shutil.copytree(ROOT / "seeds", seeds)
    build_site(seeds, output)
    edit(seeds)
    return seeds, output, tree(output), new_site


def build_command(seeds: Path, output: Path, *options: str, prelude: str = "") -> list[str]:
    arguments = ["--seeds", str(seeds), "--output", str(output), *options]
    return [sys.executable, "-c", f"import sys, build\n{prelude}\nbuild.exit_now(build.main({arguments!r}))"]


def run_build(seeds: Path, output: Path, *options: str, stop_at: str | None = None, prelude: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, STOP_AT: stop_at} if stop_at else {key: value for key, value in os.environ.items() if key != STOP_AT}
    return subprocess.run(build_command(seeds, output, *options, prelude=prelude), cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


def assert_old_or_new_then_heals(seeds: Path, output: Path, old: dict, new: dict, prelude: str = "") -> None:
    """output/ is one of the two sites; the next build gives the clean build's bytes."""
    now = tree(output)
    assert now == old or now == new, "output/ mixes the old and the new site"
    done = run_build(seeds, output, prelude=prelude)
    assert done.returncode == 0, done.stderr
    assert tree(output) == new


# Stage ends (pipeline._timed), inside linking the unchanged files, and each step of publishing.
KILL_POINTS = ["read", "normalize and extract", "link", "index", "page digests", "render", "link#1", "link#7",
               "link#40", "link unchanged files", "export and search index", "state saved", "swapped",
               "state kept", "publish"]
# The same without RENAME_EXCHANGE (an invalid flag makes renameat2 refuse): output/ renamed aside first.
NO_EXCHANGE = "import dossier.publish; dossier.publish._RENAME_EXCHANGE = 1 << 20"


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_rebuild_killed_at_any_point_leaves_the_old_or_the_new_site(project, point):
    seeds, output, old, new = project
    stopped = run_build(seeds, output, stop_at=point)
    assert stopped.returncode == -signal.SIGKILL, f"never reached {point}: {stopped.stderr}"
    assert_old_or_new_then_heals(seeds, output, old, new)


# Two articles a search bucket: the search index in several bundles, of which a rebuild indexes some again.
BUCKETS = "import dossier.search; dossier.search.ARTICLES_PER_BUCKET = 2"


@pytest.fixture(scope="module")
def bucketed(tmp_path_factory) -> dict[str, bytes]:
    """The edited seeds' site with its search index in buckets, as a clean full build gives it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dossier.search.ARTICLES_PER_BUCKET", 2)
        base = tmp_path_factory.mktemp("bucketed")
        shutil.copytree(ROOT / "seeds", base / "seeds")
        edit(base / "seeds")
        build_site(base / "seeds", base / "output", incremental=False)
        assert (base / "output" / "pagefind" / "vocabulary").is_dir()  # several bundles
        return tree(base / "output")


@pytest.mark.parametrize("point", ["render", "link#5", "export and search index", "state saved", "swapped"])
def test_a_rebuild_killed_with_a_bucketed_search_index_heals_the_index_too(bucketed, tmp_path, monkeypatch, point):
    monkeypatch.setattr("dossier.search.ARTICLES_PER_BUCKET", 2)
    seeds, output = tmp_path / "seeds", tmp_path / "site" / "output"
    shutil.copytree(ROOT / "seeds", seeds)
    build_site(seeds, output)
    edit(seeds)
    old = tree(output)
    stopped = run_build(seeds, output, stop_at=point, prelude=BUCKETS)
    assert stopped.returncode == -signal.SIGKILL, f"never reached {point}: {stopped.stderr}"
    assert_old_or_new_then_heals(seeds, output, old, bucketed, prelude=BUCKETS)


@pytest.mark.parametrize("point", ["render", "state saved", "aside", "swapped", "state kept"])
def test_a_rebuild_killed_while_publishing_without_an_atomic_exchange_is_healed(project, point):
    seeds, output, old, new = project
    stopped = run_build(seeds, output, stop_at=point, prelude=NO_EXCHANGE)
    assert stopped.returncode == -signal.SIGKILL, f"never reached {point}: {stopped.stderr}"
    if point != "aside":
        assert_old_or_new_then_heals(seeds, output, old, new)
        return
    # The one moment output/ is missing, the old site renamed aside; the next build puts it back first.
    assert not output.exists()
    assert tree(output.parent / ".output.build" / "previous") == old
    assert run_build(seeds, output).returncode == 0
    assert tree(output) == new


@pytest.mark.parametrize("point", ["render", "export and search index", "state saved", "swapped"])
def test_a_full_build_killed_leaves_the_old_or_the_new_site(project, point):
    seeds, output, old, new = project
    stopped = run_build(seeds, output, "--full", stop_at=point)
    assert stopped.returncode == -signal.SIGKILL
    assert_old_or_new_then_heals(seeds, output, old, new)


@pytest.mark.parametrize("fraction", [0.2, 0.45, 0.7, 0.85, 0.95])
def test_a_rebuild_killed_at_a_moment_leaves_the_old_or_the_new_site(project, fraction):
    """Killed from outside, with the processes it started, wherever it happens to be."""
    seeds, output, old, new = project
    started = time.perf_counter()
    probe = run_build(seeds, output.parent / "probe")  # a full build's duration, on this machine now
    duration = time.perf_counter() - started
    assert probe.returncode == 0
    process = subprocess.Popen(build_command(seeds, output), cwd=ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(duration * fraction)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had finished
    process.wait()
    assert_old_or_new_then_heals(seeds, output, old, new)


@pytest.mark.parametrize("fraction", [0.5, 0.7, 0.9])
def test_ctrl_c_stops_a_rebuild_with_one_line_and_a_whole_site(project, fraction):
    seeds, output, old, new = project
    started = time.perf_counter()
    assert run_build(seeds, output.parent / "probe").returncode == 0
    duration = time.perf_counter() - started
    process = subprocess.Popen(build_command(seeds, output), cwd=ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    time.sleep(duration * fraction)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the build and what it started
    _, errors = process.communicate(timeout=300)
    if process.returncode == -signal.SIGINT:  # still importing, before the build began: Python's own stop
        assert tree(output) == old
    else:
        assert process.returncode in (0, 130) and "Traceback" not in errors
    if process.returncode == 130:
        # Warnings about the inputs may come first; the stop itself is one line, the last.
        assert errors.strip().splitlines()[-1] == f"build interrupted; {output} is the previous site or the new one, whole"
        assert "Traceback" not in errors
    assert_old_or_new_then_heals(seeds, output, old, new)


# ------------------------------------------------------------------ one build at a time

def test_two_builds_started_together_both_finish_one_after_the_other(project):
    seeds, output, old, new = project
    builds = [subprocess.Popen(build_command(seeds, output), cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8") for _ in range(2)]
    results = [(process.wait(timeout=300), process.stderr.read()) for process in builds]
    for process in builds:
        process.stdout.close()
        process.stderr.close()
    assert [code for code, _ in results] == [0, 0], results
    assert "Traceback" not in "".join(error for _, error in results)
    assert tree(output) == new


@pytest.fixture()
def held_lock(project):
    """The build folder's lock, held as a running build holds it."""
    _, output, _, _ = project
    with open(output.parent / ".output.build" / "lock", "r+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242\n")
        lock.flush()
        yield lock


def test_with_no_wait_a_second_build_fails_at_once_naming_the_first(project, held_lock):
    seeds, output, old, _ = project
    refused = run_build(seeds, output, "--no-wait")
    assert refused.returncode == 2
    assert f"another build of {output} is running (pid 4242)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert tree(output) == old


def test_a_second_build_waits_for_the_first_then_builds(project, held_lock):
    seeds, output, _, new = project
    waiting = subprocess.Popen(build_command(seeds, output), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    time.sleep(3)
    assert waiting.poll() is None
    fcntl.flock(held_lock, fcntl.LOCK_UN)
    _, errors = waiting.communicate(timeout=300)
    assert waiting.returncode == 0
    assert f"another build of {output} is running (pid 4242); waiting…" in errors
    assert tree(output) == new


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.1)


def test_changes_made_during_a_build_make_one_more_build_not_a_second_at_once(tmp_path):
    """make devserver / make regenerate: dossier.watch runs builds one after the other."""
    watched, runs = tmp_path / "watched", tmp_path / "runs"
    watched.mkdir()
    a_build = ("import pathlib, time; log = pathlib.Path(%r); log.open('a').write('start\\n'); "
               "time.sleep(2); log.open('a').write('end\\n')" % str(runs))
    watcher = subprocess.Popen([sys.executable, "-m", "dossier.watch", str(watched), "--", sys.executable, "-c", a_build],
                               cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        (watched / "first.txt").write_text("an edit")
        wait_for(lambda: runs.exists())
        for number in range(3):  # edits while the build runs
            (watched / f"during-{number}.txt").write_text("another edit")
            time.sleep(0.2)
        wait_for(lambda: runs.read_text().count("end") == 2)
        time.sleep(3)  # and no third build
    finally:
        watcher.terminate()
        watcher.wait()
    assert runs.read_text().split() == ["start", "end", "start", "end"]


# ------------------------------------------------------------------ starved or refused

def stopped_in_process(seeds: Path, output: Path, capsys) -> str:
    """Run build.py's main here (so test doubles apply); it must stop with exit 2 and one clean line."""
    assert build.main(["--seeds", str(seeds), "--output", str(output)]) == 2
    errors = capsys.readouterr().err
    assert "Traceback" not in errors
    assert errors.startswith("build stopped: ") and errors.rstrip().endswith("output left unchanged")
    return errors


def refuse(monkeypatch, module, name: str, code: int, when=lambda *args: True):
    """Make module.name raise OSError(code) when called with arguments `when` accepts."""
    original = getattr(module, name)

    def refusing(*args, **kwargs):
        if when(*args):
            raise OSError(code, os.strerror(code), next(str(a) for a in reversed(args) if isinstance(a, (str, os.PathLike))))
        return original(*args, **kwargs)
    monkeypatch.setattr(module, name, refusing)


def test_a_full_disk_while_linking_the_new_site_stops_the_build(project, monkeypatch, capsys):
    seeds, output, old, new = project
    refuse(monkeypatch, os, "link", errno.ENOSPC)
    assert "no space left on the device while writing" in stopped_in_process(seeds, output, capsys)
    assert tree(output) == old
    monkeypatch.undo()
    assert_old_or_new_then_heals(seeds, output, old, new)


def test_a_full_disk_while_writing_the_export_stops_the_build(project, monkeypatch, capsys):
    seeds, output, old, new = project
    refuse(monkeypatch, shutil, "copyfile", errno.ENOSPC, when=lambda source, target: str(target).endswith("dossier.schema.json"))
    assert "no space left on the device while writing" in stopped_in_process(seeds, output, capsys)
    assert tree(output) == old


def test_a_read_only_parent_of_output_stops_the_build(project, monkeypatch, capsys):
    seeds, output, old, _ = project
    shutil.rmtree(output.parent / ".output.build")
    refuse(monkeypatch, os, "mkdir", errno.EROFS, when=lambda path, *mode: ".output.build" in str(path))
    errors = stopped_in_process(seeds, output, capsys)
    assert "cannot write" in errors and "Read-only file system" in errors and "make their folder writable" in errors
    assert tree(output) == old


def test_a_read_only_file_system_stops_the_build(project, tmp_path, capsys):
    """A real read-only mount, where the machine allows mounting one."""
    seeds, output, old, _ = project
    mount = tmp_path / "readonly"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a file system here")
    try:
        shutil.copytree(output, mount / "output")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        assert "Read-only file system" in stopped_in_process(seeds, mount / "output", capsys)
        assert tree(mount / "output") == old
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_full_small_file_system_stops_the_build(project, tmp_path, capsys):
    """A real disk that fills up mid-build, where the machine allows mounting one."""
    seeds, output, old, _ = project
    mount = tmp_path / "small"
    mount.mkdir()
    size = sum(map(len, old.values())) * 3 // 2  # room for the old site, not for a new one beside it
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a file system here")
    try:
        shutil.copytree(output, mount / "output")
        assert build.main(["--seeds", str(seeds), "--output", str(mount / "output"), "--full"]) == 2
        errors = capsys.readouterr().err
        assert "no space left on the device" in errors and "Traceback" not in errors
        assert tree(mount / "output") == old
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_the_build_folder_deleted_mid_build_stops_the_build(project, monkeypatch, capsys):
    seeds, output, old, _ = project
    import dossier.pipeline

    def render_then_delete(*args):
        render_site(*args)
        shutil.rmtree(output.parent / ".output.build")
    render_site = dossier.pipeline.render_site
    monkeypatch.setattr(dossier.pipeline, "render_site", render_then_delete)
    assert "was deleted during the build" in stopped_in_process(seeds, output, capsys)
    assert tree(output) == old


def test_a_seed_changed_while_the_build_reads_it_stops_the_build(project, monkeypatch, capsys):
    seeds, output, old, _ = project
    import dossier.pipeline

    def link_while_edited(*args):
        (seeds / EDITED).write_text("An edit made while the build ran.\n\nA second paragraph.\n", encoding="utf-8")
        return link(*args)
    link = dossier.pipeline.link
    monkeypatch.setattr(dossier.pipeline, "link", link_while_edited)
    errors = stopped_in_process(seeds, output, capsys)
    assert f"{seeds / EDITED} changed or was removed while the build read it; build again" in errors
    assert tree(output) == old


def test_a_seed_removed_while_the_build_reads_it_stops_the_build(project, monkeypatch, capsys):
    seeds, output, old, _ = project
    gone = seeds / EDITED
    read_bytes = Path.read_bytes

    def removed_first(path):
        if path == gone:
            path.unlink()
        return read_bytes(path)
    monkeypatch.setattr(Path, "read_bytes", removed_first)
    assert f"{gone} was removed while the build read it; build again" in stopped_in_process(seeds, output, capsys)
    assert tree(output) == old


def test_a_locked_rebuild_store_stops_the_build(project, capsys):
    seeds, output, old, _ = project
    store, = (output.parent / ".output.build").glob("articles-*.sqlite")
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert "is locked by another program: close it and build again" in stopped_in_process(seeds, output, capsys)
    finally:
        holder.close()
    assert tree(output) == old


def test_a_damaged_rebuild_store_is_made_anew(project):
    seeds, output, old, new = project
    store, = (output.parent / ".output.build").glob("articles-*.sqlite")
    store.write_bytes(b"not a database" * 100)
    assert_old_or_new_then_heals(seeds, output, old, new)
