"""Matrix factorisations of ``torch.linalg``: svd, svdvals, qr, eigh, eigvalsh,
and ``torch.svd`` (which returns V, not Vh).  Batched over leading dims; each
computes in ``backend.linalg`` and records PyTorch's backward node
(LinalgSvdBackward0, LinalgQrBackward0, LinalgEighBackward0)."""
from . import return_types
from ._common import warn_user
from ._linalg_common import check_dtype, check_matrix, check_square, compute

_QR_MODES = ("reduced", "complete", "r")


def svd(A, full_matrices=True, *, driver=None):
    """The singular value decomposition ``A = U @ diag(S) @ Vh`` of each matrix.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        full_matrices (bool): square U and Vh (else the reduced ones). Default: ``True``.
        driver (str, optional): accepted for PyTorch's signature (a CUDA option).

    Returns:
        (Tensor, Tensor, Tensor): the named tuple ``(U, S, Vh)``, S descending.

    Example::

        >>> U, S, Vh = torch.linalg.svd(torch.tensor([[3., 0.], [0., 4.]]))
        >>> S
        tensor([4., 3.])
    """
    check_matrix(A, "linalg.svd")
    check_dtype(A, "linalg.svd", low=("kernel", "linalg_svd_cpu"))
    factors = compute(A, "svd", A, bool(full_matrices))
    return return_types.linalg_svd(A._record_results(factors, "LinalgSvdBackward0"))


def svdvals(A, *, driver=None):
    """The singular values of each matrix, descending (the whole SVD is recorded when ``A`` requires grad, as in
    PyTorch).

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        driver (str, optional): accepted for PyTorch's signature.

    Returns:
        Tensor: the singular values.

    Example::

        >>> torch.linalg.svdvals(torch.tensor([[3., 0.], [0., 4.]]))
        tensor([4., 3.])
    """
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
    """The QR decomposition ``A = Q @ R`` of each matrix: Q with orthonormal columns, R upper triangular.

    Args:
        A (Tensor): a matrix or a batch of them (leading dimensions are batch dimensions).
        mode (str): ``'reduced'`` (k = min(m, n) columns of Q), ``'complete'`` (Q square) or ``'r'`` (R only, Q empty).
            Default: ``'reduced'``.

    Returns:
        (Tensor, Tensor): the named tuple ``(Q, R)``.

    Example::

        >>> Q, R = torch.linalg.qr(torch.tensor([[4., 2.], [2., 3.]]))
        >>> torch.allclose(Q @ R, torch.tensor([[4., 2.], [2., 3.]]))
        True
    """
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
    """The eigenvalues (ascending) and eigenvectors (the columns) of each symmetric matrix, read from its ``UPLO``
    triangle.

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        UPLO (str): ``'L'`` or ``'U'``, the triangle read. Default: ``'L'``.

    Returns:
        (Tensor, Tensor): the named tuple ``(eigenvalues, eigenvectors)``.

    Example::

        >>> torch.linalg.eigh(torch.tensor([[2., 0.], [0., 1.]])).eigenvalues
        tensor([1., 2.])
    """
    _check_uplo(UPLO)
    check_square(A, "linalg.eigh")
    check_dtype(A, "linalg.eigh", integers=("kernel", "linalg_eigh_cpu"), low=("kernel", "linalg_eigh_cpu"))
    return return_types.linalg_eigh(A._record_results(compute(A, "eigh", A, UPLO.upper()), "LinalgEighBackward0"))


def eigvalsh(A, UPLO="L"):
    """The eigenvalues of each symmetric matrix, ascending (the eigenvectors too are computed and recorded when ``A``
    requires grad, as in PyTorch).

    Args:
        A (Tensor): a square matrix or a batch of them (leading dimensions are batch dimensions).
        UPLO (str): ``'L'`` or ``'U'``, the triangle read. Default: ``'L'``.

    Returns:
        Tensor: the eigenvalues.

    Example::

        >>> torch.linalg.eigvalsh(torch.tensor([[2., 0.], [0., 1.]]))
        tensor([1., 2.])
    """
    _check_uplo(UPLO)
    check_square(A, "linalg.eigh")
    check_dtype(A, "linalg.eigh", integers=("kernel", "linalg_eigh_cpu"), low=("kernel", "linalg_eigh_cpu"))
    if A.requires_grad:
        return eigh(A, UPLO)[0]
    return compute(A, "eigvalsh", A, UPLO.upper())


def _check_uplo(uplo):
    if uplo not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
