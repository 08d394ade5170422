"""The op registry: an op is declared once, in the module of its family, and
every form PyTorch gives it is generated from that declaration.

A declaration is ``declare(name, forward, signature, ...)``:

``forward(input, *args, out=None, inplace=False, **options)``
    the op itself: its dtype rule, broadcasting, the backend kernel and the
    recording of its backward node (declared beside it).  It receives the
    arguments already checked against the signature.
``signature``
    the arguments after ``input`` as PyTorch spells them, e.g.
    ``"Tensor other"``, ``"Tensor end, Tensor|Number weight"``,
    ``"Tensor tensor1, Tensor tensor2, *, Number value=1"`` or
    ``"Tensor other, *, str? rounding_mode=None"`` (``?``: None too), or a tuple
    of such alternatives (the overloads, as ``clamp`` has them).  The kinds are
    PyTorch's: ``Tensor``, ``Number``, ``int``, ``float``, ``bool``, ``str``,
    ``int[]`` (a sequence of ints; ``int[1]`` takes a lone int too),
    ``Tensor[]``, ``ScalarType`` (a dtype) and ``Generator``.  Arguments of
    the wrong kind raise PyTorch's TypeError for the form that was called.
    ``numbers=True``: a Python number may stand for a Tensor argument (PyTorch
    wraps it), ``input`` included where ``input_numbers=True`` (``pow(2, t)``).
``method``, ``inplace``, ``function``, ``out``, ``aliases``
    which forms exist: ``Tensor.name``, ``Tensor.name_``, ``tensorlib.name``
    and its ``out=``; aliases get the same forms under another name.
``fast_method``, ``fast_inplace``
    wrap the generated method / in-place method in a compiled fast path (they
    return it unchanged when the fast paths are off).
``operators``
    ``{dunder: function}``: the Python operators of the op (``__add__``,
    ``__radd__``, ``__iadd__``...), bound on Tensor with the other forms.
``deprecated``
    the old argument orders PyTorch still accepts, as function signatures
    (``"Tensor input, Number alpha, Tensor other"``; the method form drops
    ``Tensor input``).  A call the signature refuses but a deprecated one
    binds runs with its arguments reordered, after PyTorch's warning (once per
    process, as PyTorch warns); PyTorch's error messages never list them, and
    the aliases have none.
``doc``
    the op's documentation: a summary and the arguments the signature does not
    explain; ``_op_docs`` renders each form's docstring from it.

``tensorlib._tensor_methods`` binds ``methods()`` onto Tensor,
``tensorlib._functional`` exports ``functions()``, and tests/test_op_table.py
runs every declared op through the same value, layout, gradient and error
checks."""
import ast
import numbers as _numbers

from .._C import TensorBase
from .._dtype import dtype as _dtype
from .._fast_paths import FAST_PATHS
from ..random import Generator
from ._common import is_number, warn_user
from ._op_docs import OpDoc

OPS = {}
_REQUIRED = object()
# PyTorch warns about a deprecated overload once per process, whichever op is called
_deprecation = {"warned": False}


class Param:
    """One argument of a signature: its name, the kinds it accepts, its default."""
    __slots__ = ("name", "kinds", "optional", "default", "keyword_only", "takes_int", "takes_float")

    def __init__(self, text, keyword_only):
        kinds, _, rest = text.strip().partition(" ")
        name, _, default = rest.partition("=")
        self.name = name.strip()
        self.optional = kinds.endswith("?")
        self.kinds = tuple(kinds.rstrip("?").split("|"))
        self.default = _REQUIRED if not default else ast.literal_eval(default.strip())
        self.keyword_only = keyword_only
        # what the kinds below say of a plain int / float, decided once (the commonest arguments)
        self.takes_int = any(kind in ("Number", "int", "float", "int[1]") for kind in self.kinds)
        self.takes_float = any(kind in ("Number", "float") for kind in self.kinds)

    def accepts(self, value, numbers):
        if isinstance(value, TensorBase):
            return "Tensor" in self.kinds
        if value is None:
            return self.optional
        cls = value.__class__
        if cls is int:
            return self.takes_int or (numbers and "Tensor" in self.kinds)
        if cls is float:
            return self.takes_float or (numbers and "Tensor" in self.kinds)
        for kind in self.kinds:   # a loop, not any(<generator>): this runs on every call of a generated form
            if _ACCEPTS[kind](value, numbers):
                return True
        return False


def _is_int(value):
    return isinstance(value, _numbers.Integral) and not isinstance(value, bool)


def _is_int_list(value):
    return isinstance(value, (tuple, list)) and all(_is_int(v) for v in value)


