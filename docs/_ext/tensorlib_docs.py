"""Sphinx extension of tensorlib's documentation.

* The API reference: at ``builder-inited`` it writes ``api/<module>.rst`` for each
  module of ``API_MODULES`` (and ``api/tensorlib.Tensor.rst``), listing every public
  name the module exposes (its ``__all__``, else its names without a leading
  underscore), so a name added to the package appears without editing the docs.
* ``tour-section``: the cells of one section of ``tensorlib/tour.py`` with the output
  they print, computed at build time by running the whole tour as
  ``python -m tensorlib tour`` does.
* ``run-example``: a code block run at build time in the page's namespace, shown with
  its output; an exception fails the build unless the block says ``:raises:``."""
import importlib
import inspect
import types
from pathlib import Path
from typing import ClassVar

import runblocks
from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

# (module, one-line description) in the order the reference lists them
API_MODULES = [
    ("tensorlib", "Tensors, dtypes, creation and math functions, random numbers, saving"),
    ("tensorlib.nn", "Layers, containers and losses"),
    ("tensorlib.nn.functional", "The layers and losses as functions"),
    ("tensorlib.nn.init", "Parameter initialisation"),
    ("tensorlib.nn.utils", "Gradient clipping, parameters as vectors"),
    ("tensorlib.nn.utils.rnn", "Packed sequences"),
    ("tensorlib.optim", "Optimisers"),
    ("tensorlib.optim.lr_scheduler", "Learning-rate schedules"),
    ("tensorlib.autograd", "Gradients, grad modes, custom functions, gradcheck"),
    ("tensorlib.autograd.functional", "Jacobians, Hessians and their products"),
    ("tensorlib.utils.data", "Datasets, samplers and the DataLoader"),
    ("tensorlib.utils.checkpoint", "Activation checkpointing"),
    ("tensorlib.amp", "Mixed precision: autocast and GradScaler"),
    ("tensorlib.linalg", "Linear algebra"),
    ("tensorlib.distributions", "Probability distributions"),
    ("tensorlib.random", "The random number generator"),
    ("tensorlib.cuda", "The GPU (through CuPy)"),
    ("tensorlib.cpu", "torch.cpu"),
    ("tensorlib.accelerator", "torch.accelerator"),
    ("tensorlib.backends", "Backend flags and the device seam"),
    ("tensorlib.distributed", "torch.distributed: process groups and collectives over MPI, NCCL on GPUs"),
    ("tensorlib.testing", "assert_close"),
    ("tensorlib.serialization", "Saving and loading"),
    ("tensorlib.viz", "Drawing the autograd graph"),
]


