"""torch.linalg, einsum and the tensor products against PyTorch itself: values,
dtypes, result types, errors (class and message), backward node names and
gradients, each call run the same way through both libraries."""
import warnings

import numpy as np
import pytest

import tensorlib

from parity import real_torch

pytestmark = pytest.mark.parity


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _inputs(lib, seed=0):
    """The same sample tensors, made by ``lib`` (float64 unless named otherwise)."""
    rng = np.random.default_rng(seed)

    def make(*shape, dtype="float64"):
        return lib.tensor(rng.standard_normal(shape)).to(getattr(lib, dtype))
    square = make(2, 3, 3)
    return {
        "A": square, "M": make(3, 3), "T": make(4, 3), "B": make(3, 2), "v": make(3), "w": make(3),
        "S": square @ square.mT + 3 * lib.eye(3, dtype=lib.float64), "f": make(3, 3, dtype="float32"),
        "L": make(3, 3).to(lib.int64), "H": make(3, 3).to(lib.float16), "X": make(2, 5, 3), "Y": make(4, 3),
    }


# name: (fn(lib, tensors) -> tensor or tuple)
CALLS = {
    "inv": lambda lib, t: lib.linalg.inv(t["A"]),
    "inverse": lambda lib, t: lib.inverse(t["M"]),
    "inv_ex": lambda lib, t: lib.linalg.inv_ex(t["A"]),
    "inv singular": lambda lib, t: lib.linalg.inv(lib.zeros(3, 3)),
    "inv batch singular": lambda lib, t: lib.linalg.inv(lib.zeros(2, 3, 3)),
    "inv_ex check_errors": lambda lib, t: lib.linalg.inv_ex(lib.zeros(2, 2), check_errors=True),
    "inv long": lambda lib, t: lib.linalg.inv(t["L"]),
    "inv half": lambda lib, t: lib.linalg.inv(t["H"]),
    "inv 1-d": lambda lib, t: lib.linalg.inv(t["v"]),
    "inv not square": lambda lib, t: lib.linalg.inv(t["T"]),
    "det": lambda lib, t: lib.linalg.det(t["A"]),
    "det method": lambda lib, t: t["M"].det(),
    "det half": lambda lib, t: lib.linalg.det(t["H"]),
    "det long": lambda lib, t: lib.det(t["L"]),
    "slogdet": lambda lib, t: lib.linalg.slogdet(t["A"]),
    "torch.slogdet": lambda lib, t: lib.slogdet(t["M"]),
    "slogdet half": lambda lib, t: lib.linalg.slogdet(t["H"]),
    "logdet": lambda lib, t: lib.logdet(t["A"]),
    "logdet long": lambda lib, t: lib.logdet(t["L"]),
    "solve": lambda lib, t: lib.linalg.solve(t["A"], t["B"]),
    "solve vector": lambda lib, t: lib.linalg.solve(t["A"], t["v"]),
    "solve right": lambda lib, t: lib.linalg.solve(t["M"], t["B"].mT, left=False),
    "solve singular": lambda lib, t: lib.linalg.solve(lib.zeros(2, 3, 3), lib.zeros(2, 3)),
    "solve shapes": lambda lib, t: lib.linalg.solve(t["M"], lib.zeros(4, dtype=lib.float64)),
    "solve dtypes": lambda lib, t: lib.linalg.solve(t["M"], t["f"]),
    "solve_ex": lambda lib, t: lib.linalg.solve_ex(t["M"], t["v"]),
    "solve_triangular": lambda lib, t: lib.linalg.solve_triangular(t["S"], t["B"], upper=True),
    "solve_triangular left=False": lambda lib, t: lib.linalg.solve_triangular(t["S"], t["B"].mT, upper=False,
                                                                               left=False, unitriangular=True),
    "solve_triangular shapes": lambda lib, t: lib.linalg.solve_triangular(t["M"], t["B"], upper=True, left=False),
    "solve_triangular long": lambda lib, t: lib.linalg.solve_triangular(t["L"], t["L"], upper=True),
    "cholesky": lambda lib, t: lib.linalg.cholesky(t["S"]),
    "cholesky upper": lambda lib, t: lib.linalg.cholesky(t["S"], upper=True),
    "cholesky_ex": lambda lib, t: lib.linalg.cholesky_ex(-t["S"]),
    "cholesky not pd": lambda lib, t: lib.linalg.cholesky(lib.diag(lib.tensor([1.0, -1.0, 1.0]))),
    "cholesky long": lambda lib, t: lib.linalg.cholesky(t["L"]),
    "torch.cholesky": lambda lib, t: lib.cholesky(t["S"]),
    "qr": lambda lib, t: lib.linalg.qr(t["T"]),
    "qr complete": lambda lib, t: lib.linalg.qr(t["T"].mT, mode="complete"),
    "qr r": lambda lib, t: lib.linalg.qr(t["T"], mode="r"),
    "qr mode": lambda lib, t: lib.linalg.qr(t["T"], mode="x"),
    "eigh": lambda lib, t: lib.linalg.eigh(t["S"]),
    "eigh U": lambda lib, t: lib.linalg.eigh(t["S"], UPLO="U"),
    "eigvalsh": lambda lib, t: lib.linalg.eigvalsh(t["S"]),
    "eigh long": lambda lib, t: lib.linalg.eigh(t["L"]),
    "eigh UPLO": lambda lib, t: lib.linalg.eigh(t["S"], UPLO="X"),
    "svdvals": lambda lib, t: lib.linalg.svdvals(t["T"]),
    "svd S": lambda lib, t: lib.linalg.svd(t["T"]).S,
    "svd half": lambda lib, t: lib.linalg.svd(t["H"]),
    "torch.svd S": lambda lib, t: lib.svd(t["T"]).S,
    "pinv": lambda lib, t: lib.linalg.pinv(t["T"]),
    "pinv hermitian": lambda lib, t: lib.linalg.pinv(t["S"], hermitian=True),
    "pinv atol": lambda lib, t: lib.linalg.pinv(t["T"], atol=1.0),
    "pinverse": lambda lib, t: lib.pinverse(t["T"]),
    "pinv long": lambda lib, t: lib.linalg.pinv(t["L"]),
    "lstsq": lambda lib, t: lib.linalg.lstsq(t["T"], t["T"][:, :2]),
    "lstsq gelsd": lambda lib, t: lib.linalg.lstsq(t["T"], t["T"][:, :2], driver="gelsd"),
    "lstsq shapes": lambda lib, t: lib.linalg.lstsq(t["T"], t["B"]),
    "matrix_rank": lambda lib, t: lib.linalg.matrix_rank(t["T"]),
    "matrix_rank hermitian": lambda lib, t: lib.linalg.matrix_rank(t["S"], hermitian=True),
    "matrix_rank atol": lambda lib, t: lib.linalg.matrix_rank(t["T"], atol=2.0, rtol=0.0),
    "matrix_rank long": lambda lib, t: lib.linalg.matrix_rank(t["L"]),
    "matrix_power": lambda lib, t: lib.linalg.matrix_power(t["A"], 3),
    "matrix_power -2": lambda lib, t: lib.linalg.matrix_power(t["M"], -2),
    "matrix_power 0": lambda lib, t: lib.matrix_power(t["M"], 0),
    "matrix_power 1": lambda lib, t: t["M"].matrix_power(1),
    "matrix_power shape": lambda lib, t: lib.linalg.matrix_power(t["T"], 2),
    "matrix_exp": lambda lib, t: lib.linalg.matrix_exp(t["A"]),
    "cross": lambda lib, t: lib.linalg.cross(t["A"], t["M"]),
    "cross dims": lambda lib, t: lib.linalg.cross(t["T"][:, :2], t["T"][:, :2]),
    "cross ndim": lambda lib, t: lib.linalg.cross(t["A"], t["v"]),
    "multi_dot": lambda lib, t: lib.linalg.multi_dot([t["v"], t["M"], t["B"]]),
    "multi_dot one": lambda lib, t: lib.linalg.multi_dot([t["M"]]),
    "multi_dot dtypes": lambda lib, t: lib.linalg.multi_dot([t["M"], t["f"]]),
    "vecdot": lambda lib, t: lib.linalg.vecdot(t["A"], t["M"]),
    "vecdot dtypes": lambda lib, t: lib.linalg.vecdot(t["M"], t["f"]),
    "diagonal": lambda lib, t: lib.linalg.diagonal(t["A"], offset=1),
    "norm": lambda lib, t: lib.linalg.norm(t["A"]),
    "norm nuc": lambda lib, t: lib.linalg.norm(t["M"], "nuc"),
    "norm 3d ord": lambda lib, t: lib.linalg.norm(t["A"], 2),
    "norm dims": lambda lib, t: lib.linalg.norm(t["A"], dim=(0, 1, 2)),
    "vector_norm": lambda lib, t: lib.linalg.vector_norm(t["A"], 3, dim=(0, 2), keepdim=True),
    "vector_norm inf": lambda lib, t: lib.linalg.vector_norm(t["A"], float("inf")),
    "vector_norm narrowing": lambda lib, t: lib.linalg.vector_norm(t["A"], dtype=lib.float32),
    "matrix_norm 2": lambda lib, t: lib.linalg.matrix_norm(t["A"], 2),
    "matrix_norm 1": lambda lib, t: lib.linalg.matrix_norm(t["A"], 1),
    "matrix_norm -inf": lambda lib, t: lib.linalg.matrix_norm(t["A"], -float("inf"), dim=(0, 2)),
    "matrix_norm nuc": lambda lib, t: lib.linalg.matrix_norm(t["A"], "nuc", keepdim=True),
    "matrix_norm order": lambda lib, t: lib.linalg.matrix_norm(t["A"], 3),
    "matrix_norm same dims": lambda lib, t: lib.linalg.matrix_norm(t["A"], dim=(0, 0)),
    "matrix_norm long": lambda lib, t: lib.linalg.matrix_norm(t["L"]),
    "tensor.norm": lambda lib, t: t["A"].norm(),
    "torch.norm p dims": lambda lib, t: lib.norm(t["A"], p=2, dim=(0, 1)),
    "torch.norm fro dim": lambda lib, t: lib.norm(t["A"], "fro", dim=1, keepdim=True),
    "torch.norm nuc 3-d": lambda lib, t: lib.norm(t["A"], "nuc"),
    "torch.norm nuc dims": lambda lib, t: t["A"].norm("nuc", dim=(1, 2)),
    "torch.norm fro 3 dims": lambda lib, t: lib.norm(t["A"], "fro", dim=(0, 1, 2)),
    "torch.norm order": lambda lib, t: lib.norm(t["A"], "abc"),
    "torch.norm narrowing": lambda lib, t: lib.norm(t["A"], 3, dtype=lib.float32),
    "einsum": lambda lib, t: lib.einsum("bij,jk->bik", t["A"], t["B"]),
    "einsum list": lambda lib, t: lib.einsum("ij,jk", [t["M"], t["B"]]),
    "einsum diagonal": lambda lib, t: lib.einsum("...ii->...i", t["A"]),
    "einsum trace": lambda lib, t: lib.einsum("ii", t["M"]),
    "einsum outer": lambda lib, t: lib.einsum("i,j->ij", t["v"], t["w"]),
    "einsum three": lambda lib, t: lib.einsum("i,ij,jk->k", t["v"], t["M"], t["B"]),
    "einsum sublist": lambda lib, t: lib.einsum(t["M"], [0, 1], t["B"], [1, 2], [0, 2]),
    "einsum operands": lambda lib, t: lib.einsum("ij,jk->ik", t["M"]),
    "einsum subscript": lambda lib, t: lib.einsum("ij,jk->iz", t["M"], t["B"]),
    "einsum sizes": lambda lib, t: lib.einsum("ij,ij->ij", t["M"], t["B"]),
    "einsum dims": lambda lib, t: lib.einsum("ijk,jk->ik", t["M"], t["B"]),
    "einsum repeated": lambda lib, t: lib.einsum("ij,kk->ij", t["M"], t["B"]),
    "einsum char": lambda lib, t: lib.einsum("i1,jk->ij", t["M"], t["B"]),
    "tensordot": lambda lib, t: lib.tensordot(t["A"], t["B"], ([2], [0])),
    "tensordot 2": lambda lib, t: lib.tensordot(t["A"], t["A"], 2),
    "tensordot mismatch": lambda lib, t: lib.tensordot(t["A"], t["B"], 2),
    "kron": lambda lib, t: lib.kron(t["M"], t["B"]),
    "cdist": lambda lib, t: lib.cdist(t["X"], t["Y"]),
    "cdist p=1": lambda lib, t: lib.cdist(t["X"], t["Y"], p=1),
    "cdist columns": lambda lib, t: lib.cdist(t["X"], t["B"]),
    "cdist long": lambda lib, t: lib.cdist(t["L"], t["L"]),
    "trace": lambda lib, t: lib.trace(t["M"]),
    "trace long": lambda lib, t: lib.trace(t["L"]),
    "trace 1-d": lambda lib, t: lib.trace(t["v"]),
    "diag_embed": lambda lib, t: lib.diag_embed(t["A"], 1, 0, 2),
    "diagonal dims": lambda lib, t: t["A"].diagonal(0, 1, 1),
    "block_diag": lambda lib, t: lib.block_diag(t["M"], t["v"], t["B"]),
    "block_diag 3-d": lambda lib, t: lib.block_diag(t["M"], t["A"]),
    "cartesian_prod": lambda lib, t: lib.cartesian_prod(t["v"], t["w"]),
    "meshgrid": lambda lib, t: lib.meshgrid(t["v"], t["w"][:2], indexing="xy"),
    "meshgrid indexing": lambda lib, t: lib.meshgrid(t["v"], t["w"], indexing="x"),
    "cholesky_solve": lambda lib, t: lib.cholesky_solve(t["B"], lib.linalg.cholesky(t["S"])),
    "cholesky_solve upper": lambda lib, t: lib.cholesky_solve(t["B"], lib.linalg.cholesky(t["S"]).mT, upper=True),
    "cholesky_inverse": lambda lib, t: lib.cholesky_inverse(lib.linalg.cholesky(t["S"])),
    "cholesky_solve long": lambda lib, t: lib.cholesky_solve(t["L"], t["L"]),
    "cond": lambda lib, t: lib.linalg.cond(t["A"]),
    "cond -2": lambda lib, t: lib.linalg.cond(t["T"], -2),
    "cond nuc": lambda lib, t: lib.linalg.cond(t["A"].detach(), "nuc"),
    "cond order": lambda lib, t: lib.linalg.cond(t["A"], 3),
    "tensorinv": lambda lib, t: lib.linalg.tensorinv(t["X"][0].reshape(3, 5)[:, :3].reshape(3, 3, 1), ind=1),
    "tensorinv ind": lambda lib, t: lib.linalg.tensorinv(t["A"], ind=0),
    "tensorsolve": lambda lib, t: lib.linalg.tensorsolve(t["A"].reshape(3, 2, 3), t["B"].mT),
    "tril_indices": lambda lib, t: lib.tril_indices(4, 3, 1),
    "triu_indices": lambda lib, t: lib.triu_indices(3, 5, -1, dtype=lib.int32),
    "diagflat": lambda lib, t: lib.diagflat(t["M"], -2),
    "lu_factor": lambda lib, t: lib.linalg.lu_factor(t["A"]),
    "lu_factor_ex tall": lambda lib, t: lib.linalg.lu_factor_ex(t["T"]),
    "lu": lambda lib, t: lib.linalg.lu(t["T"].mT),
    "lu_unpack": lambda lib, t: lib.lu_unpack(*lib.linalg.lu_factor(t["T"])),
    "lu_solve": lambda lib, t: lib.linalg.lu_solve(*lib.linalg.lu_factor(t["A"]), t["B"]),
    "lu_solve left=False": lambda lib, t: lib.linalg.lu_solve(*lib.linalg.lu_factor(t["M"]), t["B"].mT, left=False),
    "lu singular": lambda lib, t: lib.linalg.lu_factor(lib.zeros(2, 3, 3)),
    "torch.lu": lambda lib, t: lib.lu(t["M"], get_infos=True),
    "matrix_norm 2 empty": lambda lib, t: lib.linalg.matrix_norm(lib.zeros(2, 0, 3), 2),
    "cond empty": lambda lib, t: lib.linalg.cond(lib.zeros(2, 0, 0), "fro"),
    "vander": lambda lib, t: lib.vander(t["v"]),
    "vander increasing": lambda lib, t: lib.vander(t["v"], N=2, increasing=True),
    "vander 2-d": lambda lib, t: lib.vander(t["M"]),
    "vander N": lambda lib, t: lib.vander(t["v"], N=-1),
    "vander long": lambda lib, t: lib.vander(t["L"][0], N=4),
    "linalg.vander": lambda lib, t: lib.linalg.vander(t["M"], N=4),
    "linalg.vander 0-d": lambda lib, t: lib.linalg.vander(t["v"][0]),
    "torch.qr": lambda lib, t: lib.qr(t["T"], some=False)[1],
    "triangular_solve": lambda lib, t: lib.triangular_solve(t["B"], t["S"], transpose=True),
    "triangular_solve lower unit": lambda lib, t: t["B"].triangular_solve(t["S"], False, False, True),
    "triangular_solve 1-d": lambda lib, t: lib.triangular_solve(t["v"], t["S"]),
    "mH": lambda lib, t: t["A"].mH,
    "H": lambda lib, t: t["T"].H,
    "H batch": lambda lib, t: t["A"].H,
    "mH vector": lambda lib, t: t["v"].mH,
    "adjoint": lambda lib, t: lib.adjoint(t["A"]),
    "adjoint vector": lambda lib, t: t["v"].adjoint(),
    "conj": lambda lib, t: lib.conj(t["A"]) + t["M"].resolve_conj() + t["M"].conj_physical(),
    "chain_matmul": lambda lib, t: lib.chain_matmul(t["M"], t["B"]),
    "chain_matmul one": lambda lib, t: lib.chain_matmul(t["M"]),
    "baddbmm broadcast": lambda lib, t: lib.baddbmm(t["v"], t["A"], t["B"].expand(2, 3, 2)[..., :1].expand(2, 3, 3)),
    "addr integral beta": lambda lib, t: lib.addr(t["L"], t["L"][0], t["L"][1], beta=0.5),
    "broadcast_tensors": lambda lib, t: lib.broadcast_tensors(t["A"], t["v"]),
    "broadcast_shapes": lambda lib, t: lib.broadcast_shapes((2, 1), (3,), 1),
    "broadcast_shapes mismatch": lambda lib, t: lib.broadcast_shapes((2, 3, 4), (5, 4)),
}


