"""The tour: the tutorial examples (../shared/seeds) run cell by cell, notebook
style — code, then what it prints; a cell's last expression is shown as its
repr, and an exception is shown as ``ErrorType: message``, as Jupyter does.

The examples are user code: they reach the package through its face, by the
``import tensorlib as torch`` of a hidden first cell, as a notebook's first
cell would; the tour itself imports only the modules it uses."""
import ast
import contextlib
import io

from .random import manual_seed

# run before the first cell, not shown: the examples' own import of the package
_PRELUDE = "import tensorlib as torch"

# (chinese title, english title, cells); each cell is source code.
SECTIONS = [
    ("创建 Tensor", "Creating tensors", [
        """a = torch.Tensor([[1, 2, 3], [4, 5, 6]])
print("tensor_a:\\n", a)
list_a = a.tolist()
print("list_a:\\n", list_a)
b = torch.Tensor(2, 3)  # 数值取决于内存空间的状态 / values are whatever memory held
print("b_size:", b.size(), b.shape)
print("b_num:", b.numel(), b.nelement())
d = torch.Tensor((2, 3))
print("tensor_d:\\n", d)
y = torch.rand(2, 3)
print("init_tensor:\\n", y)
z = torch.zeros(2, 3)
m = torch.arange(1, 6, 2)
n = torch.eye(2, 3)
print("zero_tensor:\\n", z)
print("arange_tensor:\\n", m)
print("diagonal_tensor:\\n", n)""",
    ]),
    ("view、squeeze 与 resize", "view, squeeze and resize", [
        """a = torch.arange(0, 6)
b1 = a.view(2, 3)
b2 = a.view(-1, 2)  # -1: 自动计算 / inferred
print(b1)
print(b2)
b3 = b1.unsqueeze(1)
print(b3)
print(b3.size())
b4 = b1.unsqueeze(-2)
print(b4)
print(b4.shape)
c = b1.view(1, 1, 1, 2, 3)
c1 = c.squeeze(0)
print(c)
print(c1.shape)
d1 = b1.resize_(1, 3)
print(d1)""",
    ]),
    ("算术操作", "Arithmetic", [
        """x = torch.ones(2, 3)
y = torch.rand(2, 3)
print("x:\\n", x)
print("y:\\n", y)
print("x+y:\\n", x + y)
print("add(x+y):\\n", torch.add(x, y))
result = torch.Tensor(2, 3)
torch.add(x, y, out=result)
print("result:\\n", result)
y.add_(x)
print("y.add_(x):\\n", y)""",
    ]),
    ("索引", "Indexing", [
        """a = torch.randn(3, 4)
print("a:\\n", a)
print("第0行:\\n", a[0])
print("第0列:\\n", a[:, 0])
print("第0行第2个元素:\\n", a[0][2])
print(a > 0)
print(a[a > 0])
print(a[torch.LongTensor([0, 1])])""",
        """a = torch.arange(0, 16).view(4, 4)
print("a:\\n", a)
index1 = torch.LongTensor([[0, 1, 2, 3]])
print("选取对角线元素:\\n", a.gather(0, index1))
index2 = torch.LongTensor([[3, 2, 1, 0]]).t()
print("选取反对角线元素:\\n", a.gather(1, index2))
index4 = torch.LongTensor([[0, 1, 2, 3], [3, 2, 1, 0]]).t()
e = a.gather(1, index4)
print("选取两个对角线元素:\\n", e)
f = torch.zeros(4, 4, dtype=torch.long)
f.scatter_(1, index4, e)
print("把两个对角线元素放回到指定位置:\\n", f)""",
    ]),
    ("Tensor 类型", "Tensor types", [
        """torch.set_default_dtype(torch.float32)
a = torch.Tensor(2, 3)
print(a.type())
b = a.int()
print("b:\\n", b.zero_())
d = a.new(2, 3)
print(d.shape, d.dtype)""",
    ]),
    ("转置与连续性", "Transpose and contiguity", [
        """a = torch.Tensor(2, 3)
b = a.t()
print(b.shape, b.stride())
print(b.is_contiguous())
c = b.contiguous()
print(c.is_contiguous())""",
    ]),
    ("广播", "Broadcasting", [
        """a = torch.ones(3, 2)
b = torch.zeros(2, 3, 1)
print(a + b)
c = a.unsqueeze(0).expand(2, 3, 2) + b.expand(2, 3, 2)
d = a.view(1, 3, 2).expand(2, 3, 2) + b.expand(2, 3, 2)
print(c)
print(d)""",
    ]),
    ("内存开销", "Memory", [
        """x = torch.tensor([1, 2])
y = torch.tensor([3, 4])
id_before = id(y)
y = y + x
print(id(y) == id_before)
x = torch.tensor([1, 2])
y = torch.tensor([3, 4])
id_before = id(y)
y[:] = y + x
print(id(y) == id_before)
x = torch.tensor([1, 2])
y = torch.tensor([3, 4])
id_before = id(y)
torch.add(x, y, out=y)
print(id(y) == id_before)""",
    ]),
    ("Tensor 与 NumPy", "Tensors and NumPy", [
        """a = torch.ones(5)
b = a.numpy()
print(a, b)
a += 1
print(a, b)
b += 1
print(a, b)""",
        """import numpy as np
m = np.zeros(5)
n = torch.from_numpy(m)
print(m, n)
m += 1
print(m, n)
n += 1
print(m, n)
z = np.ones(3)
x = torch.tensor(z)
z += 1
print(z, x)""",
    ]),
    ("autograd：requires_grad 与 grad_fn", "autograd: requires_grad and grad_fn", [
        """x1 = torch.ones(2, 2)
x2 = torch.ones(2, 2, requires_grad=True)
y = x1 * x2
print(x1)
print(x2)
print(y)""",
        """x3 = x2 + 1
print(x3)
print(x1.grad_fn)
print(x2.grad_fn)
print(y.grad_fn)""",
        """a = torch.randn(2, 2)
a = ((a * 3) / (a - 1))
print(a.requires_grad)
a.requires_grad_(True)
print(a.requires_grad)
b = (a * a).sum()
print(b.grad_fn)""",
        """print(x2.requires_grad)
print((x2 ** 2).requires_grad)
with torch.no_grad():
    print((x2 ** 2).requires_grad)
print(x2.requires_grad)""",
    ]),
    ("反向传播与梯度", "Backward and gradients", [
        """x = torch.ones(2, 2, requires_grad=True)
y = x + 2
z = y * y * 3
out = z.mean()
print(z, out)
out.backward()
print(x.grad)""",
        """out.backward()""",
        """x1 = torch.randn(3, requires_grad=True)
y1 = x1 + 2
z1 = y1 * y1 * 2
print(z1.dim())
z1.backward()""",
        """v = torch.tensor([1, 1, 1], dtype=torch.float32)
z1.backward(v)
x1.grad""",
        """x = torch.tensor([1.0, 2.0], requires_grad=True)
y = (x + 2) ** 2
z = torch.mean(y)
print(z.dim())
z.backward()
x.grad""",
        """x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x + 2) ** 2
z = 4 * y
z.backward(torch.tensor([10, 1, 11]))
x.grad""",
    ]),
    ("雅可比向量积", "Vector-Jacobian products", [
        """x = torch.randn(3, requires_grad=True)
y = x * 2
while y.data.norm() < 1000:
    y = y * 2
print(y)
v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)
print(x.grad)""",
    ]),
    ("停止追踪：requires_grad_(False)、detach、no_grad", "Stopping tracking: requires_grad_(False), detach, no_grad", [
        """x = torch.randn(3, requires_grad=True)
x.requires_grad_(False)
x""",
        """x = torch.randn(3, requires_grad=True)
y = x.detach()
y""",
        """x = torch.randn(3, requires_grad=True)
with torch.no_grad():
    y = x + 2
    print(y)
y = x + 2
print(y)""",
    ]),
    ("Variable 与计算图", "Variable and the computation graph", [
        """from tensorlib.autograd import Variable
a = Variable(torch.ones(2, 3), requires_grad=True)
b = Variable(torch.zeros(2, 3))
c = a.add(b)
d = c.sum()
print("c:\\n", c)
print("d:\\n", d)
d.backward()
print("a.grad:\\n", a.grad)
print(a.requires_grad, b.requires_grad, c.requires_grad)
print(a.is_leaf, b.is_leaf, c.is_leaf)
print(c.grad is None)""",
        """x = Variable(torch.ones(1))
b = Variable(torch.rand(1), requires_grad=True)
w = Variable(torch.rand(1), requires_grad=True)
y = w.mul(x)
z = y.add(b)
print(x.requires_grad, b.requires_grad, w.requires_grad, y.requires_grad)
print(x.is_leaf, w.is_leaf, b.is_leaf, y.is_leaf, z.is_leaf)
print(z.grad_fn)
print(z.grad_fn.next_functions)
print(z.grad_fn.next_functions[0][0] == y.grad_fn)
print(y.grad_fn.next_functions)
print(w.grad_fn, x.grad_fn)
z.backward(retain_graph=True)
print(w.grad)""",
        """from tensorlib.viz import make_dot
print(make_dot(z, params={"w": w, "b": b}).source)  # 计算图 / the graph of z = w*x + b, as Graphviz DOT""",
        """with torch.no_grad():
    a = Variable(torch.ones(1))
    b = Variable(torch.rand(1), requires_grad=True)
    c = a * b
print(a.requires_grad, b.requires_grad, c.requires_grad)""",
    ]),
    ("GPU 上的 Tensor", "Tensors on the GPU", [
        """x = torch.tensor([1, 2])
if torch.cuda.is_available():
    device = torch.device("cuda")
    y = torch.ones_like(x, device=device)
    x = x.to(device)
    z = x + y
    print(z)
    print(z.to("cpu", torch.double))
else:
    print("torch.cuda.is_available():", torch.cuda.is_available())""",
    ]),
]


