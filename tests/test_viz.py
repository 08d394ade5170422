"""make_dot: drawing an autograd graph as DOT text, with the stand-in Digraph (the
graphviz package hidden; tests/test_viz_graphviz.py covers the real one).  Most tests
walk tiny fake graph nodes (next_functions / variable), so they do not depend on
autograd."""
import os
import shutil
import stat
import sys

import pytest

import tensorlib as torch
from tensorlib.viz import Digraph, make_dot


@pytest.fixture(autouse=True)
def without_graphviz(monkeypatch):
    """As if the graphviz package were not installed (``import graphviz`` fails)."""
    monkeypatch.setitem(sys.modules, "graphviz", None)


class AccumulateGrad:
    def __init__(self, variable):
        self.variable = variable
        self.next_functions = ()


class MulBackward0:
    def __init__(self, *next_functions, saved_self=None, saved_other=None):
        self.next_functions = next_functions
        self._saved_self = saved_self
        self._saved_other = saved_other


class AddBackward0:
    def __init__(self, *next_functions):
        self.next_functions = next_functions


class CatBackward0:
    saved_names = ("tensors", "dim")  # saved values exposed through __getattr__, as tensorlib's Node does

    def __init__(self, *next_functions, tensors=(), dim=0):
        self.next_functions = next_functions
        self._values = {"tensors": tuple(tensors), "dim": dim}

    def __getattr__(self, name):
        if name.startswith("_saved_") and name[7:] in self._values:
            return self._values[name[7:]]
        raise AttributeError(name)


def wxb():
    """The tutorial's z = w * x + b, with a hand-built graph."""
    x = torch.ones(1)
    w = torch.rand(1, requires_grad=True)
    b = torch.rand(1, requires_grad=True)
    z = torch.ones(1)
    mul = MulBackward0((AccumulateGrad(w), 0), (None, 0), saved_self=x, saved_other=w)
    z._grad_fn = AddBackward0((mul, 0), (AccumulateGrad(b), 0))
    return z, w, b, x


def labels(dot):
    """{node id: label} parsed back from the DOT text."""
    out = {}
    for line in dot.source.splitlines():
        line = line.strip()
        if " -> " not in line and "[label=" in line:
            name = line.split(" ", 1)[0].strip('"')
            out[name] = line.split('label="', 1)[1].split('"', 1)[0]
    return out


def edges(dot):
    out = []
    for line in dot.source.splitlines():
        if " -> " in line:
            tail, head = line.strip().split(" -> ")
            out.append((tail.strip('"'), head.split(" ")[0].strip('"')))
    return out


def test_wxb_graph():
    z, w, b, x = wxb()
    dot = make_dot(z, params={"w": w, "b": b, "x": x})
    names = labels(dot)
    by_label = {v: k for k, v in names.items()}
    assert sorted(names.values()) == sorted(["(1,)", "AddBackward0", "MulBackward0", "w\\n(1,)", "b\\n(1,)"])
    assert sorted(edges(dot)) == sorted([
        (by_label["AddBackward0"], by_label["(1,)"]),
        (by_label["MulBackward0"], by_label["AddBackward0"]),
        (by_label["w\\n(1,)"], by_label["MulBackward0"]),
        (by_label["b\\n(1,)"], by_label["AddBackward0"]),
    ])
    src = dot.source
    assert src.startswith("digraph {") and src.rstrip().endswith("}")
    assert str(dot) == src
    assert 'fillcolor="lightblue"' in src and 'fillcolor="darkolivegreen1"' in src
    assert "_saved" not in src and "orange" not in src


def test_shapes_and_unnamed_leaves():
    w = torch.zeros(2, 3, requires_grad=True)
    out = torch.zeros(())
    out._grad_fn = AddBackward0((AccumulateGrad(w), 0))
    assert set(labels(make_dot(out)).values()) == {"()", "AddBackward0", "(2, 3)"}


def test_shared_nodes_are_drawn_once_and_output_lists():
    w = torch.ones(2, requires_grad=True)
    acc = AccumulateGrad(w)
    shared = MulBackward0((acc, 0), (acc, 0))
    a, b = torch.ones(2), torch.ones(2)
    a._grad_fn = AddBackward0((shared, 0))
    b._grad_fn = AddBackward0((shared, 0), (None, 0))
    dot = make_dot((a, b), params={"w": w})
    names = list(labels(dot).values())
    assert names.count("MulBackward0") == 1 and names.count("w\\n(2,)") == 1 and names.count("(2,)") == 2
    # one edge per next_functions entry: w feeds MulBackward0 twice
    assert len(edges(dot)) == 6 and len(set(edges(dot))) == 5


def test_show_saved_and_show_attrs():
    z, w, b, x = wxb()
    saved = make_dot(z, show_saved=True)
    assert saved.source.count('fillcolor="orange"') == 2
    assert 'style="dotted"' in saved.source
    assert {"self\\n(1,)", "other\\n(1,)"} <= set(labels(saved).values())
    attrs = make_dot(z, show_attrs=True)
    mul = [v for v in labels(attrs).values() if v.startswith("MulBackward0")][0]
    assert "self: (1,)" in mul and "other: (1,)" in mul


def test_saved_names_via_getattr_and_truncation():
    t1, t2 = torch.ones(2, 2), torch.ones(3, 2)
    out = torch.ones(5, 2)
    out._grad_fn = CatBackward0((None, 0), tensors=(t1, t2), dim="x" * 100)
    label = labels(make_dot(out, show_attrs=True, max_attr_chars=20))["n1"]
    assert "tensors: (2, 2), (3, 2)" in label
    assert label.endswith("dim: '" + "x" * 16 + "...")
    both = make_dot(out, show_saved=True, show_attrs=True)
    assert both.source.count('fillcolor="orange"') == 2
    assert "tensors\\n(3, 2)" in labels(both).values()


