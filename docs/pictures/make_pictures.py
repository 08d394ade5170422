"""Draws the documentation's pictures into this folder (committed, so the docs build
needs neither Graphviz nor this script):

* ``strides_*.svg``: a tensor's elements over its storage, for the storage page;
* ``graph_*.gv`` / ``.svg``: autograd graphs drawn by ``tensorlib.viz.make_dot``
  (``.svg`` rendered by Graphviz's ``dot``; tests/test_docs.py checks the ``.gv``
  files still match what make_dot draws).

Run from the clone's root: ``python docs/pictures/make_pictures.py``."""
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

import tensorlib as torch
from tensorlib.viz import make_dot

CELL = 34
COLOURS = ["#8ecae6", "#ffb703", "#90be6d", "#f4a261", "#cdb4db", "#e9c46a"]


def _box(x, y, text, fill, bold=False):
    weight = ' font-weight="bold"' if bold else ""
    return (f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#333"/>'
            f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 5}" text-anchor="middle"{weight}>{text}</text>')


def strides_picture(title, tensor):
    """The storage as a row of cells (those the tensor reaches coloured) above the
    tensor's grid, each element labelled with the storage index it reads."""
    storage = tensor.untyped_storage().nbytes() // tensor.element_size()
    rows, cols = (tensor.shape[0], tensor.shape[1]) if tensor.dim() == 2 else (1, tensor.shape[0])
    view = tensor if tensor.dim() == 2 else tensor.view(1, -1)
    strides, offset = view.stride(), view.storage_offset()
    width = max(storage, cols) * CELL + 200
    height = 2 * CELL + rows * CELL + 80
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'font-family="monospace" font-size="13">'),
             f'<text x="10" y="18" font-weight="bold">{title}</text>',
             f'<text x="10" y="{30 + CELL / 2 + 5}">storage</text>']
    used = {offset + i * strides[0] + j * strides[1]: (i, j) for i in range(rows) for j in range(cols)}
    for k in range(storage):
        fill = COLOURS[used[k][0] % len(COLOURS)] if k in used else "#eeeeee"
        parts.append(_box(110 + k * CELL, 30, k, fill))
    top = 30 + CELL + 30
    parts.append(f'<text x="10" y="{top + CELL / 2 + 5}">tensor</text>')
    for i in range(rows):
        for j in range(cols):
            index = offset + i * strides[0] + j * strides[1]
            parts.append(_box(110 + j * CELL, top + i * CELL, index, COLOURS[i % len(COLOURS)], bold=True))
    shape = "(" + ", ".join(str(s) for s in tensor.shape) + ("," if tensor.dim() == 1 else "") + ")"
    parts.append(f'<text x="10" y="{top + rows * CELL + 25}">shape {shape}, '
                 f'stride {tensor.stride()}, storage_offset {tensor.storage_offset()}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def strides_pictures():
    a = torch.arange(6.).view(2, 3)
    return {
        "strides_contiguous": strides_picture("a = torch.arange(6.).view(2, 3)", a),
        "strides_transpose": strides_picture("a.t()", a.t()),
        "strides_slice": strides_picture("a[:, 1:]", a[:, 1:]),
        "strides_expand": strides_picture("torch.arange(3.).expand(2, 3)", torch.arange(3.).expand(2, 3)),
    }


def graphs():
    """The autograd pages' graphs: ``z = w * x + b``, and a small two-layer net, drawn
    with make_dot's own Digraph (the graphviz package hidden), so the DOT text does not
    depend on whether that package is installed."""
    with mock.patch.dict(sys.modules, {"graphviz": None}):
        return _graphs()


def _graphs():
    torch.manual_seed(0)
    x = torch.ones(1)
    w = torch.rand(1, requires_grad=True)
    b = torch.rand(1, requires_grad=True)
    z = w * x + b
    net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
    loss = net(torch.randn(2, 3)).pow(2).mean()
    return {
        "graph_wxb": make_dot(z, params={"w": w, "b": b}),
        "graph_mlp_attrs": make_dot(loss, params=dict(net.named_parameters()), show_attrs=True),
    }


def main():
    for name, svg in strides_pictures().items():
        (HERE / f"{name}.svg").write_text(svg, encoding="utf-8")
    dot = shutil.which("dot")
    for name, graph in graphs().items():
        (HERE / f"{name}.gv").write_text(graph.source, encoding="utf-8")
        if dot is None:
            print(f"{name}.svg not redrawn: Graphviz's dot is not installed")
            continue
        svg = subprocess.run([dot, "-Tsvg"], input=graph.source.encode(), capture_output=True, check=True).stdout
        (HERE / f"{name}.svg").write_bytes(svg)


if __name__ == "__main__":
    main()