_ACCEPTS = {
    "Tensor": lambda value, numbers: numbers and is_number(value),
    "Number": lambda value, numbers: is_number(value),
    "int": lambda value, numbers: _is_int(value),
    "float": lambda value, numbers: isinstance(value, _numbers.Real),
    "bool": lambda value, numbers: isinstance(value, bool),
    "str": lambda value, numbers: isinstance(value, str),
    "int[]": lambda value, numbers: _is_int_list(value),
    "int[1]": lambda value, numbers: _is_int(value) or _is_int_list(value),
    "Tensor[]": lambda value, numbers: (isinstance(value, (tuple, list))
                                        and all(isinstance(v, TensorBase) for v in value)),
    "ScalarType": lambda value, numbers: isinstance(value, _dtype),
    "Generator": lambda value, numbers: isinstance(value, Generator),
}
# how PyTorch's messages spell a kind
_SPELLING = {"int[]": "tuple of ints", "int[1]": "tuple of ints", "Tensor[]": "tuple of Tensors",
             "ScalarType": "torch.dtype", "Generator": "torch.Generator"}


def _spell(kind):
    return _SPELLING.get(kind, kind)


def _parse(signature):
    params, keyword_only = [], False
    for text in filter(None, (part.strip() for part in signature.split(","))):
        if text == "*":
            keyword_only = True
        else:
            params.append(Param(text, keyword_only))
    return tuple(params)


def _kind_name(value):
    return "Tensor" if isinstance(value, TensorBase) else type(value).__name__