def test_freed_saved_values():
    class PowBackward0:
        next_functions = ()

        @property
        def _saved_self(self):
            raise RuntimeError("Trying to backward through the graph a second time")

    out = torch.ones(1)
    out._grad_fn = PowBackward0()
    assert labels(make_dot(out, show_attrs=True, show_saved=True))["n1"].endswith("self: <freed>")


def test_leaf_output_and_no_graph():
    w = torch.ones(2, requires_grad=True)
    assert list(labels(make_dot(w, params={"w": w})).values()) == ["w\\n(2,)"]


def test_deep_graph_does_not_recurse():
    fn = AccumulateGrad(torch.ones(1, requires_grad=True))
    for _ in range(sys.getrecursionlimit() + 100):
        fn = AddBackward0((fn, 0))
    out = torch.ones(1)
    out._grad_fn = fn
    assert len(edges(make_dot(out))) == sys.getrecursionlimit() + 101


def test_quoting():
    g = Digraph()
    g.node('a"b', 'say "hi"\\\nnext')
    g.edge('a"b', "c")
    assert '"a\\"b" [label="say \\"hi\\"\\\\\\nnext"]' in g.source
    assert '"a\\"b" -> "c"' in g.source


def test_save(tmp_path):
    z, *_ = wxb()
    dot = make_dot(z)
    path = dot.save(tmp_path / "g.gv")
    with open(path) as f:
        assert f.read() == dot.source


@pytest.fixture
def fake_dot(tmp_path, monkeypatch):
    """The only `dot` on PATH: a script that copies its input to the -o file (or stdout)."""
    directory = tmp_path / "bin"
    directory.mkdir()
    monkeypatch.setenv("PATH", str(directory))
    script = directory / "dot"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "args = sys.argv[1:]\n"
        "assert args[0].startswith('-T')\n"
        "if '-o' in args:\n"
        "    out = args[args.index('-o') + 1]\n"
        "    open(out, 'w').write(args[0] + '\\n' + open(args[-1]).read())\n"
        "else:\n"
        "    sys.stdout.write(args[0] + '\\n' + sys.stdin.read())\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.mark.skipif(os.name != "posix", reason="uses a shell-less script as a stand-in for dot")
def test_render_runs_dot_from_path(tmp_path, fake_dot):
    z, *_ = wxb()
    dot = make_dot(z)
    out = dot.render(str(tmp_path / "graph"), format="png")
    assert out == str(tmp_path / "graph") + ".png"
    assert open(out).read() == "-Tpng\n" + dot.source
    assert dot.pipe("svg").decode() == "-Tsvg\n" + dot.source
    dot.render(str(tmp_path / "clean"), cleanup=True)
    assert not (tmp_path / "clean").exists() and (tmp_path / "clean.svg").exists()
    with pytest.raises(ValueError):
        dot.render(str(tmp_path / "x"), format="svg -o /etc/passwd")


def test_render_without_dot_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    z, *_ = wxb()
    with pytest.raises(RuntimeError, match="Graphviz"):
        make_dot(z).render(str(tmp_path / "g"))
    assert make_dot(z)._repr_svg_() is None


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_render_with_graphviz(tmp_path):
    z, *_ = wxb()
    out = make_dot(z, show_saved=True).render(str(tmp_path / "g"), format="svg")
    assert open(out).read().lstrip().startswith(("<?xml", "<svg"))


def test_real_autograd_graph():
    x = torch.ones(1)
    w = torch.rand(1, requires_grad=True)
    b = torch.rand(1, requires_grad=True)
    z = w * x + b
    dot = make_dot(z, params={"w": w, "b": b, "x": x}, show_saved=True, show_attrs=True)
    names = list(labels(dot).values())
    assert any(n.startswith(type(z.grad_fn).__name__) for n in names)
    assert "w\\n(1,)" in names and "b\\n(1,)" in names and "x\\n(1,)" not in names
    assert len(edges(dot)) >= 4


def test_stand_in_when_graphviz_is_missing():
    z, *_ = wxb()
    assert type(make_dot(z)) is Digraph


@pytest.mark.skipif(os.name != "posix", reason="uses a shell-less script as a stand-in for dot")
def test_save_and_render_into_a_directory(tmp_path, fake_dot):
    z, *_ = wxb()
    dot = make_dot(z)
    assert dot.save(directory=tmp_path / "out") == os.path.join(str(tmp_path / "out"), "Digraph.gv")
    out = dot.render("graph", directory=tmp_path / "pictures", format="png")
    assert out == os.path.join(str(tmp_path / "pictures"), "graph") + ".png"
    with open(out) as f:
        assert f.read() == "-Tpng\n" + dot.source


def test_what_needs_graphviz_says_how_to_install_it(tmp_path):
    z, *_ = wxb()
    dot = make_dot(z)
    with pytest.raises(ImportError, match="pip install graphviz"):
        dot.view()
    with pytest.raises(ImportError, match="pip install graphviz"):
        dot.render(str(tmp_path / "g"), view=True)
    with pytest.raises(AttributeError, match="pip install graphviz"):
        dot.subgraph()
    with pytest.raises(AttributeError, match="^'Digraph' object has no attribute '_private'$"):
        _ = dot._private


def test_show_attrs_lists_pytorchs_saved_names():
    x = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)
    label = labels(make_dot(x.sum(1), show_attrs=True))["n1"]
    assert label.startswith("SumBackward1")
    assert "dim: (1,)" in label and "keepdim: False" in label and "self_sym_sizes: (2, 3)" in label