def run_cell(source, namespace):
    """Runs a cell in ``namespace``, as a notebook does.  Returns what it printed plus its
    last expression's repr (ending with ``ErrorType: message`` if it raised), and the
    exception it raised, or None."""
    out = io.StringIO()
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    raised = None
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(tree, "<tour>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<tour>", "eval"), namespace)
                if value is not None:
                    print(repr(value))
        except Exception as error:  # shown as a notebook shows it
            print(f"{type(error).__name__}: {error}")
            raised = error
    return out.getvalue(), raised


def cell_outputs(only=None):
    """``(section number, cell source, output)`` for each cell, in order: seeded once and
    sharing one namespace, so a cell sees what the cells before it made (the
    documentation's tour pages show these outputs)."""
    manual_seed(0)
    namespace = {"__name__": "__tour__"}
    exec(compile(_PRELUDE, "<tour>", "exec"), namespace)
    for number, (_, _, cells) in enumerate(SECTIONS, 1):
        if only is None or number == only:
            for cell in cells:
                yield number, cell, run_cell(cell, namespace)[0]


def run_tour(lang="zh", only=None):
    shown = None
    for cell_number, (number, cell, output) in enumerate(cell_outputs(only), 1):
        if number != shown:
            shown = number
            zh, en, _ = SECTIONS[number - 1]
            print(f"{'=' * 72}\n{number}. {zh if lang == 'zh' else en}\n{'=' * 72}")
        print(f"In [{cell_number}]:")
        print("\n".join("    " + line for line in cell.splitlines()))
        print(f"\n{'输出' if lang == 'zh' else 'Out'} [{cell_number}]:")
        print(output)
    return 0
