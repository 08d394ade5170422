"""The backward nodes of the decompositions and solvers (ops/linalg_solvers.py,
ops/linalg_factorizations.py, ops/linalg_products.py), under PyTorch's names.
Every formula is written with tensorlib ops (the solvers' own included), so
under create_graph a gradient is differentiable again."""
from ..autograd.graph import register_nodes
from ._linalg_common import identity
from .joining import cat
from .linalg_solvers import cholesky_solve, inv, pinv, solve, solve_triangular
from .linalg_products import cross
from .nodes._base import SavingNode, needs


def _zeros_if_none(g, like):
    return like.new_zeros(like._shape) if g is None else g


def _scale(g, matrix):
    """A gradient of one value per matrix, spread over its matrix."""
    return g.unsqueeze(-1).unsqueeze(-1) * matrix


class _InputAndResultNode(SavingNode):
    """Saves the first input and the result (as this node's output)."""
    __slots__ = ()

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], result)
        self._save_output(1, result)


# ---- inverses and determinants -------------------------------------------------------------------
class LinalgInvExBackward0(SavingNode):
    """d(A⁻¹) = -A⁻¹ dA A⁻¹: the gradient -A⁻ᵀ G A⁻ᵀ."""
    __slots__ = ()
    saved_names = ("inverse",)

    def setup(self, inputs, result, ctx):
        self._save_result(result)

    def apply(self, grads):
        (inverse,) = self._unpack()
        return (-(inverse.mT @ grads[0] @ inverse.mT),)


class LinalgDetBackward0(_InputAndResultNode):
    """d det(A) = det(A) tr(A⁻¹ dA); for a singular A, through the SVD A = U S Vh, the gradient
    det(U) det(Vh) U diag(prod_{j≠i} s_j) Vh."""
    __slots__ = ()
    saved_names = ("A", "result")

    def apply(self, grads):
        a, det = self._unpack()
        g = grads[0]
        if bool((det != 0).all()):
            return (_scale(g * det, inv(a).mT),)
        from .linalg_factorizations import svd
        from .linalg_solvers import det as determinant
        u, s, vh = svd(a)
        k = s._shape[-1]
        eye = identity(k, s)
        others = (s.unsqueeze(-2) * (1 - eye) + eye).prod(-1)
        return (_scale(g * determinant(u) * determinant(vh), (u * others.unsqueeze(-2)) @ vh),)


class LinalgSlogdetBackward0(SavingNode):
    """d log|det A| = tr(A⁻¹ dA); the sign (real) has no gradient."""
    __slots__ = ()
    n_outputs = 2
    saved_names = ("A",)

    def setup(self, inputs, result, ctx):
        self._save(inputs[0])

    def apply(self, grads):
        (a,) = self._unpack()
        g = grads[1]
        if g is None:
            return (None,)
        return (_scale(g, inv(a).mT),)


# ---- solvers -------------------------------------------------------------------------------------
class LinalgSolveExBackward0(_InputAndResultNode):
    """X = A⁻¹ B: the gradient of B is A⁻ᵀ G, that of A is -(A⁻ᵀ G) Xᵀ; for X = B A⁻¹ (not
    ``left``) they are G A⁻ᵀ and -Xᵀ (G A⁻ᵀ)."""
    __slots__ = ("vector", "left")
    saved_names = ("A", "result")

    def setup(self, inputs, result, ctx):
        self.vector, self.left = ctx["vector"], ctx["left"]
        super().setup(inputs, result, ctx)

    def apply(self, grads):
        a, x = self._unpack()
        gb = solve(a.mT, grads[0], left=self.left)
        ga = None
        if needs(self, 0):
            gm, xm = (gb.unsqueeze(-1), x.unsqueeze(-1)) if self.vector else (gb, x)
            ga = -(gm @ xm.mT) if self.left else -(xm.mT @ gm)
        return ga, (gb if needs(self, 1) else None)


