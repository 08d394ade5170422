"""The public names of tensorlib's subpackages whose docstrings the docs promise (issue 16).

A namespace's public names are its ``__all__``, or, without one, its attributes without a leading
underscore that tensorlib defines.  A public class brings its public methods and properties: those it
defines itself, so that what a subclass inherits from ``Module`` or ``Optimizer`` unchanged is
documented once, on the base.  An override may keep the docstring of the method it overrides (as
``inspect.getdoc`` and Sphinx read it); a class needs its own.
"""
import importlib
import inspect
import re
import sys

NAMESPACES = (
    "tensorlib.nn", "tensorlib.nn.modules", "tensorlib.nn.parameter", "tensorlib.nn.functional",
    "tensorlib.nn.init", "tensorlib.nn.utils", "tensorlib.nn.utils.rnn", "tensorlib.nn.parallel",
    "tensorlib.optim", "tensorlib.optim.lr_scheduler", "tensorlib.optim.swa_utils",
    "tensorlib.autograd", "tensorlib.autograd.grad_mode", "tensorlib.autograd.function",
    "tensorlib.autograd.functional", "tensorlib.autograd.graph", "tensorlib.autograd.gradcheck",
    "tensorlib.autograd.variable",
    "tensorlib.utils.data", "tensorlib.utils.checkpoint", "tensorlib.amp", "tensorlib.cuda", "tensorlib.cuda.amp",
    "tensorlib.distributions", "tensorlib.distributions.constraints", "tensorlib.distributions.transforms",
    "tensorlib.distributions.kl",
)

_PACKAGES = ("tensorlib.nn", "tensorlib.optim", "tensorlib.autograd", "tensorlib.utils", "tensorlib.amp",
             "tensorlib.distributions", "tensorlib.cuda")
_PLACEHOLDER = re.compile(r"^\s*(todo|fixme|xxx|tbd|placeholder|docstring|\.\.\.|-)\b", re.IGNORECASE)


def _ours(obj):
    return (getattr(obj, "__module__", None) or "").startswith("tensorlib")


def _in_scope(klass):
    """Whether ``klass`` lives in the packages in scope (``Tensor``'s methods, say, are documented elsewhere)."""
    module = getattr(klass, "__module__", None) or ""
    return any(module == package or module.startswith(package + ".") for package in _PACKAGES)


def _namespace_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    for name in names:
        obj = getattr(module, name)
        if (inspect.isclass(obj) or inspect.isfunction(obj) or inspect.isbuiltin(obj)) and _in_scope(obj):
            yield name, obj


def _members(cls, public_classes):
    """The public methods and properties ``cls`` defines, or takes from a base that is not public itself."""
    names = set()
    for klass in cls.__mro__:
        if not _in_scope(klass) or (klass is not cls and id(klass) in public_classes):
            break
        for name, raw in vars(klass).items():
            if name.startswith("_") or name in names:
                continue
            names.add(name)
            if isinstance(raw, (staticmethod, classmethod)):
                raw = raw.__func__
            if inspect.isfunction(raw) or isinstance(raw, property):
                yield name, raw, klass


def _inherited_doc(cls, name, member):
    if not isinstance(member, property):
        return inspect.getdoc(member)
    for klass in cls.__mro__:
        found = vars(klass).get(name)
        if isinstance(found, property) and found.__doc__:
            return found.__doc__
    return None


def scope():
    """Every object in scope once, as ``(qualified name, object, docstring or None)``."""
    found, seen = [], set()
    for namespace in NAMESPACES:
        for name, obj in _namespace_names(importlib.import_module(namespace)):
            if id(obj) not in seen:
                seen.add(id(obj))
                found.append((f"{namespace}.{name}", obj))
    public_classes = {id(obj) for _, obj in found if inspect.isclass(obj)}
    entries = []
    for qualified, obj in found:
        if not inspect.isclass(obj):
            entries.append((qualified, obj, obj.__doc__))
            continue
        entries.append((qualified, obj, vars(obj).get("__doc__")))
        for member_name, member, owner in _members(obj, public_classes):
            if id(member) not in seen:
                seen.add(id(member))
                entries.append((f"{qualified}.{member_name}", member, _inherited_doc(owner, member_name, member)))
    return entries


def is_placeholder(doc):
    """True for a missing, empty or placeholder docstring."""
    if doc is None:
        return True
    text = inspect.cleandoc(doc).strip()
    return len(text) < 12 or bool(_PLACEHOLDER.match(text))


def missing():
    return [name for name, _, doc in scope() if is_placeholder(doc)]


if __name__ == "__main__":
    entries = scope()
    gaps = [name for name, _, doc in entries if is_placeholder(doc)]
    if "-v" in sys.argv:
        print("\n".join(gaps))
    print(f"{len(entries)} names, {len(entries) - len(gaps)} documented, {len(gaps)} missing")
