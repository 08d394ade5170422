"""Matrix products, declared in the registry with their backward nodes: matmul
(with PyTorch's 1-D/2-D/batched dispatch and the ``@`` operator), mm, mv, dot,
bmm, addmm, outer.  The products run in the backend's matmul (NumPy's
BLAS-backed matmul on the CPU; integer products are exact and wrap);
float16 and bfloat16 are multiplied in float32 and rounded once."""
from .. import _dtype as D
from .. import _layout, _operators
from .._C import TensorBase
from .._fast_paths import FAST_PATHS
from .._type_names import cpp_type_name, not_implemented
from ..autograd.graph import register_nodes
from ._autocast import lower_precision, shortcut
from ._common import as_method, backend_for, check_out, check_writable, device_of, new_result, operand, resize_out
from ._op_docs import example
from ._registry import declare
from .arithmetic import mul
from .elementwise import python_operator
from .nodes._base import SavingNode, needs, rg
from .nodes.linalg import _TwoOperandNode, scale  # the products share their base node

_bool = D.bool


def _product(a_arr, b_arr, dtype, shape, backend, kernel, out_arr=None):
    """a @ b (arrays, batch dims broadcast) into ``out_arr`` or a new array."""
    if dtype is _bool:
        raise not_implemented(kernel, dtype)
    if D.compute_dtype(dtype) is not dtype:
        a_arr = backend.cast(a_arr, D.float32.numpy)
        b_arr = backend.cast(b_arr, D.float32.numpy)
        tmp = backend.empty_array(shape, D.float32.numpy)
        backend.matmul(a_arr, b_arr, tmp)
        if out_arr is None:
            out_arr = backend.empty_array(shape, dtype.numpy)
        backend.copy_into(out_arr, tmp)
        return out_arr
    if out_arr is None:
        out_arr = backend.empty_array(shape, dtype.numpy)
    backend.matmul(a_arr, b_arr, out_arr)
    return out_arr


def _run(a, b, shape, dtype, a_arr, b_arr, out, fname, kernel):
    """Computes into a new tensor or into ``out`` (already dtype-checked)."""
    device = device_of(a, b)
    backend = backend_for(device)
    if out is None:
        res, arr = new_result(shape, dtype, device, backend)
        _product(a_arr, b_arr, dtype, shape, backend, kernel, arr)
        return res
    check_out(out, fname, (a, b))
    resize_out(out, shape)
    check_writable(out)
    _product(a_arr, b_arr, dtype, shape, backend, kernel, out._array())
    out._version_counter.bump()
    return out


def _out_dtype_check(out, dtype):
    if out is not None and isinstance(out, TensorBase) and out._dtype is not dtype:
        raise RuntimeError(f"Expected out tensor to have dtype {cpp_type_name(dtype)}, but got "
                           f"{cpp_type_name(out._dtype)} instead")


# ---- mm / mv / dot / bmm -------------------------------------------------------------------
def _mm_checks(a, b):
    if len(a._shape) != 2:
        raise RuntimeError("self must be a matrix")
    if len(b._shape) != 2:
        raise RuntimeError("mat2 must be a matrix")
    if a._shape[1] != b._shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({a._shape[0]}x{a._shape[1]} and "
                           f"{b._shape[0]}x{b._shape[1]})")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {cpp_type_name(a._dtype)} != "
                           f"{cpp_type_name(b._dtype)}")


def _mm_raw(a, b, out=None, fname="mm"):
    _mm_checks(a, b)
    _out_dtype_check(out, a._dtype)
    return _run(a, b, (a._shape[0], b._shape[1]), a._dtype, a._array(), b._array(), out, fname, "addmm_impl_cpu_")


def matmul_method(slow):
    """``Tensor.__matmul__``/``matmul``/``mm``: two 2-D float CPU tensors in one C
    call (``tensorlib._operators``), the rest in ``slow``.  With the fast paths
    off: ``slow`` itself."""
    if not FAST_PATHS:
        return slow
    return shortcut(as_method(_operators.matmul_method(slow), slow), slow)


def mm(a, b, out=None):
    a, b = lower_precision(a, b)
    res = _mm_raw(a, b, out)
    return res if out is not None else a._record_result(res, "MmBackward0", (a, b))