class LinalgSolveTriangularBackward0(_InputAndResultNode):
    """X = T⁻¹ B (or B T⁻¹): the gradient of B solves with Tᵀ, that of A is -(gB Xᵀ) (or
    -(Xᵀ gB)) kept on T's triangle (off its diagonal when unitriangular)."""
    __slots__ = ("upper", "left", "unitriangular")
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self.upper, self.left, self.unitriangular = ctx["upper"], ctx["left"], ctx["unitriangular"]
        super().setup(inputs, result, ctx)

    def apply(self, grads):
        a, x = self._unpack()
        gb = solve_triangular(a.mT, grads[0], upper=not self.upper, left=self.left, unitriangular=self.unitriangular)
        ga = None
        if needs(self, 0):
            ga = -(gb @ x.mT) if self.left else -(x.mT @ gb)
            diagonal = int(self.unitriangular)
            ga = ga.triu(diagonal) if self.upper else ga.tril(-diagonal)
        return ga, (gb if needs(self, 1) else None)


class TriangularSolveBackward0(SavingNode):
    """torch.triangular_solve(b, A): the solver's formulas for T = A (Aᵀ when ``transpose``)."""
    __slots__ = ("upper", "transpose", "unitriangular")
    saved_names = ("A", "solution")

    def setup(self, inputs, result, ctx):
        self.upper, self.transpose, self.unitriangular = ctx["upper"], ctx["transpose"], ctx["unitriangular"]
        self._save(inputs[1], result)
        self._save_output(1, result)

    def apply(self, grads):
        a, x = self._unpack()
        matrix, upper = (a.mT, not self.upper) if self.transpose else (a, self.upper)
        gb = solve_triangular(matrix.mT, grads[0], upper=not upper, unitriangular=self.unitriangular)
        ga = None
        if needs(self, 1):
            ga = -(gb @ x.mT)
            diagonal = int(self.unitriangular)
            ga = ga.triu(diagonal) if upper else ga.tril(-diagonal)
            ga = ga.mT if self.transpose else ga
        return (gb if needs(self, 0) else None), ga


class LinalgCholeskyExBackward0(SavingNode):
    """A = L Lᵀ: the gradient sym(L⁻ᵀ Φ(Lᵀ Ḡ) L⁻¹), Φ the lower triangle with half its diagonal."""
    __slots__ = ("upper",)
    saved_names = ("L",)

    def setup(self, inputs, result, ctx):
        self.upper = ctx["upper"]
        self._save_result(result)

    def apply(self, grads):
        (factor,) = self._unpack()
        lower, g = (factor.mT, grads[0].mT) if self.upper else (factor, grads[0])
        phi = lower.mT @ g.tril()
        phi = phi.tril(-1) + 0.5 * phi.diagonal(0, -2, -1).diag_embed()
        lower_inv = solve_triangular(lower, identity(lower._shape[-1], lower), upper=False)
        ga = lower_inv.mT @ phi @ lower_inv
        return (0.5 * (ga + ga.mT),)


class CholeskyBackward0(LinalgCholeskyExBackward0):
    """``torch.cholesky``'s node: the same formula."""
    __slots__ = ()


class LinalgPinvBackward0(_InputAndResultNode):
    """P = A⁺: the gradient -Pᵀ G Pᵀ + (I - A P) Gᵀ P Pᵀ + Pᵀ P Gᵀ (I - P A) (A of constant rank)."""
    __slots__ = ()
    saved_names = ("self", "result")

    def apply(self, grads):
        a, p = self._unpack()
        return (pinv_backward(grads[0], a, p),)


def pinv_backward(g, a, p):
    """The gradient of ``A`` from that of its pseudo-inverse ``P`` (see LinalgPinvBackward0)."""
    pt = p.mT
    right = g.mT @ p @ pt
    left = pt @ p @ g.mT
    return -(pt @ g @ pt) + right - a @ (p @ right) + left - (left @ p) @ a


class LinalgLstsqBackward0(SavingNode):
    """X = A⁺ B: the gradient of B is A⁺ᵀ G, that of A the pseudo-inverse's for G Bᵀ."""
    __slots__ = ()
    saved_names = ("self", "b")

    def setup(self, inputs, result, ctx):
        self._save(inputs[0], inputs[1])

    def apply(self, grads):
        a, b = self._unpack()
        p = pinv(a)
        g = grads[0]
        ga = pinv_backward(g @ b.mT, a, p) if needs(self, 0) else None
        return ga, (p.mT @ g if needs(self, 1) else None)


