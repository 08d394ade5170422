"""Drawing the autograd graph: ``make_dot(var)`` returns a :class:`Digraph`
whose ``.source`` is Graphviz DOT text.

The graph is the one ``backward`` walks: starting at ``var.grad_fn``, every
backward node lists its inputs in ``next_functions`` as ``(node, output_nr)``
pairs (``(None, 0)`` for an input that needs no gradient).  Backward nodes are
drawn as grey boxes labelled with their class name (``MulBackward0``); an
``AccumulateGrad`` node is drawn as the leaf tensor it accumulates into (blue,
labelled with its name from ``params`` and its shape); the output tensor is
green; saved tensors (``show_saved``) are orange.  Edges point the way the
forward pass ran, from inputs towards the output.

With the ``graphviz`` package installed (``pip install graphviz``, or the
``tensorlib[viz]`` extra), ``make_dot`` returns its ``graphviz.Digraph``, so
``render(filename, directory=..., format=...)``, ``view()`` and the rest behave as
torchviz users expect.  Without it, ``Digraph`` here is a small stand-in: ``source``,
``save`` and ``render``/``pipe`` (which run Graphviz's ``dot`` program when it is
installed) work, and what needs the package (``view``...) says to install it.

Example -- the tutorial's ``z = w * x + b``::

    >>> import tensorlib as torch
    >>> from tensorlib.viz import make_dot
    >>> x = torch.ones(1)
    >>> w = torch.rand(1, requires_grad=True)
    >>> b = torch.rand(1, requires_grad=True)
    >>> z = w * x + b
    >>> dot = make_dot(z, params={"w": w, "b": b, "x": x})
    >>> print(dot.source)                       # doctest: +SKIP
    digraph {
        graph [size="12,12"]
        node [style="filled" shape="box" ...]
        "n0" [label="(1,)" fillcolor="darkolivegreen1"]
        "n1" [label="AddBackward0"]
        "n1" -> "n0"
        "n2" [label="MulBackward0"]
        "n2" -> "n1"
        "n3" [label="w\\n(1,)" fillcolor="lightblue"]
        "n3" -> "n2"
        "n4" [label="b\\n(1,)" fillcolor="lightblue"]
        "n4" -> "n1"
    }
    >>> dot.render("zwxb", format="svg")       # doctest: +SKIP
    'zwxb.svg'

``x`` does not require grad, so ``MulBackward0`` has a ``(None, 0)`` edge for
it and it does not appear.
"""
import os
import re
import shutil
import subprocess

__all__ = ["Digraph", "make_dot"]


