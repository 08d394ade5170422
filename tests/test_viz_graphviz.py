"""make_dot with the graphviz package installed: it returns graphviz.Digraph, so the
package's render/view/directory behave as torchviz users expect (skipped without it)."""
import shutil

import pytest

import tensorlib as torch
from tensorlib.viz import make_dot

graphviz = pytest.importorskip("graphviz")


def graph():
    x = torch.ones(1)
    w = torch.rand(1, requires_grad=True)
    b = torch.rand(1, requires_grad=True)
    return make_dot(w * x + b, params={"w": w, "b": b}, show_attrs=True, show_saved=True)


def test_returns_graphviz_digraph():
    dot = graph()
    assert isinstance(dot, graphviz.Digraph)
    source = dot.source
    for text in ("AddBackward0", "MulBackward0", "w\n(1,)", "darkolivegreen1", "orange", "alpha: 1"):
        assert text in source


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_render_into_a_directory(tmp_path):
    dot = graph()
    out = dot.render("graph", directory=tmp_path / "pictures", format="svg")
    assert out.replace("\\", "/").endswith("pictures/graph.svg")
    with open(out) as f:
        assert f.read().lstrip().startswith(("<?xml", "<svg"))
    assert dot.pipe(format="svg").lstrip().startswith((b"<?xml", b"<svg"))
