"""The docstrings of the registry's generated forms, written once per op.

An op's declaration carries ``doc``: its summary, then optionally Google-style
sections ``Args:`` (only the arguments whose meaning the common table below
does not give), ``Returns:`` (the description, without the type) and
``Example::``.  From it and the op's signature this module renders the
function form (every argument with its kinds and default), the method form
("See :func:`tensorlib.name`" and the same text, ``self`` standing for
``input``), the in-place form and the aliases; an argument left without a
description is an error when the op is declared."""
import inspect
import textwrap

# what an argument means when the declaration says nothing else
_COMMON = {
    "input": "the input tensor.",
    "other": "the second operand, broadcast against ``input``.",
    "alpha": "the multiplier of ``other``.",
    "out": "the tensor to write the result into.",
    "generator": "the generator to draw from; the default generator when None.",
    "dtype": "the dtype ``input`` is cast to before the op runs; None keeps its dtype.",
}
_KIND_NAMES = {"int[]": "tuple of ints", "int[1]": "int or tuple of ints", "Tensor[]": "sequence of Tensors",
               "ScalarType": "dtype"}
_SECTIONS = ("Args:", "Returns:")


def example(*lines):
    """An ``Example::`` section of doctest lines: ``>>>`` calls and the output each prints."""
    return "\n\nExample::\n\n" + textwrap.indent("\n".join(lines), "    ")


def _split(doc):
    """{section: text} of a declaration's doc; the summary under ""."""
    head, _, tail = doc.partition("Example::")
    parts, current = {"": []}, ""
    for line in inspect.cleandoc(head).splitlines():
        if line.strip() in _SECTIONS and not line.startswith(" "):
            current = line.strip()
            parts[current] = []
        else:
            parts[current].append(line)
    found = {key: "\n".join(lines).strip("\n") for key, lines in parts.items()}
    if tail:
        found["Example::"] = textwrap.dedent(tail.strip("\n"))
    return found


def _described(args_text):
    """{argument: description} of an ``Args:`` section written as ``name: text`` entries."""
    described, name = {}, None
    for line in textwrap.dedent(args_text).splitlines():
        head, sep, rest = line.partition(":")
        if sep and not line.startswith(" ") and head.isidentifier():
            name = head
            described[name] = rest.strip()
        elif name is not None and line.strip():
            described[name] += " " + line.strip()
    return described


def _kinds(params_by_alternative, position):
    kinds = []
    for params in params_by_alternative:
        for kind in params[position].kinds:
            name = _KIND_NAMES.get(kind, kind)
            if name not in kinds:
                kinds.append(name)
    return " or ".join(kinds)


class OpDoc:
    """The rendered docstrings of one op's forms (``required``: the default of an argument
    that has none)."""

    def __init__(self, op, doc, required):
        parts = _split(doc)
        self.name = op.name
        self.summary = parts[""]
        described = dict(_COMMON, **_described(parts.get("Args:", "")))
        lines = []
        for i, p in enumerate(op.params):
            if p.name not in described:
                raise ValueError(f"the doc of {op.name} does not describe its argument '{p.name}'")
            optional = p.optional or p.default is not required
            text = described[p.name]
            if p.default is not required and p.default is not None:
                text += f" Default: ``{p.default!r}``."
            kinds = _kinds(op.alternatives, i)
            if op.numbers and "Tensor" in p.kinds and "Number" not in p.kinds:   # a number stands for a tensor
                kinds += " or Number"
            lines.append(f"{p.name} ({kinds}{', optional' * optional}): {text}")
        self.args = lines
        self.input = f"input (Tensor{' or Number' * op.input_numbers}): {described['input']}"
        self.out = f"out (Tensor, optional): {described['out']}" if op.out else None
        returns = " ".join(line.strip() for line in parts.get("Returns:", "").splitlines())
        returns = returns if ":" in returns.split(".")[0] else f"Tensor: {returns or 'the result.'}"
        self.returns_method = returns
        with_out = "Tensor: the result (``out`` itself when given)."
        self.returns = returns if "Returns:" in parts or not op.out else with_out
        self.example = parts.get("Example::", "")
        self.has_method, self.has_function = op.method, op.function

    def _text(self, args, returns, summary=True):
        text = [self.summary] if summary else []
        if args:
            text.append("Args:\n" + textwrap.indent("\n".join(args), "    "))
        text.append("Returns:\n" + textwrap.indent(returns, "    "))
        if self.example and summary:
            text.append("Example::\n\n" + textwrap.indent(textwrap.dedent(self.example), "    "))
        return "\n\n".join(text)

    def function(self, name):
        args = [self.input] + self.args + ([self.out] if self.out else [])
        alias = f"Alias for :func:`tensorlib.{self.name}`.\n\n" if name != self.name else ""
        return alias + self._text(args, self.returns)

    def method(self, name):
        see = f"See :func:`tensorlib.{self.name}`; ``self`` is its ``input``.\n\n" if self.has_function else ""
        alias = f"Alias for :meth:`Tensor.{self.name}`.\n\n" if name != self.name else ""
        return alias + see + self._text(self.args, self.returns_method)

    def inplace(self, name):
        if not self.has_method:   # a sampler that fills ``self``: the in-place form is the op
            return self._text(self.args, "Tensor: ``self``.")
        return (f"In-place form of :meth:`Tensor.{name}`: writes the result into ``self`` and returns "
                f"``self``.\n\n" + self._text(self.args, "Tensor: ``self``, modified.", summary=False))