def _quote(text):
    """A DOT double-quoted string."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def _attrs(attrs):
    items = [f"{k}={_quote(v)}" for k, v in attrs.items() if v is not None]
    return " [" + " ".join(items) + "]" if items else ""


_INSTALL_GRAPHVIZ = "pip install graphviz"


class Digraph:
    """A directed graph that writes Graphviz DOT text: the stand-in for
    ``graphviz.Digraph`` when that package is not installed.

    ``node(name, label, **attrs)`` and ``edge(tail, head, **attrs)`` add
    statements; ``source`` (also ``str(graph)``) is the DOT text; ``save``
    writes it; ``render``/``pipe`` run Graphviz's ``dot`` program.  Paths and
    formats follow the graphviz package (``filename``, ``directory``, ``format``),
    except that the default format is ``svg``."""

    def __init__(self, name=None, filename=None, directory="", format=None, graph_attr=None,
                 node_attr=None, edge_attr=None):
        self.name = name
        self.filename = filename if filename is not None else f"{name or 'Digraph'}.gv"
        self.directory = directory
        self.format = format
        self.graph_attr = dict(graph_attr or {})
        self.node_attr = dict(node_attr or {})
        self.edge_attr = dict(edge_attr or {})
        self.body = []

    def node(self, name, label=None, **attrs):
        self.body.append(f"\t{_quote(name)}{_attrs(dict(label=label, **attrs))}")

    def edge(self, tail_name, head_name, **attrs):
        self.body.append(f"\t{_quote(tail_name)} -> {_quote(head_name)}{_attrs(attrs)}")

    def attr(self, kw="graph", **attrs):
        {"graph": self.graph_attr, "node": self.node_attr, "edge": self.edge_attr}[kw].update(attrs)

    @property
    def source(self):
        lines = [f"digraph {_quote(self.name)} {{" if self.name else "digraph {"]
        for kw, attrs in (("graph", self.graph_attr), ("node", self.node_attr), ("edge", self.edge_attr)):
            if attrs:
                lines.append(f"\t{kw}{_attrs(attrs)}")
        lines.extend(self.body)
        lines.append("}")
        return "\n".join(lines) + "\n"

    def __str__(self):
        return self.source

    def __repr__(self):
        return f"<Digraph with {len(self.body)} statements>"

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(f"'Digraph' object has no attribute '{name}'")
        raise AttributeError(
            f"'Digraph' object has no attribute '{name}': tensorlib.viz.Digraph is a small stand-in for "
            f"graphviz.Digraph; `{_INSTALL_GRAPHVIZ}` and make_dot returns the full class")

    @property
    def filepath(self):
        return os.path.join(self.directory or "", self.filename)

    def save(self, filename=None, directory=None):
        """Writes the DOT source to ``directory/filename`` (by default the graph's
        own ``filepath``), creating the directory; returns the path."""
        if filename is not None:
            self.filename = os.fspath(filename)
        if directory is not None:
            self.directory = os.fspath(directory)
        path = self.filepath
        if os.path.dirname(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.source)
        return path

    def _dot(self, fmt):
        fmt = fmt or self.format or "svg"
        if not isinstance(fmt, str) or not re.fullmatch(r"[A-Za-z0-9_:]+", fmt):
            raise ValueError(f"invalid output format {fmt!r}")
        dot = shutil.which("dot")
        if dot is None:
            raise RuntimeError(
                "rendering needs Graphviz's `dot` program, which is not on PATH: install Graphviz "
                "(e.g. `apt install graphviz`, `brew install graphviz`, `conda install graphviz`), or "
                "use .source / .save(path) and render the DOT text elsewhere")
        return dot, fmt

    def pipe(self, format=None):
        """The graph rendered by ``dot`` to ``format``, as bytes."""
        dot, fmt = self._dot(format)
        done = subprocess.run([dot, "-T" + fmt], input=self.source.encode("utf-8"), capture_output=True)
        if done.returncode:
            raise RuntimeError(f"dot failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
        return done.stdout

    def render(self, filename=None, directory=None, view=False, cleanup=False, format=None):
        """Saves the source (see ``save``) and renders it with ``dot`` to the
        source's path plus ``'.' + format``; returns the output path.
        ``cleanup=True`` removes the source file afterwards; ``view=True`` needs
        the graphviz package."""
        if view:
            self.view()
        dot, fmt = self._dot(format)
        source = self.save(filename, directory)
        output = f"{source}.{fmt}"
        done = subprocess.run([dot, "-T" + fmt, "-o", output, source], capture_output=True)
        if done.returncode:
            raise RuntimeError(f"dot failed ({done.returncode}): {done.stderr.decode(errors='replace').strip()}")
        if cleanup:
            os.remove(source)
        return output

    def view(self, filename=None, directory=None, cleanup=False):
        """Opening the rendered graph in a viewer is the graphviz package's."""
        raise ImportError(f"Digraph.view() opens the picture through the graphviz package, which is not "
                          f"installed: `{_INSTALL_GRAPHVIZ}` (make_dot then returns graphviz.Digraph), or "
                          f"render(filename, format=...) and open the file")

    def _repr_svg_(self):  # Jupyter shows the picture when dot is installed
        if shutil.which("dot") is None:
            return None
        try:
            return self.pipe("svg").decode("utf-8")
        except RuntimeError:
            return None


def _digraph_class():
    """``graphviz.Digraph`` when the graphviz package is installed, else the stand-in."""
    try:
        import graphviz
    except ImportError:
        return Digraph
    return graphviz.Digraph


# ---- the autograd graph --------------------------------------------------------------
def _is_tensor(value):
    return hasattr(value, "_shape") and hasattr(value, "_dtype")


def _shape_text(tensor):
    return "(" + ", ".join(str(s) for s in tensor._shape) + ("," if len(tensor._shape) == 1 else "") + ")"


class _Freed:
    def __repr__(self):
        return "<freed>"


_FREED = _Freed()


def _saved_attributes(node):
    """``(name, value)`` for the node's ``_saved_*`` attributes; names come from
    ``dir(node)`` and from a ``saved_names`` class attribute, when present."""
    names = [a for a in dir(node) if a.startswith("_saved_")]
    names += ["_saved_" + n for n in getattr(type(node), "saved_names", ()) or ()]
    seen = set()
    for name in names:
        if name in seen:
            continue
        seen.add(name)
        try:
            value = getattr(node, name)
        except Exception:  # e.g. freed by backward
            value = _FREED
        yield name[len("_saved_"):], value