class Op:
    """A declared op (see the module's docstring)."""

    def __init__(self, name, forward, signature, method, inplace, function, out, aliases, numbers, input_numbers,
                 fast_method, fast_inplace, operators, deprecated=(), doc=None):
        self.name = name
        self.forward = forward
        self.alternatives = [_parse(text) for text in ((signature,) if isinstance(signature, str) else signature)]
        self.params = self.alternatives[0]
        self.positional = tuple(p for p in self.params if not p.keyword_only)
        self.method, self.inplace, self.function, self.out = method, inplace, function, out
        self.aliases = aliases
        self.numbers, self.input_numbers = numbers, input_numbers
        self.fast_method, self.fast_inplace = fast_method, fast_inplace
        self.operators = operators
        # the deprecated forms: [method forms, function forms]
        function_forms = [_parse(text) for text in deprecated]
        self.deprecated = [[tuple(p for p in params if p.name != "input") for params in function_forms],
                           function_forms]
        self._filled = self._default_tails() if FAST_PATHS and len(self.alternatives) == 1 else {}
        self.doc = OpDoc(self, doc, _REQUIRED) if doc is not None else None

    def _default_tails(self):
        """{n: the defaults of the parameters after the first n}, for each count n of positional
        arguments after which every later parameter has a default its kind accepts: a call with
        n positional arguments and no keywords binds by checking those n alone (``bind``)."""
        tails = {}
        for n in range(len(self.positional) + 1):
            rest = self.params[n:]
            if all(p.default is not _REQUIRED and p.accepts(p.default, self.numbers) for p in rest):
                tails[n] = [p.default for p in rest]
        return tails

    # ---- argument checking with PyTorch's messages -------------------------------------------
    def _overloads(self):
        """The overloads PyTorch lists: each alternative signature, or each combination of the
        kinds of one signature's parameters; an overload is a list of (kind, param)."""
        if len(self.alternatives) > 1:
            return [[(p.kinds[0], p) for p in params] for params in self.alternatives]
        combos = [[]]
        for p in self.params:
            combos = [c + [(kind, p)] for c in combos for kind in p.kinds]
        return combos

    def _render(self, combo, with_input):
        def spell(kind, p):
            kind = _spell(kind)
            return f"{kind} {p.name}" if p.default is _REQUIRED else f"{kind} {p.name} = {p.default}"
        parts = [spell(kind, p) for kind, p in combo if not p.keyword_only]
        keywords = [spell(kind, p) for kind, p in combo if p.keyword_only]
        if with_input:
            parts = ["Tensor input"] + parts
            keywords = keywords + (["Tensor out = None"] if self.out else [])
        return ", ".join(parts + (["*"] + keywords if keywords else []))

    def _refuse(self, fname, values, bad, with_input, out, given_names):
        """Raises the TypeError PyTorch raises for ``values`` (``given_names``: the parameters the
        caller passed, in order, keyword ones spelt ``name=``)."""
        param = self.params[bad]
        if len(self._overloads()) == 1:
            by_keyword = param.keyword_only or param.name + "=" in given_names
            where = "" if by_keyword else f" (position {bad + 1 + with_input})"
            raise TypeError(f"{fname}(): argument '{param.name}'{where} must be {_spell(param.kinds[0])}, "
                            f"not {_kind_name(values[bad])}")
        by_name = {p.name: v for p, v in zip(self.params, values)}
        given = ["Tensor"] * with_input + [
            f"{name}{_kind_name(by_name[name[:-1]])}" if name.endswith("=") else _kind_name(by_name[name])
            for name in given_names]
        if out is not None:
            given.append(f"out={_kind_name(out)}")
        lines = [f"{fname}() received an invalid combination of arguments - got ({', '.join(given)}), "
                 "but expected one of:"]
        for combo in self._overloads():
            lines.append(f" * ({self._render(combo, with_input)})")
            # PyTorch says where an overload without out= failed when it was given all its arguments;
            # only a Tensor in a required Tensor place passes its marking (even a number in a Number
            # place is marked)
            if not (with_input and self.out) and len(combo) + with_input == len(given) - (out is not None):
                marks = ["Tensor"] * with_input + [
                    _kind_name(v) if kind == "Tensor" and not p.optional and isinstance(v, TensorBase)
                    else f"!{_kind_name(v)}!" for v, (kind, p) in zip(values, combo)]
                lines.append(f"      didn't match because some of the arguments have invalid types: "
                             f"({', '.join(marks)})")
        raise TypeError("\n".join(lines) + "\n")

    def bind(self, fname, args, kwargs, with_input=False, out=None):
        """The arguments after ``input`` in signature order (defaults filled in), checked."""
        if not kwargs:
            tail = self._filled.get(len(args))
            if tail is not None:
                for p, v in zip(self.params, args):
                    if not p.accepts(v, self.numbers):
                        break
                else:
                    return [*args, *tail]
        positional = self.positional
        if len(args) > len(positional):
            most = len(positional) + with_input
            least = sum(p.default is _REQUIRED for p in positional) + with_input
            takes = f"{most} positional argument{'s' * (most != 1)}" if least == most else \
                f"from {least} to {most} positional arguments"
            raise TypeError(f"{fname}() takes {takes} but {len(args) + with_input} were given")
        values = list(args)
        given_names = [p.name for p in positional[:len(args)]] + [
            p.name + "=" for p in self.params[len(args):] if p.name in kwargs]
        missing = [p.name for p in self.params[len(args):] if p.default is _REQUIRED and p.name not in kwargs]
        for p in self.params[len(args):]:
            if p.name in kwargs:
                values.append(kwargs[p.name])
            elif p.default is not _REQUIRED:
                values.append(p.default)
            else:
                if len(missing) == 1:
                    raise TypeError(f'{fname}() missing 1 required positional arguments: "{p.name}"')
                raise TypeError(f"{fname}() missing required argument '{p.name}' (pos {len(values) + 1})")
        if len(given_names) - len(args) < len(kwargs):
            unexpected = next(name for name in kwargs if name + "=" not in given_names)
            raise TypeError(f"{fname}() got an unexpected keyword argument '{unexpected}'")
        if not any(all(p.accepts(v, self.numbers) for p, v in zip(params, values)) for params in self.alternatives):
            bad = next(i for i, (p, v) in enumerate(zip(self.params, values)) if not p.accepts(v, self.numbers))
            self._refuse(fname, values, bad, with_input, out, given_names)
        return values

    def bind_deprecated(self, fname, args, kwargs, with_input):
        """The canonical arguments (input first in function form) of a call in one of the
        deprecated argument orders, after PyTorch's warning; None when no deprecated form binds
        it. ``args``: the positional arguments, ``input`` among them in function form."""
        for params in self.deprecated[with_input]:
            names = [p.name for p in params]
            if len(args) + len(kwargs) != len(params) or any(name not in names[len(args):] for name in kwargs):
                continue
            by_name = dict(zip(names, args), **kwargs)
            if all(p.accepts(by_name[p.name], self.input_numbers if p.name == "input" else self.numbers)
                   for p in params):
                self._warn_deprecated(fname, params, with_input)
                leading = [by_name["input"]] if with_input else []
                return leading + [by_name.get(p.name, p.default) for p in self.params]
        return None

    def _warn_deprecated(self, fname, params, with_input):
        if _deprecation["warned"]:
            return
        _deprecation["warned"] = True
        out = ", *, Tensor out = None" if with_input and self.out else ""
        used = ", ".join(f"{_spell(p.kinds[0])} {p.name}" for p in params) + out
        instead = "".join(f"\n\t{fname}({self._render([(p.kinds[0], p) for p in alternative], with_input)})"
                          for alternative in self.alternatives)
        warn_user(f"This overload of {fname} is deprecated:\n\t{fname}({used})\n"
                  f"Consider using one of the following signatures instead:{instead}")

    # ---- the generated forms -------------------------------------------------------------------
    def _bind_method(self, fname, args, kwargs):
        """``bind`` for a method, falling back on the deprecated argument orders."""
        try:
            return self.bind(fname, args, kwargs, False)
        except TypeError:
            values = self.bind_deprecated(fname, args, kwargs, False)
            if values is None:
                raise
            return values

    def _method(self, name):
        forward = self.forward
        bind = self._bind_method if self.deprecated[0] and name == self.name else self.bind
        if not self.params:
            def method(self, *args, **kwargs):
                if args or kwargs:
                    _refuse_arguments(name, args, kwargs)
                return forward(self)
        else:
            def method(self, *args, **kwargs):
                return forward(self, *bind(name, args, kwargs))
        method = _named(method, name, "Tensor." + name)
        method = self.fast_method(method) if self.fast_method is not None else method
        return self._documented(method, "method", name)

    def _inplace_method(self, name):
        forward = self.forward
        bind = self._bind_method if self.deprecated[0] and name == self.name else self.bind
        takes_none = not self.params

        def method_(self, *args, **kwargs):
            if takes_none and (args or kwargs):
                _refuse_arguments(name + "_", args, kwargs)
            return forward(self, *bind(name + "_", args, kwargs), inplace=True)
        method_ = _named(method_, name + "_", f"Tensor.{name}_")
        method_ = self.fast_inplace(method_) if self.fast_inplace is not None else method_
        return self._documented(method_, "inplace", name)

    def _function(self, name):
        op, forward = self, self.forward
        deprecated = bool(self.deprecated[1]) and name == self.name

        def function(input, *args, out=None, **kwargs):
            try:
                if not isinstance(input, TensorBase) and not (op.input_numbers and is_number(input)):
                    raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, "
                                    f"not {_kind_name(input)}")
                values = op.bind(name, args, kwargs, True, out)
            except TypeError:
                bound = op.bind_deprecated(name, (input,) + args, kwargs, True) if deprecated else None
                if bound is None:
                    raise
                input, *values = bound
            if out is not None:
                if not op.out:
                    raise TypeError(f"{name}() got an unexpected keyword argument 'out'")
                return forward(input, *values, out=out)
            return forward(input, *values)
        return self._documented(_named(function, name, name), "function", name)

    def _documented(self, form, kind, name):
        """``form`` with its docstring rendered from the declaration's ``doc``."""
        if self.doc is not None:
            form.__doc__ = getattr(self.doc, kind)(name)
        return form

    def methods(self):
        """{attribute name: function} for Tensor."""
        found = {}
        for name in (self.name,) + self.aliases:
            if self.method:
                found[name] = self._method(name)
            if self.inplace:
                found[name + "_"] = self._inplace_method(name)
        found.update(self.operators)
        return found

    def functions(self):
        """{name: function} for the ``tensorlib`` namespace."""
        return {name: self._function(name) for name in (self.name,) + self.aliases} if self.function else {}