# PyTorch's inverse is column-major (LAPACK's layout), so tensorinv's reshape is an alias there;
# torch.vander writes into a slice (CopySlices), whose backward fails in PyTorch itself;
# triangular_solve's cloned coefficient is a clone here, an output of the solver's node there
NODE_NAMES_DIFFER = {"tensorinv", "vander", "vander increasing", "triangular_solve", "triangular_solve lower unit"}


def _outcome(lib, name, grad):
    tensors = _inputs(lib)
    if grad:
        tensors = {k: v.requires_grad_() if v.is_floating_point() and v.dtype != lib.float16 else v
                   for k, v in tensors.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = CALLS[name](lib, tensors)
        except Exception as error:  # noqa: BLE001  (the outcome compared is the error itself)
            return (type(error).__name__, str(error)), tensors
    return result, tensors


def _parts(result):
    return list(result) if isinstance(result, tuple) else [result]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_values_types_and_errors_match_pytorch(torch, name):
    ours, _ = _outcome(tensorlib, name, False)
    theirs, _ = _outcome(torch, name, False)
    if isinstance(theirs, tuple) and isinstance(theirs[0], str):
        assert ours == theirs
        return
    assert type(ours).__name__ == type(theirs).__name__
    if isinstance(theirs, torch.Size):
        assert tuple(ours) == tuple(theirs)
        return
    for a, b in zip(_parts(ours), _parts(theirs)):
        assert str(a.dtype) == str(b.dtype) and tuple(a.shape) == tuple(b.shape)
        if name.startswith(("qr", "eigh", "svd")) and a.dim() >= 2 or name == "cholesky_ex" and a.is_floating_point():
            continue   # factors are unique up to signs; a failed factorisation's values are LAPACK's scratch
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_node_names_and_gradients_match_pytorch(torch, name):
    ours, our_inputs = _outcome(tensorlib, name, True)
    theirs, their_inputs = _outcome(torch, name, True)
    if isinstance(theirs, tuple) and isinstance(theirs[0], str) or isinstance(theirs, torch.Size):
        return
    pairs = list(zip(_parts(ours), _parts(theirs)))
    if name.startswith("lstsq"):
        pairs = pairs[:1]   # PyTorch's residuals are an output of its lstsq node, ours are computed from X
    differentiable = [(a, b) for a, b in pairs if b.grad_fn is not None]
    if name not in NODE_NAMES_DIFFER:
        assert [a.grad_fn.name() if a.grad_fn is not None else None for a, _ in differentiable] == \
            [b.grad_fn.name() for _, b in differentiable]
    if not differentiable or name.startswith(("qr", "eigh", "svd", "cholesky_ex", "torch.svd", "torch.qr", "vander")):
        return   # sign-ambiguous factors: their gradients are checked by gradcheck
    sum(a.sum() for a, _ in differentiable).backward()
    sum(b.sum() for _, b in differentiable).backward()
    for key, ours_in in our_inputs.items():
        theirs_in = their_inputs[key]
        if theirs_in.grad is not None:
            np.testing.assert_allclose(ours_in.grad.numpy(), theirs_in.grad.numpy(), rtol=1e-7, atol=1e-9)