def _mv_raw(a, v, out=None, fname="mv"):
    if len(a._shape) != 2 or len(v._shape) != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {len(a._shape)}, {len(v._shape)}")
    if a._shape[1] != v._shape[0]:
        raise RuntimeError(f"size mismatch, got input ({a._shape[0]}), mat ({a._shape[0]}x{a._shape[1]}), "
                           f"vec ({v._shape[0]})")
    result_dtype = out._dtype if isinstance(out, TensorBase) else v._dtype
    if a._dtype is not v._dtype or result_dtype is not a._dtype:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {result_dtype.short_name}, "
                           f"{a._dtype.short_name}, and {v._dtype.short_name}")
    return _run(a, v, (a._shape[0],), a._dtype, a._array(), v._array(), out, fname, "addmv_impl_cpu")


def mv(a, v, out=None):
    res = _mv_raw(a, v, out)
    return res if out is not None else a._record_result(res, "MvBackward0", (a, v))


def _dot_raw(a, b, out=None, fname="dot"):
    if len(a._shape) != 1 or len(b._shape) != 1:
        raise RuntimeError(f"1D tensors expected, but got {len(a._shape)}D and {len(b._shape)}D tensors")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found {a._dtype.short_name} and "
                           f"{b._dtype.short_name}")
    if a._shape[0] != b._shape[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{a._shape[0]}] and src [{b._shape[0]}] to "
                           f"have the same number of elements, but got {a._shape[0]} and {b._shape[0]} elements "
                           "respectively")
    if isinstance(out, TensorBase) and out._dtype is not a._dtype:
        raise RuntimeError(f"result dtype {out._dtype.short_name} does not match input dtype {a._dtype.short_name}")
    return _run(a, b, (), a._dtype, a._array(), b._array(), out, fname, "dot")


def dot(a, b, out=None):
    res = _dot_raw(a, b, out)
    return res if out is not None else a._record_result(res, "DotBackward0", (a, b))


def bmm(a, b, out=None):
    a, b = lower_precision(a, b)
    if len(a._shape) != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if len(b._shape) != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    if b._shape[0] != a._shape[0] or b._shape[1] != a._shape[2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{a._shape[0]}, {a._shape[2]}] but got: [{b._shape[0]}, {b._shape[1]}].")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected scalar type {a._dtype.short_name} but found {b._dtype.short_name}")
    _out_dtype_check(out, a._dtype)
    res = _run(a, b, (a._shape[0], a._shape[1], b._shape[2]), a._dtype, a._array(), b._array(), out, "bmm", "bmm")
    return res if out is not None else a._record_result(res, "BmmBackward0", (a, b))


# ---- matmul ----------------------------------------------------------------------------------
def matmul(a, b, out=None):
    a, b = lower_precision(a, b)
    da, db = len(a._shape), len(b._shape)
    if da == 0 or db == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {da}D and {db}D")
    if out is not None:
        _out_dtype_check(out, a._dtype if a._dtype is b._dtype else out._dtype)
    if da == 1 and db == 1:
        return dot(a, b, out)
    if da == 2 and db == 1:
        return mv(a, b, out)
    if da == 2 and db == 2:
        return mm(a, b, out)
    if da == 1 and db == 2:
        row = a.unsqueeze(0)
        res = row._record_result(_mm_raw(row, b, None, "matmul"), "MmBackward0", (row, b))
        view = res._alias((res._shape[1],), (res._strides[1],))
        result = res._record_view(view, "SqueezeBackward4", res._shape)
        return _copy_to_out(result, out, (a, b))
    if da >= 3 and db <= 2:
        # fold the batch into the rows: one mm / mv
        folded = a.reshape(-1, a._shape[-1])
        if db == 1:
            res = _mv_raw(folded, b, None, "matmul")
            res = folded._record_result(res, "MvBackward0", (folded, b))
            shape = a._shape[:-1]
        else:
            res = _mm_raw(folded, b, None, "matmul")
            res = folded._record_result(res, "MmBackward0", (folded, b))
            shape = a._shape[:-1] + (b._shape[-1],)
        view = res._alias(shape, _layout.contiguous_strides(shape))
        result = res._record_view(view, "UnsafeViewBackward0", res._shape)
        return _copy_to_out(result, out, (a, b))
    if da == 2 and db >= 3 and a._shape[1] == b._shape[-2] and a._dtype is b._dtype:
        # PyTorch computes (b^T @ a^T)^T through the folded path and copies it contiguous
        result = matmul(b.transpose(-1, -2), a.t()).transpose(-1, -2).contiguous()
        return _copy_to_out(result, out, (a, b))
    return _batched(a, b, out)