def public_names(module):
    """The names ``module`` exposes: ``__all__`` when it has one; else its names without a
    leading underscore, less implementation constants (UPPER_CASE) and, outside the face
    ``tensorlib``, what it imports from elsewhere.  Submodules have their own pages."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [name for name, value in vars(module).items()
                 if not name.startswith("_") and not name.isupper()
                 and (module.__name__ == "tensorlib" or not callable(value)
                      or _defined_under(value, module.__name__))]
    return sorted({name for name in names if hasattr(module, name)
                   and not isinstance(getattr(module, name), types.ModuleType)}, key=str.lower)


def _defined_under(value, module_name):
    defined = getattr(value, "__module__", None) or ""
    return defined == module_name or defined.startswith(module_name + ".")


def _directive(name, value):
    if inspect.isclass(value):
        if issubclass(value, BaseException):
            return f".. autoexception:: {name}\n   :members:\n"
        return f".. autoclass:: {name}\n   :members:\n   :undoc-members:\n"
    if callable(value):
        return f".. autofunction:: {name}\n"
    kind = type(value)
    return (f".. py:data:: {name}\n   :value: {value!r}\n\n"
            f"   An instance of :class:`{kind.__module__}.{kind.__qualname__}`.\n")


def _heading(text, underline="="):
    return f"{text}\n{underline * len(text)}\n"


def _home_pages(modules):
    """``id(object) -> (module name, attribute)`` of the page that documents each callable in full: of
    the modules exposing it, the one it is defined under (the innermost), else the first.
    The other pages list it, linked there, so no object is described twice."""
    exposed = {}
    for name, module in modules.items():
        for attribute in public_names(module):
            value = getattr(module, attribute)
            if callable(value):
                exposed.setdefault(id(value), (value, {}))[1].setdefault(name, attribute)
    homes = {}
    for key, (value, names) in exposed.items():
        under = [name for name in names if _defined_under(value, name)]
        home = max(under, key=len) if under else next(iter(names))
        homes[key] = home, names[home]
    return homes


def module_page(name, description, module, homes):
    entries, documented = [], []
    for attribute in public_names(module):
        value = getattr(module, attribute)
        if name == "tensorlib" and attribute == "Tensor":
            entries.append("Tensor")  # its own page
            continue
        home, home_attribute = homes[id(value)] if callable(value) else (name, attribute)
        if home == name:
            entries.append(attribute)
            documented.append(_directive(attribute, value))
        else:
            # autosummary resolves names relative to the page's module, and wants them so
            relative = home[len(name) + 1:] if home.startswith(name + ".") else home
            entries.append(f"~{relative}.{home_attribute}")
    lines = [_heading(name), f".. py:module:: {name}\n", f"{description}.\n",
             f".. currentmodule:: {name}\n", ".. autosummary::\n"]
    lines += [f"   {entry}" for entry in entries]
    lines.append("")
    return "\n".join(lines + documented)


def tensor_page():
    import tensorlib
    members = sorted((n for n in dir(tensorlib.Tensor) if not n.startswith("_")), key=str.lower)
    lines = [_heading("tensorlib.Tensor"), ".. currentmodule:: tensorlib\n",
             "The tensor class: ``(storage, shape, strides, offset, dtype)`` with autograd.\n",
             ".. autosummary::\n"]
    lines += [f"   Tensor.{n}" for n in members]
    lines += ["", ".. autoclass:: Tensor\n   :members:\n   :undoc-members:\n   :inherited-members:\n"]
    return "\n".join(lines)


def _write(path, text):
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_api_pages(app):
    folder = Path(app.srcdir) / "api"
    folder.mkdir(exist_ok=True)
    modules = {name: importlib.import_module(name) for name, _ in API_MODULES}
    homes = _home_pages(modules)
    pages = {name: module_page(name, description, modules[name], homes) for name, description in API_MODULES}
    pages["tensorlib.Tensor"] = tensor_page()
    for name, text in pages.items():
        _write(folder / f"{name}.rst", text)
    order = ["tensorlib", "tensorlib.Tensor"] + [name for name, _ in API_MODULES[1:]]
    index = [_heading("API reference"),
             "Every public name of each module, generated from the package at build time.\n",
             ".. toctree::\n   :maxdepth: 1\n"] + [f"   {name}" for name in order]
    _write(folder / "index.rst", "\n".join(index) + "\n")


def _code_nodes(code, output):
    shown = [nodes.literal_block(code, code, language="python")]
    if output.strip():
        text = output.rstrip("\n")
        block = nodes.literal_block(text, text, language="text")
        block["classes"].append("example-output")
        shown.append(block)
    return shown


_tour = {}


class TourSection(SphinxDirective):
    """``tour-section: N``: section N of the tour, each cell followed by what it prints."""

    required_arguments = 1

    def run(self):
        if not _tour:
            _tour.update(runblocks.tour_outputs())
        number = int(self.arguments[0])
        if number not in _tour:
            raise self.error(f"the tour has no section {number}")
        self.env.note_dependency(runblocks.tour.__file__)
        shown = []
        for cell, output in _tour[number]:
            shown += _code_nodes(cell, output)
        return shown


class RunExample(SphinxDirective):
    """A code block run at build time, in order, in a namespace shared by the page."""

    has_content = True
    option_spec: ClassVar = {"raises": lambda text: text or ""}

    def run(self):
        page = self.env.temp_data.setdefault("runblocks_page", runblocks.Page())
        code = "\n".join(self.content)
        output, raised = page.run(code)
        if raised is not None and "raises" not in self.options:
            logger.warning("run-example raised %s: %s", type(raised).__name__, raised,
                           location=self.get_location())
        return _code_nodes(code, output)


def setup(app):
    app.connect("builder-inited", write_api_pages)
    app.add_directive("tour-section", TourSection)
    app.add_directive("run-example", RunExample)
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True}
