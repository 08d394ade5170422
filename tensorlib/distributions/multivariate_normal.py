"""The multivariate normal distribution, by covariance, precision or lower
Cholesky factor of the covariance."""
import math

from .. import _layout
from .._creation import randn
from .._size import Size
from . import constraints
from ._location import LocationMoments
from ._triangular import cholesky, diagonal, inverse_lower, solve_lower
from .distribution import Distribution
from .utils import lazy_property

__all__ = ["MultivariateNormal"]

_MATRICES = ("covariance_matrix", "precision_matrix", "scale_tril")


class MultivariateNormal(LocationMoments, Distribution):
    """The multivariate normal distribution ``N(loc, Sigma)`` over vectors (the last dim of ``loc``).

    Give ``Sigma`` by exactly one of ``covariance_matrix``, ``precision_matrix`` and ``scale_tril``.

    Args:
        loc (Tensor): the mean, ``(*batch, n)``.
        covariance_matrix (Tensor): ``Sigma``, positive definite ``(*batch, n, n)``.
        precision_matrix (Tensor): its inverse.
        scale_tril (Tensor): its lower Cholesky factor, with a positive diagonal.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).

    Example::

        >>> d = torch.distributions.MultivariateNormal(torch.zeros(2), covariance_matrix=torch.eye(2))
        >>> d.event_shape, d.log_prob(torch.zeros(2))
        (torch.Size([2]), tensor(-1.8379))
    """
    arg_constraints = {"loc": constraints.real_vector, "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite,
                       "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        given = {name: value for name, value in zip(_MATRICES, (covariance_matrix, precision_matrix, scale_tril))
                 if value is not None}
        if len(given) != 1:
            raise ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
        (name, matrix), = given.items()
        if matrix.dim() < 2:
            prefix = "scale_tril matrix" if name == "scale_tril" else name
            raise ValueError(f"{prefix} must be at least two-dimensional, with optional leading batch dimensions")
        batch_shape = _layout.broadcast_shapes(tuple(matrix.shape[:-2]), tuple(loc.shape[:-1]))
        setattr(self, name, matrix.expand(batch_shape + (-1, -1)))
        self.loc = loc.expand(batch_shape + (-1,))
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        if name == "scale_tril":
            self._unbroadcasted_scale_tril = matrix
        elif name == "covariance_matrix":
            self._unbroadcasted_scale_tril = cholesky(matrix)
        else:
            # Sigma = P^-1 = (Lp Lp^T)^-1 = Lp^-T Lp^-1
            inverse = inverse_lower(cholesky(matrix))
            self._unbroadcasted_scale_tril = cholesky(inverse.mT @ inverse)

    def expand(self, batch_shape, _instance=None):
        new = self._expanded(batch_shape, _instance, ("loc",) + _MATRICES)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril
        return new

    def _matrix_shape(self):
        return self._batch_shape + self._event_shape + self._event_shape

    @lazy_property
    def scale_tril(self):
        return self._unbroadcasted_scale_tril.expand(self._matrix_shape())

    @lazy_property
    def covariance_matrix(self):
        lower = self._unbroadcasted_scale_tril
        return (lower @ lower.mT).expand(self._matrix_shape())

    @lazy_property
    def precision_matrix(self):
        inverse = inverse_lower(self._unbroadcasted_scale_tril)
        return (inverse.mT @ inverse).expand(self._matrix_shape())

    @property
    def variance(self):
        return self._unbroadcasted_scale_tril.pow(2).sum(-1).expand(self._batch_shape + self._event_shape)

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        noise = randn(shape, dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + (self._unbroadcasted_scale_tril @ noise.unsqueeze(-1)).squeeze(-1)

    def _half_log_det(self):
        return diagonal(self._unbroadcasted_scale_tril).log().sum(-1)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        difference = (value - self.loc).unsqueeze(-1)
        whitened = solve_lower(self._unbroadcasted_scale_tril, difference).squeeze(-1)
        mahalanobis = whitened.pow(2).sum(-1)
        size = self._event_shape[0]
        return -0.5 * (size * math.log(2 * math.pi) + mahalanobis) - self._half_log_det()

    def entropy(self):
        size = self._event_shape[0]
        entropy = 0.5 * size * (1.0 + math.log(2 * math.pi)) + self._half_log_det()
        return entropy.expand(self._batch_shape) if len(self._batch_shape) else entropy
