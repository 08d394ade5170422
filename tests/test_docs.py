"""The documentation site (docs/): its tour pages cover the tour, the pages' examples run
as the build runs them, and its pictures are what the code draws today.  The build itself
(``sphinx-build -W``) runs in CI from the README's "Build the docs" line."""
import sys
import types
from pathlib import Path

import pytest

import tensorlib
from tensorlib import tour

DOCS = Path(__file__).resolve().parent.parent / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS / "pictures"))

import runblocks

LANGUAGES = ("en", "zh")
PAGES = sorted(p.name for p in (DOCS / "en").glob("*.md"))


def test_every_page_has_both_languages():
    assert PAGES == sorted(p.name for p in (DOCS / "zh").glob("*.md"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tour_pages_show_every_section_once_in_order(lang):
    text = (DOCS / lang / "tour.md").read_text(encoding="utf-8")
    shown = [int(line.split()[-1]) for line in text.splitlines() if line.startswith("```{tour-section}")]
    assert shown == list(range(1, len(tour.SECTIONS) + 1))


def test_tour_outputs_are_the_tours():
    sections = runblocks.tour_outputs()
    assert sorted(sections) == list(range(1, len(tour.SECTIONS) + 1))
    first_cell, first_output = sections[1][0]
    assert first_cell == tour.SECTIONS[0][2][0]
    assert "tensor_a:" in first_output


@pytest.mark.parametrize("page", PAGES)
def test_translations_run_the_same_examples(page):
    english, chinese = (runblocks.page_examples(DOCS / lang / page) for lang in LANGUAGES)
    assert english == chinese


@pytest.mark.parametrize("page", [p for p in PAGES if runblocks.page_examples(DOCS / "en" / p)])
def test_page_examples_run(page):
    """Each block runs without error, unless it says ``:raises:``, and then it raises."""
    run = runblocks.Page()
    for options, code in runblocks.page_examples(DOCS / "en" / page):
        output, raised = run.run(code)
        assert (raised is not None) == ("raises" in options), (code, output)


def test_split_options():
    assert runblocks.split_options(":raises:\n\nx = 1\ny") == ({"raises": ""}, "x = 1\ny")
    assert runblocks.split_options("x = 1") == ({}, "x = 1")


def test_graph_pictures_are_what_make_dot_draws():
    import make_pictures
    for name, graph in make_pictures.graphs().items():
        assert (DOCS / "pictures" / f"{name}.gv").read_text(encoding="utf-8") == graph.source, name
        assert (DOCS / "pictures" / f"{name}.svg").exists()


def test_strides_pictures_are_current():
    import make_pictures
    for name, svg in make_pictures.strides_pictures().items():
        assert (DOCS / "pictures" / f"{name}.svg").read_text(encoding="utf-8") == svg, name


def test_reference_lists_every_public_module():
    """Each public module reachable from ``tensorlib`` has a reference page (PyTorch's
    namespaces and tensorlib's viz; the implementation's modules are not API)."""
    pytest.importorskip("sphinx")
    import tensorlib_docs
    listed = {name for name, _ in tensorlib_docs.API_MODULES}
    internal = {"tensorlib.ops", "tensorlib.runner", "tensorlib.tour", "tensorlib.return_types",
                "tensorlib.utils"}  # utils: only submodules, each with its page
    reachable = {f"tensorlib.{name}" for name, value in vars(tensorlib).items()
                 if isinstance(value, types.ModuleType) and not name.startswith("_")}
    assert reachable - internal <= listed
    assert all(name in sys.modules or __import__(name) for name in listed)


def test_public_names_follow_all_and_skip_imports():
    pytest.importorskip("sphinx")
    import tensorlib_docs
    assert tensorlib_docs.public_names(tensorlib.nn.init) == sorted(
        {n for n in tensorlib.nn.init.__all__ if hasattr(tensorlib.nn.init, n)}, key=str.lower)
    names = tensorlib_docs.public_names(tensorlib.autograd.functional)
    assert "jacobian" in names and "TensorBase" not in names
    assert "PRECISE_INTEGER_DIGITS" not in tensorlib_docs.public_names(tensorlib.random)
    assert "Tensor" in tensorlib_docs.public_names(tensorlib)
