"""Running the code of the documentation pages: the tour's cells and the pages'
``run-example`` blocks.  Plain Python, no Sphinx, so tests/test_docs.py runs the same
code the build runs."""
import re
from pathlib import Path

from tensorlib import tour
from tensorlib.random import manual_seed

# ```{run-example}``` fences of a MyST page, with their options (":raises:" lines)
_FENCE = re.compile(r"^```\{run-example\}[^\n]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def tour_outputs():
    """``{section number: [(cell source, output), ...]}`` for the whole tour, run once in
    order, as ``python -m tensorlib tour`` runs it (seeded, one namespace)."""
    sections = {}
    for number, cell, output in tour.cell_outputs():
        sections.setdefault(number, []).append((cell, output))
    return sections


class Page:
    """The namespace one page's examples share: they run in order, seeded once, after the
    ``import tensorlib as torch`` a program would start with."""

    def __init__(self):
        manual_seed(0)
        self.namespace = {"__name__": "__docs__"}
        tour.run_cell("import tensorlib as torch", self.namespace)

    def run(self, source):
        """What ``source`` prints (and its last expression's repr), and the exception it
        raised or None: :func:`tensorlib.tour.run_cell` in this page's namespace."""
        return tour.run_cell(source, self.namespace)


def split_options(block):
    """``(options, code)`` of a directive body: leading ``:name: value`` lines, then code."""
    options = {}
    lines = block.splitlines()
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        name, _, value = lines.pop(0)[1:].partition(":")
        options[name] = value.strip()
    while lines and not lines[0].strip():
        lines.pop(0)
    return options, "\n".join(lines)


def page_examples(path):
    """The ``run-example`` blocks of a page, as ``(options, code)`` in page order."""
    return [split_options(match.group(1)) for match in _FENCE.finditer(Path(path).read_text(encoding="utf-8"))]
