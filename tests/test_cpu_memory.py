"""The CPU backend's malloc settings (backends/_cpu_memory.py): glibc keeps a step's freed
buffers for the next step, unless the environment says otherwise."""
import os
import platform
import subprocess
import sys

import pytest

from tensorlib.backends import _cpu_memory

GLIBC = platform.libc_ver()[0] == "glibc"


def _kept_in_child(**env):
    """Whether a fresh process importing tensorlib set the thresholds, under ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in _cpu_memory._GLIBC_SETTINGS}
    clean.pop("TENSORLIB_KEEP_FREED_MEMORY", None)
    done = subprocess.run([sys.executable, "-c", "import tensorlib.backends._cpu_memory as m; print(m.KEPT)"],
                          capture_output=True, text=True, check=True, env={**clean, **env},
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return done.stdout.strip() == "True"


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_glibc_keeps_freed_memory_by_default():
    assert _kept_in_child()


def test_the_environment_opts_out():
    assert not _kept_in_child(TENSORLIB_KEEP_FREED_MEMORY="0")
    assert not _kept_in_child(MALLOC_TRIM_THRESHOLD_="131072")


def test_the_opt_out_is_read_on_each_call(monkeypatch):
    monkeypatch.setenv("TENSORLIB_KEEP_FREED_MEMORY", "0")
    assert _cpu_memory.keep_freed_memory() is False
    monkeypatch.delenv("TENSORLIB_KEEP_FREED_MEMORY")
    monkeypatch.setenv("MALLOC_MMAP_THRESHOLD_", "131072")
    assert _cpu_memory.keep_freed_memory() is False