def _copy_to_out(result, out, inputs):
    if out is None:
        return result
    check_out(out, "matmul", inputs)
    resize_out(out, result._shape)
    check_writable(out)
    backend = backend_for(out._storage.device)
    backend.copy_into(out._array(), result._array())
    out._version_counter.bump()
    return out


def _batched(a, b, out):
    da, db = len(a._shape), len(b._shape)
    a_shape = (1,) + a._shape if da == 1 else a._shape
    b_shape = b._shape + (1,) if db == 1 else b._shape
    batch = _layout.broadcast_shapes(a_shape[:-2], b_shape[:-2])
    n, k1 = a_shape[-2:]
    k2, p = b_shape[-2:]
    if k1 != k2:
        count = 1
        for s in batch:
            count *= s
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: [{count}, {k1}] but "
                           f"got: [{count}, {k2}].")
    if a._dtype is not b._dtype:
        raise RuntimeError(f"expected scalar type {a._dtype.short_name} but found {b._dtype.short_name}")
    device = device_of(a, b)
    backend = backend_for(device)
    a_arr = a._array().reshape(a_shape)
    b_arr = b._array().reshape(b_shape)
    a_arr = backend.broadcast_to(a_arr, batch + (n, k1))
    b_arr = backend.broadcast_to(b_arr, batch + (k2, p))
    full = batch + (n, p)
    shape = batch + ((n,) if da > 1 else ()) + ((p,) if db > 1 else ())
    if out is None:
        res, arr = new_result(shape, a._dtype, device, backend)
        _product(a_arr, b_arr, a._dtype, full, backend, "bmm", arr.reshape(full))
        return a._record_result(res, "UnsafeViewBackward0", (a, b))
    check_out(out, "matmul", (a, b))
    resize_out(out, shape)
    check_writable(out)
    tmp = _product(a_arr, b_arr, a._dtype, full, backend, "bmm")
    backend.copy_into(out._array(), tmp.reshape(shape))
    out._version_counter.bump()
    return out


# ---- addmm / outer ---------------------------------------------------------------------------
def _scaled_sum_of_product(input, mat1, mat2, beta, alpha, shape, work, device, backend):
    """``beta * input + alpha * mat1 @ mat2`` as an array of ``work`` (integers, and the float32
    that two-byte floats are computed in), the product rounded before it is scaled and added."""
    dt = mat1._dtype
    prod = _product(mat1._array(), mat2._array(), dt, shape, backend, "addmm_impl_cpu_",
                    backend.empty_array(shape, work.numpy))
    if not dt.is_floating_point:
        beta, alpha = int(beta), int(alpha)
    if alpha != 1:
        backend.binary("mul", prod, operand(alpha, work, shape, backend), prod)
    if beta != 0:
        bias = operand(input, work, shape, backend, device)
        if beta != 1:
            scaled = backend.empty_array(shape, work.numpy)
            backend.binary("mul", bias, operand(beta, work, shape, backend), scaled)
            bias = scaled
        backend.binary("add", prod, bias, prod)
    return prod


def addmm(input, mat1, mat2, beta=1, alpha=1, out=None):
    input, mat1, mat2 = lower_precision(input, mat1, mat2)
    _mm_checks(mat1, mat2)
    if input._dtype is not mat2._dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {input._dtype.short_name} and "
                           f"{mat2._dtype.short_name}")
    dt = mat1._dtype
    shape = (mat1._shape[0], mat2._shape[1])
    _layout.expand_strides(input._shape, input._strides, shape)  # PyTorch's expand error for a bad input
    device = device_of(input, mat1, mat2)
    backend = backend_for(device)
    if out is not None:
        _out_dtype_check(out, dt)
        check_out(out, "addmm", (input, mat1, mat2))
    work = D.compute_dtype(dt)
    res = None
    if work is dt and dt.is_floating_point:
        # as PyTorch: the bias is copied into the result, which the product then accumulates onto
        res, prod = new_result(shape, dt, device, backend)
        if beta != 0:
            backend.copy_into(prod, operand(input, dt, shape, backend, device))
        backend.add_matrix_product(mat1._array(), mat2._array(), prod, alpha, beta)
    else:
        prod = _scaled_sum_of_product(input, mat1, mat2, beta, alpha, shape, work, device, backend)
    if out is None:
        if res is None:
            res, arr = new_result(shape, dt, device, backend)
            backend.copy_into(arr, prod)
        return input._record_result(res, "AddmmBackward0", (input, mat1, mat2), beta=beta, alpha=alpha)
    resize_out(out, shape)
    check_writable(out)
    backend.copy_into(out._array(), prod)
    out._version_counter.bump()
    return out


