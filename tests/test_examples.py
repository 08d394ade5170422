"""The example training scripts run end to end: each reaches >= 95% test
accuracy on scikit-learn's digits and writes its loss-curve PNG.  Skipped when
the example extras (scikit-learn, tqdm, matplotlib) are not installed."""
import os
import re
import subprocess
import sys

import pytest

import tensorlib

for _module in ("sklearn", "tqdm", "matplotlib"):
    pytest.importorskip(_module)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")


@pytest.mark.parametrize("script", ["mlp_digits.py", "cnn_digits.py"])
def test_example_trains_to_95_percent(script, tmp_path):
    png = tmp_path / (script[:-3] + "_loss.png")
    env = dict(os.environ, MPLBACKEND="Agg")
    # the scripts import the same tensorlib as this test run (installed, or built in place)
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(tensorlib.__file__)))
    env["PYTHONPATH"] = package_parent + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run([sys.executable, os.path.join(EXAMPLES, script), "--out", str(png)],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = re.findall(r"^test accuracy: ([0-9.]+)$", proc.stdout, re.M)
    assert found, proc.stdout
    assert float(found[-1]) >= 0.95, proc.stdout
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "%|" in proc.stderr  # the tqdm progress bar