def _refuse_arguments(name, args, kwargs):
    """PyTorch's TypeError for arguments given to a method that takes none."""
    if kwargs:
        raise TypeError(f"TensorBase.{name}() takes no keyword arguments")
    raise TypeError(f"TensorBase.{name}() takes no arguments ({len(args)} given)")


def _named(fn, name, qualname):
    fn.__name__, fn.__qualname__ = name, qualname
    return fn


def declare(name, forward, signature, *, method=True, inplace=True, function=True, out=True, aliases=(),
            numbers=False, input_numbers=False, fast_method=None, fast_inplace=None, operators=None, deprecated=(),
            doc=None):
    """Declares the op ``name`` (see the module's docstring) and returns it; ``doc``: the text its
    forms' docstrings are rendered from (``_op_docs``)."""
    op = OPS[name] = Op(name, forward, signature, method, inplace, function, out, tuple(aliases), numbers,
                        input_numbers, fast_method, fast_inplace, dict(operators or {}), tuple(deprecated), doc)
    return op


def methods():
    """Every declared op's Tensor methods."""
    found = {}
    for op in OPS.values():
        found.update(op.methods())
    return found


def functions():
    """Every declared op's ``tensorlib`` functions."""
    found = {}
    for op in OPS.values():
        found.update(op.functions())
    return found
