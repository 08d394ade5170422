"""The public names whose docstrings tests/test_docstrings.py and tests/test_doctests.py check.

In scope: the callables the face ``tensorlib`` exports (functions and classes, not
submodules or dtype objects), the methods and properties of ``tensorlib.Tensor``, and
``tensorlib.linalg.__all__`` (with ``tensorlib.fft`` and ``tensorlib.special`` once they
exist).  Public: no leading underscore.  Left out: what the face merely re-exports from the
packages documented on their own (``nn``, ``optim``, ``autograd``, ``utils``, ``amp``,
``distributions``, ``cuda``...), and Tensor's dunder operators, which PyTorch documents as
the functions they call."""
import importlib
import inspect
import types

import tensorlib

DOCUMENTED_ELSEWHERE = ("nn", "optim", "autograd", "utils", "amp", "distributions", "cuda", "cpu", "distributed",
                        "backends", "testing")
SUBMODULES = ("linalg", "fft", "special")


def _defined_elsewhere(obj):
    module = getattr(obj, "__module__", None) or ""
    return any(module == f"tensorlib.{package}" or module.startswith(f"tensorlib.{package}.")
               for package in DOCUMENTED_ELSEWHERE)


def names_in_scope():
    """[(qualified name, object)] of every public name in scope, sorted."""
    found = []
    for name in dir(tensorlib):
        obj = getattr(tensorlib, name)
        if name.startswith("_") or isinstance(obj, types.ModuleType) or not callable(obj):
            continue
        if not _defined_elsewhere(obj):
            found.append((f"torch.{name}", obj))
    for name in dir(tensorlib.Tensor):
        if not name.startswith("_"):
            found.append((f"torch.Tensor.{name}", inspect.getattr_static(tensorlib.Tensor, name)))
    for submodule in SUBMODULES:
        try:
            module = importlib.import_module(f"tensorlib.{submodule}")
        except ImportError:
            continue
        for name in getattr(module, "__all__", ()):
            found.append((f"torch.{submodule}.{name}", getattr(module, name)))
    return sorted(found, key=lambda item: item[0])


def docstring(obj):
    """The docstring ``obj`` itself carries (a class's own, not one inherited from a base)."""
    if isinstance(obj, type):
        return obj.__dict__.get("__doc__")
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    return getattr(obj, "__doc__", None)
