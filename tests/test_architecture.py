"""The package's structure, read from its source (nothing is imported).

Layers, bottom up; a module may import its own layer and the layers below,
never one above, and no import (at module level or inside a function) may
close a cycle.  Only the backends know a device, and no module inside the
package imports its face ``tensorlib``.  See docs/architecture.md.

One module outside the backends may name a device's backend: ``_operators``
(pyx/_operators.pyx), the compiled CPU fast path of the hottest methods.  It is
itself CPU-only code (it takes the CPU backend's kernels and hands every other
device to the general route), so ``device_branches`` exempts it by name.

Each rule's test names every module that breaks it."""
import ast
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = "tensorlib"

# bottom up; a module belongs to the layer of its longest matching prefix
LAYERS = (
    ("core", ("tensorlib._C", "tensorlib._layout", "tensorlib._dtype", "tensorlib._size", "tensorlib._device",
              "tensorlib._scalar_conversion", "tensorlib._type_names", "tensorlib._fast_paths",
              "tensorlib._memory_format")),
    ("kernels", ("tensorlib._pool", "tensorlib._blas", "tensorlib._copy", "tensorlib._elementwise", "tensorlib._binary",
                 "tensorlib._unary", "tensorlib._reduce", "tensorlib._reduce_kernels", "tensorlib._indexing",
                 "tensorlib._nn", "tensorlib._random_kernels", "tensorlib._cascade_sum", "tensorlib._simd_math",
                 "tensorlib._optim_kernels", "tensorlib._conv",
                 "tensorlib._recurrent", "tensorlib._rows")),
    ("backends", ("tensorlib.backends",)),
    ("tensor", ("tensorlib._tensor", "tensorlib._creation", "tensorlib._creation_like", "tensorlib._creation_docs",
                "tensorlib.random")),
    ("autograd", ("tensorlib.autograd", "tensorlib._tensor_autograd")),
    ("ops", ("tensorlib.ops", "tensorlib._operators")),
    ("api", ("tensorlib._tensor_methods", "tensorlib._legacy", "tensorlib._functional", "tensorlib._tensor_str",
             "tensorlib._tensor_pickle", "tensorlib.cuda", "tensorlib.viz",
             "tensorlib._threads", "tensorlib.amp", "tensorlib.cpu",
             "tensorlib.accelerator")),
    ("apps", ("tensorlib.nn", "tensorlib.optim", "tensorlib.utils", "tensorlib.serialization", "tensorlib.tour", "tensorlib.runner", "tensorlib._spawned_main",
              "tensorlib.__main__",
              "tensorlib")),
)
MAX_LINES = 800


# ---- reading the tree -------------------------------------------------------------------------
def _sources():
    """{module name: (path, text)} for every Python module and Cython source of the package."""
    sources = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        sources[name] = (path, path.read_text())
    for path in sorted((ROOT / "pyx").rglob("*.pyx*")):
        if path.suffix == ".pyx" and path.with_name(path.name + ".tp").exists():
            continue  # rendered from its template
        parts = path.relative_to(ROOT / "pyx").parts
        sources[".".join((PACKAGE,) + parts[:-1] + (path.name.split(".")[0],))] = (path, path.read_text())
    return sources


SOURCES = _sources()
IS_PACKAGE = {name for name, (path, _) in SOURCES.items() if path.name == "__init__.py"}


def _resolve(module, level, target):
    if not level:
        return target
    base = module.split(".") if module in IS_PACKAGE else module.split(".")[:-1]
    base = base[:len(base) - level + 1]
    return ".".join(base + ([target] if target else []))


def _imported(name, module, level, names):
    """The modules ``from <module> import <names>`` (or ``import <module>``) runs."""
    base = _resolve(name, level, module)
    hits = []
    for alias in names or ("",):
        full = f"{base}.{alias}" if alias else base
        hits.append(full if full in SOURCES else base)
    return hits


_PYX_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+c?import\s+(.+)|c?import\s+([\w.]+))", re.MULTILINE)


