"""What matrix-product nodes share (the operand saving, the scaling), the
formula of a batched matmul (recorded through UnsafeViewBackward0, see
nodes/shape.py) and the singular values' node (svdvals, ops/reductions.py).
The product ops' own nodes are declared with them in ops/linalg.py."""
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


def scale(t, s):
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
        u, s, vh = self._unpack()
        gu, gs, gvh = grads
        k = s.shape[-1]
        # full_matrices: only the first k columns of U (rows of Vh) reach A
        if u.shape[-1] > k:
            u, gu = u.narrow(-1, 0, k), (None if gu is None else gu.narrow(-1, 0, k))
        if vh.shape[-2] > k:
            vh, gvh = vh.narrow(-2, 0, k), (None if gvh is None else gvh.narrow(-2, 0, k))
        return (_svd_backward(u, s, vh, gu, gs, gvh),)


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
