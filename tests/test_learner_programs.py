"""Details that public learner programs (nanoGPT, makemore, minGPT, d2l, the PyTorch tutorials) rely on,
each checked with a minimal snippet of our own: what `python -m tensorlib run` gives a script, and the
small APIs those programs call."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _run(cwd, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "tensorlib", "run", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_script_run_by_relative_path_sees_its_absolute_file_as_under_python(tmp_path):
    (tmp_path / "train.py").write_text(
        "import sys, warnings\n"
        "print(__file__, sys.argv[0])\n"
        "warnings.warn('deprecated spelling', FutureWarning)\n")
    child = _run(tmp_path, "train.py")
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == [str(tmp_path / "train.py"), "train.py"]
    assert child.stderr.startswith(f"{tmp_path / 'train.py'}:3: FutureWarning: deprecated spelling")
