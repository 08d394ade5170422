"""Runs the examples in the docstrings of tensorlib's subpackages (issue 16) as doctests.

The examples read as PyTorch: ``torch`` is bound to ``tensorlib``, and while an example runs
``import torch.nn.functional as F`` finds tensorlib's modules (PyTorch's own, if this process
has imported it, are put back afterwards).  Each docstring runs once, on the
object that holds it (an override that keeps its base's docstring does not run it again).
"""
import contextlib
import doctest
import inspect
import sys

import pytest
from docstring_scope import scope
from parity import real_torch

import tensorlib

_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _own_doc(obj):
    return obj.__doc__ if isinstance(obj, property) else vars(obj).get("__doc__") if inspect.isclass(obj) else \
        getattr(obj, "__doc__", None)


def _examples():
    found, seen = [], set()
    for name, obj, _ in scope():
        doc = _own_doc(obj)
        if doc and ">>>" in doc and id(doc) not in seen:
            seen.add(id(doc))
            found.append((name, doc))
    return found


EXAMPLES = _examples()


@contextlib.contextmanager
def _tensorlib_as_torch():
    saved = {name: module for name, module in sys.modules.items() if name == "torch" or name.startswith("torch.")}
    for name in saved:
        del sys.modules[name]
    for name, module in list(sys.modules.items()):
        if name == "tensorlib" or name.startswith("tensorlib."):
            sys.modules["torch" + name[len("tensorlib"):]] = module
    try:
        yield
    finally:
        for name in [name for name in sys.modules if name == "torch" or name.startswith("torch.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def test_the_families_have_examples():
    names = [name for name, _ in EXAMPLES]
    for family in ("tensorlib.nn.", "tensorlib.nn.functional.", "tensorlib.autograd.", "tensorlib.optim."):
        assert any(name.startswith(family) for name in names), family


@pytest.mark.parametrize("name,doc", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_docstring_example(name, doc):
    test = doctest.DocTestParser().get_doctest(doc, {"torch": tensorlib}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report = []
    with tensorlib.random.fork_rng(), _tensorlib_as_torch():
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


@pytest.mark.parity
@pytest.mark.parametrize("name,doc", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_docstring_example_prints_what_pytorch_prints(name, doc):
    torch = real_torch()
    test = doctest.DocTestParser().get_doctest(doc, {"torch": torch}, name, None, 0)
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    report = []
    with torch.random.fork_rng():
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
