"""Running PyTorch programs unmodified: ``import torch`` and every ``torch.X``
resolve to tensorlib's own single copy of each module.

``use_as_torch()`` installs the mapping in this interpreter (a notebook calls it
once, before its first ``import torch``); ``run_script(path, args)`` runs a
program as ``python path args...`` would, with the mapping in place (it is
``python -m tensorlib run``); the processes such a program starts with the spawn
method map torch to tensorlib before they re-run its top level (_spawned_main)."""
import builtins
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types

_PACKAGE = __name__.rpartition(".")[0]
SCRIPT_VARIABLE = "TENSORLIB_RUN_SCRIPT"  # the running program's path, for the processes it spawns


class _TorchAsTensorlib(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``torch`` and ``torch.X`` as tensorlib and ``tensorlib.X``: the module
    object is tensorlib's own, so ``torch.nn is tensorlib.nn``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "torch" and not fullname.startswith("torch."):
            return None
        own = _PACKAGE + fullname[len("torch"):]
        if own not in sys.modules and importlib.util.find_spec(own) is None:
            return None  # ``import torch.X`` raises ModuleNotFoundError naming torch.X
        return importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        return importlib.import_module(_PACKAGE + spec.name[len("torch"):])

    def exec_module(self, module):
        pass  # tensorlib's module is already executed


def use_as_torch():
    """Makes ``import torch`` (and ``torch.X``) give tensorlib in this interpreter.
    Raises RuntimeError when PyTorch itself is already imported here."""
    loaded = sys.modules.get("torch")
    if loaded is not None and loaded is not sys.modules[_PACKAGE]:
        raise RuntimeError("PyTorch is already imported in this interpreter; call use_as_torch() before the "
                           "first `import torch`")
    if not any(isinstance(finder, _TorchAsTensorlib) for finder in sys.meta_path):
        sys.meta_path.insert(0, _TorchAsTensorlib())
    sys.modules["torch"] = sys.modules[_PACKAGE]


def run_script(path, args=()):
    """Runs the program at ``path`` as ``python path *args`` would (``sys.argv``
    as typed, ``__main__``, an absolute ``__file__``, its folder first on
    ``sys.path``), with tensorlib as torch.  Processes it starts with the spawn
    method (DataLoader workers, multiprocessing) see tensorlib as torch too."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"can't open file {path!r}: no such file")
    use_as_torch()
    script = os.path.abspath(path)  # python makes __file__ absolute: warnings and tracebacks name the full path
    sys.argv = [path, *args]
    sys.path[0] = os.path.dirname(script)  # in place of the folder `-m` put there
    main = types.ModuleType("__main__")
    main.__dict__.update(__builtins__=builtins)
    # A spawned child re-runs the main module by this spec's name before anything else: that module
    # maps torch to tensorlib first, then runs the script named here (multiprocessing.spawn.prepare).
    main.__spec__ = importlib.machinery.ModuleSpec(_PACKAGE + "._spawned_main", None)
    os.environ[SCRIPT_VARIABLE] = script
    sys.modules["__main__"] = main
    execute_script(script, main.__dict__)


def execute_script(script, namespace):
    """Runs the Python file ``script`` (an absolute path) in ``namespace``, as its
    ``__file__``."""
    namespace.update(__file__=script, __cached__=None,
                     __loader__=importlib.machinery.SourceFileLoader(namespace["__name__"], script))
    with open(script, "rb") as source:
        code = compile(source.read(), script, "exec")
    exec(code, namespace)  # noqa: S102  (running the user's program is this function's job)