def _imports(name, path, text):
    """(imported module, line) pairs: every import of the file, wherever it stands."""
    found = []
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                found += [(alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names if alias.name != "*"]
                found += [(hit, node.lineno) for hit in _imported(name, node.module, node.level, names)]
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                  in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant)):
                found.append((node.args[0].value, node.lineno))
    else:
        for match in _PYX_IMPORT.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            if match.group(3):
                found.append((match.group(3), line))
            else:
                names = [n.strip().split(" ")[0] for n in match.group(2).strip("()").split(",")]
                found += [(hit, line) for hit in _imported(name, match.group(1), 0, names)]
    return [(target, line) for target, line in found if target.split(".")[0] == PACKAGE]


def _graph():
    """{module: {imported module: first line}}, with the parent packages each import runs."""
    graph = {}
    for name, (path, text) in SOURCES.items():
        edges = graph.setdefault(name, {})
        for target, line in _imports(name, path, text):
            parts = target.split(".")
            for depth in range(2, len(parts) + 1):  # importing a.b.c runs a.b's __init__ first...
                parent = ".".join(parts[:depth])
                inside = name == parent or name.startswith(parent + ".")  # ...unless the importer is in a.b
                if parent in SOURCES and not inside:
                    edges.setdefault(parent, line)
            if target == PACKAGE and name != PACKAGE:
                edges.setdefault(PACKAGE, line)
    return graph


GRAPH = _graph()


def layer_of(module):
    best = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    return None if best is None else best[0]


def cycles():
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, on_stack, stack, groups = {}, {}, set(), [], []

    def visit(root):
        work = [(root, iter(GRAPH[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(GRAPH[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for module in GRAPH:
        if module not in index:
            visit(module)
    return groups


def upward_imports():
    return {f"{source} -> {target}"
            for source, edges in GRAPH.items() for target in edges
            if source != PACKAGE and layer_of(target) > layer_of(source)}


def face_imports():
    return {source for source, edges in GRAPH.items() if source != PACKAGE and PACKAGE in edges}


_DEVICE_BRANCH = re.compile(
    r"""^\s*(?:el)?if\b.*(?:[=!]= ?["'](?:cpu|cuda)["']|\bis_(?:cpu|cuda)\b)"""  # if device.type == "cuda":
    r"""|\bif\b.*[=!]= ?["'](?:cpu|cuda)["'].*\belse\b"""                      # a if d.type == "cpu" else b
    r"""|\bimport cupyx?\b|\bcupyx?\.|backends\.(?:cpu|cuda)\b|backends import (?:cpu|cuda)\b""",
    re.MULTILINE)


def device_branches():
    """Modules outside the backends that test a device type or reach a device's module."""
    return {name for name, (path, text) in SOURCES.items()
            if not name.startswith(f"{PACKAGE}.backends") and name not in _DEVICE_EXEMPT
            and _DEVICE_BRANCH.search(text)}


# _operators is the compiled CPU fast path itself: it imports the CPU backend for its
# kernels and falls back to the general (backend-dispatched) route for every other device.
_DEVICE_EXEMPT = {f"{PACKAGE}._operators"}


def long_modules():
    return {name for name, (_, text) in SOURCES.items() if text.count("\n") > MAX_LINES}


# ---- the rules ----------------------------------------------------------------------------------
def test_every_module_has_a_layer():
    assert [name for name in SOURCES if layer_of(name) is None] == []


def test_no_import_cycles():
    assert cycles() == []


def test_imports_only_go_down():
    assert sorted(upward_imports()) == []


def test_nothing_inside_imports_the_package_face():
    assert sorted(face_imports()) == []


def test_only_backends_know_a_device():
    assert sorted(device_branches()) == []


def test_modules_are_short():
    assert sorted(long_modules()) == []


def test_the_reader_sees_every_kind_of_import():
    """The rules are only as good as the reading of the imports."""
    python = ("import tensorlib\ndef f():\n    from .. import _layout\n    from . import grad_mode\n    from ..ops import _common\n"
              "    return __import__('tensorlib.nn')\n")
    found = {target for target, _ in _imports("tensorlib.autograd.graph", pathlib.Path("graph.py"), python)}
    assert found == {"tensorlib", "tensorlib._layout", "tensorlib.autograd.grad_mode", "tensorlib.ops._common",
                     "tensorlib.nn"}
    cython = "from tensorlib._C cimport TensorBase\ncdef f():\n    from tensorlib.backends import backend_for\n"
    found = {target for target, _ in _imports("tensorlib._copy", pathlib.Path("_copy.pyx"), cython)}
    assert found == {"tensorlib._C", "tensorlib.backends"}
