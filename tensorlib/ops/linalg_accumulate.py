"""Matrix products added to a tensor, declared in the registry with their nodes:
``baddbmm`` (beta * input + alpha * batch1 @ batch2), ``addbmm`` (the batch
products summed), ``addmv`` and ``addr``; and the products ``vdot``, ``inner``
and ``chain_matmul``.  The products run in bmm/mm/mv (their checks and
messages), so the forward shares their backend kernels."""
from .. import _dtype as D
from .._C import TensorBase
from .._type_names import not_implemented
from ..autograd.graph import register_nodes
from ..autograd.grad_mode import no_grad
from ._common import warn_user
from ._linalg_common import write_out
from ._op_docs import example
from ._registry import declare
from .linalg import DotBackward0, _dot_raw, deprecated_orders
from .linalg_products import legacy_vander, multi_dot
from .nodes._base import SavingNode, needs
from .nodes.linalg import scale
from .tensor_products import tensordot


def _accumulate(input, product, beta, alpha, node, operands, inplace, rounded_to=None):
    """beta * input + alpha * product (input broadcast to the product; beta 0 ignores it), rounded
    to ``rounded_to`` where given, recorded as ``node`` over (input, *operands); in place: written
    into ``input``."""
    if not product._dtype.is_floating_point:
        beta, alpha = int(beta), int(alpha)
    with no_grad():
        source = input.detach() if rounded_to is None else input.detach().to(product._dtype)
        result = _added(source, scale(product, alpha), beta)
        if rounded_to is not None:
            result = result.to(rounded_to)
        elif result is product:
            result = product.clone()
    return _record(input, result, product._shape, node, operands, beta, alpha, inplace)


def _added(input, term, beta):
    """term + beta * input (beta 0: the term alone, input's nan and inf ignored)."""
    return term + scale(input, beta) if beta != 0 else term


def _record(input, result, shape, node, operands, beta, alpha, inplace):
    """``result`` (expanded to ``shape``, the product's) recorded as ``node``; in place: written into ``input``."""
    if result._shape != tuple(shape):
        with no_grad():
            result = result.expand(tuple(shape)).clone()
    result = input._record_result(result, node, (input,) + operands, beta=beta, alpha=alpha)
    return input.copy_(result) if inplace else result


def _in_float32(a, b):
    """(a, b, their dtype) in float32 when they are one two-byte float dtype: PyTorch keeps their
    products in float32 until the result is rounded once; else (a, b, None) as they are (the
    product's own checks word a mismatch)."""
    a, b = a.detach(), b.detach()
    work = D.compute_dtype(a._dtype)
    if a._dtype is not b._dtype or work is a._dtype:
        return a, b, None
    return a.to(work), b.to(work), a._dtype


def baddbmm(input, batch1, batch2, beta=1, alpha=1, out=None, inplace=False):
    """beta * input + alpha * (batch1 @ batch2), per batch."""
    _refuse_bool(batch1, "baddbmm")
    a, b, rounded_to = _in_float32(batch1, batch2)
    with no_grad():
        product = a.bmm(b)
    return write_out(_accumulate(input, product, beta, alpha, "BaddbmmBackward0", (batch1, batch2), inplace,
                                 rounded_to), out)


def addbmm(input, batch1, batch2, beta=1, alpha=1, out=None, inplace=False):
    """beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i].  Two-byte floats
    are rounded after each batch's product is added, as PyTorch adds them one addmm at a time."""
    _refuse_bool(batch1, "addmm_impl_cpu_")
    a, b, rounded_to = _in_float32(batch1, batch2)
    with no_grad():
        products = a.bmm(b)
    if rounded_to is None or products._shape[0] == 0:
        with no_grad():
            product = products.sum(0) if rounded_to is None else products.sum(0).to(rounded_to)
        return write_out(_accumulate(input, product, beta, alpha, "AddbmmBackward0", (batch1, batch2), inplace),
                         out)
    with no_grad():
        result = _added(input.detach().to(products._dtype), scale(products[0], alpha), beta).to(rounded_to)
        for product in products[1:]:
            result = (result + scale(product, alpha)).to(rounded_to)
    return write_out(_record(input, result, products._shape[1:], "AddbmmBackward0", (batch1, batch2), beta, alpha,
                             inplace), out)


