"""Matrix factorisations of ``torch.linalg``: svd, svdvals, qr, eigh, eigvalsh,
and ``torch.svd`` (which returns V, not Vh).  Batched over leading dims; each
computes in ``backend.linalg`` and records PyTorch's backward node
(LinalgSvdBackward0, LinalgQrBackward0, LinalgEighBackward0)."""
from . import return_types
from ._common import warn_user
from ._linalg_common import check_dtype, check_matrix, check_square, compute

_QR_MODES = ("reduced", "complete", "r")


def svd(A, full_matrices=True, *, driver=None):
    """``(U, S, Vh)`` with ``A = U diag(S) Vh``; U and Vh square when ``full_matrices``."""
    check_matrix(A, "linalg.svd")
    check_dtype(A, "linalg.svd", low=("kernel", "linalg_svd_cpu"))
    factors = compute(A, "svd", A, bool(full_matrices))
    return return_types.linalg_svd(A._record_results(factors, "LinalgSvdBackward0"))


def svdvals(A, *, driver=None):
    """The singular values of each matrix, descending (the whole SVD is recorded when A
    requires grad, as in PyTorch)."""
    check_matrix(A, "linalg.svd")
    check_dtype(A, "linalg.svd", low=("kernel", "linalg_svd_cpu"))
    if A.requires_grad:
        return svd(A, False)[1]
    return compute(A, "svd", A, False)[1]


def legacy_svd(A, some=True, compute_uv=True):
    """``torch.svd``: ``(U, S, V)`` (V = Vh transposed), reduced unless ``some=False``."""
    U, S, Vh = svd(A, not some)
    if not compute_uv:   # zero-filled (m, m) and (n, n) factors, whatever ``some`` says
        m, n = A._shape[-2:]
        batch = A._shape[:-2]
        return return_types.svd((A.new_zeros(batch + (m, m)), S, A.new_zeros(batch + (n, n))))
    return return_types.svd((U, S, Vh.mT))


def qr(A, mode="reduced"):
    """``(Q, R)`` with ``A = Q R``; mode 'reduced', 'complete' or 'r' (Q empty)."""
    if mode not in _QR_MODES:
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), 'r', "
                           "or 'complete'")
    check_matrix(A, "linalg.qr")
    check_dtype(A, "linalg.qr", low=("kernel", "geqrf_cpu"))
    q, r = compute(A, "qr", A, mode)
    if q is None:
        q = A.new_zeros((0,)).detach()
    results = A._record_results((q, r), "LinalgQrBackward0", mode=mode)
    return return_types.linalg_qr(results)


def legacy_qr(A, some=True):
    """``torch.qr`` (deprecated for torch.linalg.qr; warns): reduced unless ``some=False``."""
    warn_user("torch.qr is deprecated in favor of torch.linalg.qr and will be removed in a future PyTorch release.\n"
              "The boolean parameter 'some' has been replaced with a string parameter 'mode'.\nQ, R = torch.qr(A, "
              "some)\nshould be replaced with\nQ, R = torch.linalg.qr(A, 'reduced' if some else 'complete')")
    return return_types.qr(qr(A, "reduced" if some else "complete"))


def eigh(A, UPLO="L"):
    """``(eigenvalues ascending, eigenvectors)`` of each symmetric matrix, read from its
    ``UPLO`` triangle."""
    _check_uplo(UPLO)
    check_square(A, "linalg.eigh")
    check_dtype(A, "linalg.eigh", integers=("kernel", "linalg_eigh_cpu"), low=("kernel", "linalg_eigh_cpu"))
    return return_types.linalg_eigh(A._record_results(compute(A, "eigh", A, UPLO.upper()), "LinalgEighBackward0"))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues of each symmetric matrix, ascending (the eigenvectors too are
    computed and recorded when A requires grad, as in PyTorch)."""
    _check_uplo(UPLO)
    check_square(A, "linalg.eigh")
    check_dtype(A, "linalg.eigh", integers=("kernel", "linalg_eigh_cpu"), low=("kernel", "linalg_eigh_cpu"))
    if A.requires_grad:
        return eigh(A, UPLO)[0]
    return compute(A, "eigvalsh", A, UPLO.upper())


def _check_uplo(uplo):
    if uplo not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
