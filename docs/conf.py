"""Sphinx configuration: ``sphinx-build -W --keep-going docs docs/_build/html`` (README)."""
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
# the clone's own tensorlib (pip install . builds its compiled modules in place), and the
# documentation's extension
sys.path[:0] = [str(root), str(Path(__file__).parent / "_ext")]

project = "tensorlib"
author = "tensorlib authors"
copyright = "tensorlib authors"
release = version = "0.1.0"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "myst_parser",
    "tensorlib_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
root_doc = "index"
language = "en"

autosummary_generate = False  # tensorlib_docs writes the reference pages itself
autodoc_member_order = "bysource"
autodoc_typehints = "none"
autodoc_default_options = {}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
add_module_names = False

myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "tensorlib"
html_static_path = []
suppress_warnings = ["myst.header"]