def addmv(input, mat, vec, beta=1, alpha=1, out=None, inplace=False):
    """beta * input + alpha * (mat @ vec)."""
    a, b, rounded_to = _in_float32(mat, vec)
    with no_grad():
        product = a.mv(b)
    return write_out(_accumulate(input, product, beta, alpha, "AddmvBackward0", (mat, vec), inplace, rounded_to),
                     out)


def addr(input, vec1, vec2, beta=1, alpha=1, out=None, inplace=False):
    """beta * input + alpha * the outer product of vec1 and vec2.  Two-byte floats are rounded
    after each step, beta and alpha first, as PyTorch's kernel computes
    ``input * beta + (alpha * vec1) * vec2`` in the tensors' dtype."""
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v.dim() != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.dim()}-D")
    if not input._dtype.is_floating_point:
        for name, value in (("beta", beta), ("alpha", alpha)):
            if isinstance(value, float):
                raise RuntimeError(f"For integral input tensors, argument {name} must not be a floating point number.")
    dtype = vec1._dtype
    if dtype is vec2._dtype and D.compute_dtype(dtype) is not dtype:
        with no_grad():
            rounded_beta, rounded_alpha = (vec1.new_full((), value).item() for value in (beta, alpha))
            term = scale(vec1.detach(), rounded_alpha).unsqueeze(1) * vec2.detach()
            result = _added(input.detach(), term, rounded_beta)
        shape = (vec1._shape[0], vec2._shape[0])
        return write_out(_record(input, result, shape, "AddrBackward0", (vec1, vec2), beta, alpha, inplace), out)
    with no_grad():
        product = vec1.detach().unsqueeze(1) * vec2.detach()
    return write_out(_accumulate(input, product, beta, alpha, "AddrBackward0", (vec1, vec2), inplace), out)


def _refuse_bool(t, kernel):
    if t._dtype is D.bool:
        raise not_implemented(kernel, t._dtype)


class _AddProductNode(SavingNode):
    """beta * input + alpha * f(a, b): the input's gradient is beta * G (the engine sums it to the
    input's shape); the operands' come from the product's formula ``_operand_grads``."""
    __slots__ = ("beta", "alpha")
    saved_names = ("a", "b")

    def setup(self, inputs, result, ctx):
        self.beta, self.alpha = ctx["beta"], ctx["alpha"]
        a, b = inputs[1], inputs[2]
        self._save(a, b)

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        ga, gb = self._operand_grads(g, a, b)
        return (scale(g, self.beta) if needs(self, 0) else None,
                scale(ga, self.alpha) if needs(self, 1) else None,
                scale(gb, self.alpha) if needs(self, 2) else None)


class BaddbmmBackward0(_AddProductNode):
    """The batch products' gradients: G @ batch2ᵀ and batch1ᵀ @ G."""
    __slots__ = ()

    def _operand_grads(self, g, a, b):
        return g.bmm(b.mT), a.mT.bmm(g)


class AddbmmBackward0(_AddProductNode):
    """G shared by every batch: G @ batch2[i]ᵀ and batch1[i]ᵀ @ G."""
    __slots__ = ()

    def _operand_grads(self, g, a, b):
        batched = g.expand((a._shape[0],) + g._shape)
        return batched.bmm(b.mT), a.mT.bmm(batched)


class AddmvBackward0(_AddProductNode):
    """G ⊗ vec and matᵀ G."""
    __slots__ = ()

    def _operand_grads(self, g, a, b):
        return g.unsqueeze(1) * b, a.mT.mv(g)


class AddrBackward0(_AddProductNode):
    """G vec2 and Gᵀ vec1."""
    __slots__ = ()

    def _operand_grads(self, g, a, b):
        return g.mv(b), g.mT.mv(a)


# ---- vdot / inner / chain_matmul -----------------------------------------------------------------
def vdot(a, b, out=None):
    """The dot product of two 1-D tensors (conjugating the first, a no-op for real dtypes)."""
    result = _dot_raw(a, b, out, "vdot")
    return result if out is not None else a._record_result(result, "VdotBackward0", (a, b))


