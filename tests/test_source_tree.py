"""Importing the package from a source tree: the compiled modules it checks for are
exactly the ones setup.py builds, and a tree without them fails with one clear
ImportError (never Python's circular-import message)."""
import os
import pathlib
import shutil
import subprocess
import sys

import tensorlib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_the_import_check_names_every_compiled_module():
    built = {".".join(path.relative_to(ROOT / "pyx").with_name(path.name.split(".")[0]).parts)
             for path in (ROOT / "pyx").rglob("*") if path.name.endswith((".pyx", ".pyx.tp"))}
    assert set(tensorlib._compiled) == built


def test_an_unbuilt_source_tree_raises_one_clear_import_error(tmp_path):
    shutil.copytree(pathlib.Path(tensorlib.__file__).parent, tmp_path / "tensorlib",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    child = subprocess.run([sys.executable, "-c", "import tensorlib"], cwd=tmp_path, capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": ""})
    assert child.returncode == 1
    last = child.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: tensorlib in ") and "has no compiled extensions" in last
    assert "pip install ." in last and str(tmp_path) in last
    assert "circular" not in child.stderr