class CholeskySolveBackward0(_InputAndResultNode):
    """X = A⁻¹ B with A = L Lᵀ: the gradient of B is A⁻¹ G; L's is -(Ḡb Xᵀ + X Ḡbᵀ) L (Uᵀ's mirror)."""
    __slots__ = ("upper",)
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self.upper = ctx["upper"]
        self._save(inputs[1], result)
        self._save_output(1, result)

    def apply(self, grads):
        factor, x = self._unpack()
        gb = cholesky_solve(grads[0], factor, self.upper)
        gl = None
        if needs(self, 1):
            common = gb @ x.mT
            common = common + common.mT
            gl = -(factor @ common) if self.upper else -(common @ factor)
        return (gb if needs(self, 0) else None), gl


class CholeskyInverseBackward0(_InputAndResultNode):
    """R = (L Lᵀ)⁻¹: the gradient of L is -R (G + Gᵀ) R L (its mirror for U)."""
    __slots__ = ("upper",)
    saved_names = ("self", "result")

    def setup(self, inputs, result, ctx):
        self.upper = ctx["upper"]
        super().setup(inputs, result, ctx)

    def apply(self, grads):
        factor, inverse = self._unpack()
        common = inverse @ (grads[0] + grads[0].mT) @ inverse
        return (-(factor @ common) if self.upper else -(common @ factor),)


# ---- factorisations --------------------------------------------------------------------------------
class LinalgEighBackward0(SavingNode):
    """A = V diag(L) Vᵀ: the gradient V (diag(Ḡl) + skew(Vᵀ Ḡv) / E) Vᵀ, E_ij = L_j - L_i."""
    __slots__ = ()
    n_outputs = 2
    saved_names = ("eigenvalues", "eigenvectors")

    def setup(self, inputs, result, ctx):
        self._save(*result)
        for i, factor in enumerate(result):
            self._save_output(i, factor, i)

    def apply(self, grads):
        values, vectors = self._unpack()
        gl, gv = grads
        middle = _zeros_if_none(gl, values).diag_embed()
        if gv is not None:
            inner = vectors.mT @ gv
            eye = identity(values._shape[-1], values)
            gaps = values.unsqueeze(-2) - values.unsqueeze(-1) + eye
            middle = middle + 0.5 * (inner - inner.mT) / gaps
        return (vectors @ middle @ vectors.mT,)


class LinalgQrBackward0(SavingNode):
    """A = Q R (mode 'reduced', or 'complete' with rows <= cols): for rows >= cols the gradient
    (Ḡq + Q copyltu(M)) R⁻ᵀ, M = R Ḡrᵀ - Ḡqᵀ Q; wider matrices split A = [X | Y] and
    differentiate X's square factorisation."""
    __slots__ = ("mode",)
    n_outputs = 2
    saved_names = ("Q", "R")

    def setup(self, inputs, result, ctx):
        self.mode = ctx["mode"]
        self._save(*result)
        for i, factor in enumerate(result):
            self._save_output(i, factor, i)

    def apply(self, grads):
        q, r = self._unpack()
        if self.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        m, n = q._shape[-2], r._shape[-1]
        if self.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        gq, gr = _zeros_if_none(grads[0], q), _zeros_if_none(grads[1], r)
        if m >= n:
            return (_qr_square_backward(q, r, gq, gr),)
        square, rest = r[..., :, :m], r[..., :, m:]
        g_square, g_rest = gr[..., :, :m], gr[..., :, m:]
        y = q @ rest   # Y = Q R_rest also moves with Q
        gx = _qr_square_backward(q, square, gq + y @ g_rest.mT, g_square)
        return (cat([gx, q @ g_rest], -1),)


def _qr_square_backward(q, r, gq, gr):
    """The gradient of A = Q R for rows >= cols."""
    m = r @ gr.mT - gq.mT @ q
    copied = m.tril() + m.tril(-1).mT
    b = gq + q @ copied
    return solve_triangular(r.mT, b, upper=False, left=False)


# ---- vector products ---------------------------------------------------------------------------
class LinalgCrossBackward0(SavingNode):
    """c = a × b: the gradients b × G and G × a."""
    __slots__ = ("dim",)
    saved_names = ("self", "other")

    def setup(self, inputs, result, ctx):
        self.dim = ctx["dim"]
        self._save(inputs[0], inputs[1])

    def apply(self, grads):
        a, b = self._unpack()
        g = grads[0]
        return (cross(b, g, dim=self.dim) if needs(self, 0) else None,
                cross(g, a, dim=self.dim) if needs(self, 1) else None)


register_nodes(globals())