def outer(a, b, out=None):
    if len(a._shape) != 1:
        raise RuntimeError(f"outer: Expected 1-D argument self, but got {len(a._shape)}-D")
    if len(b._shape) != 1:
        raise RuntimeError(f"outer: Expected 1-D argument vec2, but got {len(b._shape)}-D")
    return mul(a.reshape(a._shape[0], 1), b, out)


# ---- backward nodes (matmul records these and view nodes: SqueezeBackward4, UnsafeViewBackward0,
# as PyTorch does) ----------------------------------------------------------------------------------
def _column_major(t):
    """Whether matrix ``t`` is a transposed contiguous one (strides (1, rows)), whose
    gradient PyTorch computes in that same layout (mm_mat1/mm_mat2_backward)."""
    shape, strides = t._shape, t._strides
    return len(shape) == 2 and strides[0] == 1 and strides[1] == shape[0]


def _mat1_grad(g, mat2, column_major):
    """``g @ mat2.T``, laid out column-major when mat1 was."""
    return mat2.mm(g.t()).t() if column_major else g.mm(mat2.t())


def _mat2_grad(g, mat1, column_major):
    """``mat1.T @ g``, laid out column-major when mat2 was."""
    return g.t().mm(mat1).t() if column_major else mat1.t().mm(g)


class MmBackward0(_TwoOperandNode):
    __slots__ = ("layouts",)

    def setup(self, inputs, result, ctx):
        super().setup(inputs, result, ctx)
        self.layouts = (_column_major(inputs[0]), _column_major(inputs[1]))

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        ga = _mat1_grad(g, b, self.layouts[0]) if needs(self, 0) else None  # (1, n) for a 1-D self
        gb = None
        if needs(self, 1):
            gb = _mat2_grad(g, a.unsqueeze(0) if a.dim() == 1 else a, self.layouts[1])
        return ga, gb


class MvBackward0(_TwoOperandNode):
    __slots__ = ()
    saved_names = ("self", "vec")

    def apply(self, grads):
        g = grads[0]
        a, v = self._unpack()
        ga = g.unsqueeze(1) * v.unsqueeze(0) if needs(self, 0) else None
        gv = a.t().mv(g) if needs(self, 1) else None
        return ga, gv


class DotBackward0(_TwoOperandNode):
    __slots__ = ()
    saved_names = ("self", "tensor")

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        return (b * g if needs(self, 0) else None), (a * g if needs(self, 1) else None)


class BmmBackward0(_TwoOperandNode):
    __slots__ = ()

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        ga = g.bmm(b.transpose(1, 2)) if needs(self, 0) else None
        gb = a.transpose(1, 2).bmm(g) if needs(self, 1) else None
        return ga, gb


class AddmmBackward0(SavingNode):
    """addmm(self, mat1, mat2, beta, alpha) = beta * self + alpha * mat1 @ mat2."""
    __slots__ = ("alpha", "beta", "layouts")
    saved_names = ("mat1", "mat2")

    def setup(self, inputs, result, ctx):
        self.alpha = ctx.get("alpha", 1)
        self.beta = ctx.get("beta", 1)
        m1, m2 = inputs[1], inputs[2]
        self._save(m1 if rg(m2) else None, m2 if rg(m1) else None)
        self.layouts = (_column_major(m1), _column_major(m2))

    def apply(self, grads):
        g = grads[0]
        m1, m2 = self._unpack()
        gs = scale(g, self.beta) if needs(self, 0) else None
        g1 = scale(_mat1_grad(g, m2, self.layouts[0]), self.alpha) if needs(self, 1) else None
        g2 = scale(_mat2_grad(g, m1, self.layouts[1]), self.alpha) if needs(self, 2) else None
        return gs, g1, g2


register_nodes(globals())


# ---- the declarations ----------------------------------------------------------------------------
def _is_tensor(other):
    return isinstance(other, TensorBase)