class VdotBackward0(DotBackward0):
    """Real vectors: dot's formula."""
    __slots__ = ()


def inner(a, b, out=None):
    """The sum of products over the last dims (a product with a 0-d operand)."""
    if a.dim() == 0 or b.dim() == 0:
        result = a * b
    else:
        if a._shape[-1] != b._shape[-1]:
            raise RuntimeError(f"inner() the last dimension must match on both input tensors but got shapes "
                               f"{list(a._shape)} and {list(b._shape)}")
        result = tensordot(a, b, ([-1], [-1]))
    return write_out(result, out)


def chain_matmul(*matrices, out=None):
    """The product of two or more matrices, in the cheapest order (deprecated in PyTorch for
    :func:`tensorlib.linalg.multi_dot`; warns).

    Args:
        matrices (Tensor...): the 2-D factors, in order.
        out (Tensor, optional): the tensor to write the result into.

    Returns:
        Tensor: their product.
    """
    warn_user("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
              "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
              "parameters.")
    if len(matrices) == 1 and not isinstance(matrices[0], TensorBase):
        matrices = tuple(matrices[0])
    if len(matrices) == 1:
        if matrices[0].dim() != 2:
            raise RuntimeError(f"chain_matmul(): Tensor 0 must be 2D, but got {matrices[0].dim()}D")
        return write_out(matrices[0].clone(), out)
    return write_out(multi_dot(matrices), out)


register_nodes(globals())

_SIGNATURE = "Tensor {}, Tensor {}, *, Number beta=1, Number alpha=1"
_ACCUMULATED = {
    "baddbmm": (baddbmm, ("batch1", "batch2"), "the batch of matrix products ``batch1 @ batch2``",
                "b x n x m", "b x m x p", example(
                    ">>> batch1, batch2 = torch.ones(2, 1, 3), torch.ones(2, 3, 1)",
                    ">>> torch.baddbmm(torch.zeros(2, 1, 1), batch1, batch2, alpha=2).flatten()",
                    "tensor([6., 6.])")),
    "addbmm": (addbmm, ("batch1", "batch2"), "the sum over the batch of the matrix products ``batch1 @ batch2``",
               "b x n x m", "b x m x p", example(
                   ">>> torch.addbmm(torch.zeros(1, 1), torch.ones(2, 1, 3), torch.ones(2, 3, 1))", "tensor([[6.]])")),
    "addmv": (addmv, ("mat", "vec"), "the matrix-vector product ``mat @ vec``", "n x m", "m", example(
        ">>> torch.addmv(torch.tensor([1., 1.]), torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., 0.]))",
        "tensor([2., 4.])")),
    "addr": (addr, ("vec1", "vec2"), "the outer product of ``vec1`` and ``vec2``", "n", "m", example(
        ">>> torch.addr(torch.zeros(2, 2), torch.tensor([1., 2.]), torch.tensor([3., 4.]))",
        "tensor([[3., 4.],", "        [6., 8.]])")),
}
for _name, (_forward, _operands, _product, _first, _second, _usage) in _ACCUMULATED.items():
    declare(_name, _forward, _SIGNATURE.format(*_operands), deprecated=deprecated_orders(*_operands), doc=f"""
        ``beta * input + alpha * P``, where P is {_product}; ``input`` broadcasts to P's shape.

        Args:
            {_operands[0]}: the left operand ({_first}).
            {_operands[1]}: the right operand ({_second}).
            beta: the multiplier of ``input``.
            alpha: the multiplier of the product.
        """ + _usage)
declare("vdot", vdot, "Tensor other", inplace=False, doc="""The dot product of the 1-D tensors ``input`` and
    ``other`` (the first conjugated, for complex tensors).""" + example(
        ">>> torch.vdot(torch.tensor([1., 2.]), torch.tensor([3., 4.]))", "tensor(11.)"))
declare("inner", inner, "Tensor other", inplace=False, doc="""The inner product of ``input`` and ``other`` over
    their last dimension (a number times a tensor when either is 0-d).""" + example(
        ">>> torch.inner(torch.tensor([1., 2.]), torch.tensor([3., 4.]))", "tensor(11.)"))

vander = legacy_vander

FUNCTIONS = ("chain_matmul", "vander")