def _truncate(text, limit):
    return text if len(text) <= limit else text[:max(limit - 3, 0)] + "..."


def make_dot(var, params=None, show_attrs=False, show_saved=False, max_attr_chars=50):
    """The autograd graph that produced ``var`` (a tensor, or a list/tuple of
    tensors) as a ``graphviz.Digraph`` when the graphviz package is installed,
    else as this module's :class:`Digraph`.

    ``params``: a dict ``name -> tensor`` naming leaf tensors (e.g.
    ``dict(model.named_parameters())``); unnamed leaves show only their shape.
    ``show_attrs``: list each node's saved non-tensor values (and saved tensors'
    shapes, unless ``show_saved``) in its label, cut to ``max_attr_chars``.
    ``show_saved``: draw the tensors each node saved for backward, orange,
    joined to the node by dotted edges."""
    if params is not None:
        items = params.items() if hasattr(params, "items") else params
        names = {id(v): str(k) for k, v in items}
    else:
        names = {}
    outputs = list(var) if isinstance(var, (list, tuple)) else [var]

    graph = _digraph_class()(
        graph_attr=dict(size="12,12"),
        node_attr=dict(style="filled", shape="box", align="left", fontsize="10", ranksep="0.1",
                       height="0.2", fontname="monospace", fillcolor="lightgrey"))
    ids = {}

    def node_id(obj):
        key = id(obj)
        if key not in ids:
            ids[key] = (f"n{len(ids)}", obj)  # keep obj alive so its id is not reused
        return ids[key][0]

    def tensor_label(t, default=""):
        name = names.get(id(t), default)
        return f"{name}\n{_shape_text(t)}" if name else _shape_text(t)

    drawn = set()
    stack = []
    for out in outputs:
        out_id = node_id(out)
        graph.node(out_id, tensor_label(out), fillcolor="darkolivegreen1")
        fn = getattr(out, "grad_fn", None)
        if fn is not None:
            stack.append((fn, out_id))

    # Depth-first, iteratively (graphs can be deeper than the recursion limit).
    while stack:
        fn, head = stack.pop()
        leaf = getattr(fn, "variable", None) if hasattr(fn, "variable") else None
        fn_id = node_id(fn if leaf is None else leaf)
        if fn_id not in drawn:
            drawn.add(fn_id)
            if leaf is not None:  # AccumulateGrad: drawn as the leaf it accumulates into
                graph.node(fn_id, tensor_label(leaf), fillcolor="lightblue")
            else:
                _draw_function(graph, fn, fn_id, show_attrs, show_saved, max_attr_chars)
                for nxt in reversed(tuple(getattr(fn, "next_functions", ()) or ())):
                    child = nxt[0] if isinstance(nxt, tuple) else nxt
                    if child is not None:
                        stack.append((child, fn_id))
        graph.edge(fn_id, head)  # one edge per next_functions entry: w * w draws two
    return graph


def _draw_function(graph, fn, fn_id, show_attrs, show_saved, max_attr_chars):
    """A backward node's box (and, with show_saved, its saved tensors)."""
    label = type(fn).__name__
    lines = []
    saved = []
    if show_attrs or show_saved:
        for attr, value in _saved_attributes(fn):
            if _is_tensor(value):
                tensors = [value]
            elif isinstance(value, (list, tuple)) and value and all(_is_tensor(v) for v in value):
                tensors = list(value)
            else:
                tensors = None
            if tensors is not None and show_saved:
                for i, t in enumerate(tensors):
                    saved.append((f"{fn_id}_saved_{attr}" + (f"_{i}" if len(tensors) > 1 else ""),
                                  f"{attr}\n{_shape_text(t)}"))
            elif show_attrs:
                text = ", ".join(_shape_text(t) for t in tensors) if tensors is not None else repr(value)
                lines.append(f"{attr}: {_truncate(text, max_attr_chars)}")
    if lines:
        label += "\n" + "-" * max(len(label), 5) + "\n" + "\n".join(lines)
    graph.node(fn_id, label)
    for saved_id, saved_label in saved:
        graph.node(saved_id, saved_label, fillcolor="orange")
        graph.edge(saved_id, fn_id, style="dotted", dir="none")