declare("matmul", matmul, "Tensor other", inplace=False, fast_method=matmul_method, operators={
    "__matmul__": matmul_method(python_operator("__matmul__", matmul, accepts=_is_tensor)),
    "__rmatmul__": python_operator("__rmatmul__", matmul, accepts=lambda other: False)},
        doc="""The matrix product of ``input`` and ``other`` (``input @ other``).  Two vectors give
    their dot product, a matrix and a vector a matrix-vector product, and tensors of more than two
    dimensions a batch of matrix products over their broadcast leading dimensions.

    Args:
        other: the right-hand factor.
    """ + example(">>> a = torch.tensor([[1., 2.], [3., 4.]])", ">>> torch.matmul(a, torch.tensor([1., 1.]))",
                  "tensor([3., 7.])", ">>> (a @ a).shape", "torch.Size([2, 2])"))
declare("mm", mm, "Tensor mat2", inplace=False, fast_method=matmul_method,
    doc="""The product of the matrices ``input`` (n x m) and ``mat2`` (m x p), an n x p matrix.

    Args:
        mat2: the right-hand matrix.
    """ + example(">>> a = torch.tensor([[1., 2.], [3., 4.]])", ">>> torch.mm(a, a)",
                  "tensor([[ 7., 10.],", "        [15., 22.]])"))
declare("mv", mv, "Tensor vec", inplace=False,
    doc="""The product of the matrix ``input`` (n x m) and the vector ``vec`` (m), a vector of n.

    Args:
        vec: the vector.
    """ + example(">>> torch.mv(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 0.]))", "tensor([1., 3.])"))
declare("dot", dot, "Tensor tensor", inplace=False,
    doc="""The dot product of the 1-D tensors ``input`` and ``tensor``, a 0-d tensor.

    Args:
        tensor: the second vector, of ``input``'s size and dtype.
    """ + example(">>> torch.dot(torch.tensor([1., 2.]), torch.tensor([3., 4.]))", "tensor(11.)"))
declare("bmm", bmm, "Tensor mat2", inplace=False,
    doc="""The batch of matrix products of ``input`` (b x n x m) and ``mat2`` (b x m x p), b x n x p.

    Args:
        mat2: the batch of right-hand matrices.
    """ + example(">>> torch.bmm(torch.ones(2, 1, 3), torch.ones(2, 3, 1)).shape", "torch.Size([2, 1, 1])"))
declare("outer", outer, "Tensor vec2", inplace=False, aliases=("ger",),
    doc="""The outer product of the vectors ``input`` (n) and ``vec2`` (m): the n x m matrix of
    their products.

    Args:
        vec2: the second vector.
    """ + example(">>> torch.outer(torch.tensor([1., 2.]), torch.tensor([1., 10., 100.]))",
                  "tensor([[  1.,  10., 100.],", "        [  2.,  20., 200.]])"))
# the argument orders PyTorch still accepts with a warning (the scales first)
_DEPRECATED = ("Number beta, Tensor input, Number alpha, Tensor {}, Tensor {}",
               "Number beta, Tensor input, Tensor {}, Tensor {}")


def deprecated_orders(*operands):
    """The deprecated signatures of a ``beta * input + alpha * product(operands)`` op."""
    return tuple(text.format(*operands) for text in _DEPRECATED)


def _addmm_form(x, mat1, mat2, beta=1, alpha=1, out=None, inplace=False):
    """addmm's forms; in place (``addmm_``) the result is written over ``x``."""
    result = addmm(x, mat1, mat2, beta, alpha, out)
    return x.copy_(result) if inplace else result


declare("addmm", _addmm_form, "Tensor mat1, Tensor mat2, *, Number beta=1, Number alpha=1",
        deprecated=deprecated_orders("mat1", "mat2"),
            doc="""``beta * input + alpha * (mat1 @ mat2)``: a matrix product added to ``input``, which
    broadcasts to the product's shape.

    Args:
        mat1: the left matrix (n x m).
        mat2: the right matrix (m x p).
        beta: the multiplier of ``input``.
        alpha: the multiplier of the product.
    """ + example(
        ">>> a = torch.tensor([[1., 2.], [3., 4.]])", ">>> torch.addmm(torch.ones(2, 2), a, a, beta=0.5, alpha=2)",
                  "tensor([[14.5000, 20.5000],", "        [30.5000, 44.5000]])"))

