"""Matrix product nodes (``matmul`` itself is dispatched by the math layer to
these and to view nodes: SqueezeBackward4, UnsafeViewBackward0, as PyTorch does),
and the singular values' node."""
import numpy as np

from ..._tensor import host_tensor
from ._base import SavingNode, needs, rg


class _TwoOperandNode(SavingNode):
    """Saves ``self`` only when the second operand needs a gradient and the
    second operand only when ``self`` does."""
    __slots__ = ()
    saved_names = ("self", "mat2")

    def setup(self, inputs, result, ctx):
        a, b = inputs[0], inputs[1]
        self._save(a if rg(b) else None, b if rg(a) else None)


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


def _scale(t, s):
    return t if s == 1 else t * s


class _MatmulFormula(_TwoOperandNode):
    """The backward of a general broadcasting matmul (1-D operands promoted as
    matmul does), run by an UnsafeViewBackward0 that a batched matmul records
    for its whole product (never recorded under a name of its own); the engine
    reduces broadcast batch dims."""
    __slots__ = ("a_dim", "b_dim")
    saved_names = ("self", "other")

    def setup(self, inputs, result, ctx):
        a, b = inputs[0], inputs[1]
        self.a_dim, self.b_dim = a.dim(), b.dim()
        self._save(a if rg(b) else None, b if rg(a) else None)

    def apply(self, grads):
        g = grads[0]
        a, b = self._unpack()
        a1, b1 = self.a_dim == 1, self.b_dim == 1
        if a1:
            g = g.unsqueeze(-2)
        if b1:
            g = g.unsqueeze(-1)
        ga = gb = None
        if needs(self, 0):
            bm = b.unsqueeze(-1) if b1 else b
            ga = g.matmul(bm.transpose(-1, -2))
            if a1:
                ga = ga.squeeze(-2)
        if needs(self, 1):
            am = a.unsqueeze(0) if a1 else a
            gb = am.transpose(-1, -2).matmul(g)
            if b1:
                gb = gb.squeeze(-1)
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
        gs = _scale(g, self.beta) if needs(self, 0) else None
        g1 = _scale(_mat1_grad(g, m2, self.layouts[0]), self.alpha) if needs(self, 1) else None
        g2 = _scale(_mat2_grad(g, m1, self.layouts[1]), self.alpha) if needs(self, 2) else None
        return gs, g1, g2


class LinalgSvdBackward0(SavingNode):
    """The thin SVD ``(U, S, Vh)`` of each matrix (svdvals is its output 1).  Every
    formula is built from tensorlib ops on the saved factors, so under
    create_graph the gradient is differentiable again through this node."""
    __slots__ = ()
    n_outputs = 3
    saved_names = ("U", "S", "Vh")

    def setup(self, inputs, result, ctx):
        self._save(*result)
        for i, factor in enumerate(result):
            self._save_output(i, factor, i)

    def apply(self, grads):
        return (_svd_backward(*self._unpack(), *grads),)


def _svd_backward(u, s, vh, gu, gs, gvh):
    """The gradient of ``A`` from those of its thin SVD ``U diag(S) Vh`` (Townsend,
    "Differentiating the Singular Value Decomposition", 2016), for distinct
    non-zero singular values:

    U [F∘(UᵀḠu − ḠuᵀU) S + diag(Ḡs) + S F∘(VᵀḠv − ḠvᵀV)] Vh
      + (I − UUᵀ) Ḡu S⁻¹ Vh + U S⁻¹ Ḡvh (I − VVᵀ),   F_ij = 1 / (s_j² − s_i²), F_ii = 0."""
    k = s.shape[-1]
    eye = _identity(k, s)
    middle = (s.new_zeros(s.shape) if gs is None else gs).unsqueeze(-1) * eye
    if gu is not None or gvh is not None:
        s2 = s * s
        f = (1 - eye) / (s2.unsqueeze(-2) - s2.unsqueeze(-1) + eye)   # eye in the divisor: no 0-division
        if gu is not None:
            j = u.mT @ gu
            middle = middle + f * (j - j.mT) * s.unsqueeze(-2)
        if gvh is not None:
            kv = vh @ gvh.mT
            middle = middle + s.unsqueeze(-1) * (f * (kv - kv.mT))
    grad = u @ (middle @ vh)
    if gu is not None and u.shape[-2] > k:
        grad = grad + ((gu - u @ (u.mT @ gu)) / s.unsqueeze(-2)) @ vh
    if gvh is not None and vh.shape[-1] > k:
        grad = grad + u @ ((gvh - (gvh @ vh.mT) @ vh) / s.unsqueeze(-1))
    return grad


def _identity(k, like):
    """The k x k identity in the dtype and device of ``like``."""
    return host_tensor(np.eye(k), like.dtype, like.device)
