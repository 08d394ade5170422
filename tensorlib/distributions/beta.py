"""The beta distribution on [0, 1], with reparameterised samples (a ratio of gammas)."""

from .._functional import stack, where
from .._size import Size
from . import constraints
from ._special import digamma, lgamma
from .distribution import Distribution
from .gamma import standard_gamma
from .utils import EPS, TINY, broadcast_all, xlogy

__all__ = ["Beta"]



def _check_concentrations(concentration1, concentration0):
    """PyTorch checks a Beta's concentrations as those of the Dirichlet it builds: its message."""
    both = stack([concentration1, concentration0], -1)
    if not bool((both > 0).all()):
        raise ValueError(f"Expected parameter concentration (Tensor of shape {tuple(both.shape)}) of distribution "
                         f"Dirichlet(concentration: {both.size()}) to satisfy the constraint "
                         f"IndependentConstraint(GreaterThan(lower_bound=0.0), 1), but found invalid values:\n{both}")


class Beta(Distribution):
    """The Beta distribution on ``(0, 1)``: density ``x**(c1-1) * (1-x)**(c0-1) / B(c1, c0)``.

    Args:
        concentration1 (Tensor or float): ``c1``, positive.
        concentration0 (Tensor or float): ``c0``, positive.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        if validate_args if validate_args is not None else Distribution._validate_args:
            _check_concentrations(*broadcast_all(concentration1, concentration0))
        self._init_parameters(validate_args, _concentration1=concentration1, _concentration0=concentration0)

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("_concentration1", "_concentration0"))

    @property
    def concentration1(self):
        """The concentration ``c1`` (the exponent of ``x``)."""
        return self._concentration1

    @property
    def concentration0(self):
        """The concentration ``c0`` (the exponent of ``1 - x``)."""
        return self._concentration0

    @property
    def mean(self):
        return self._concentration1 / (self._concentration1 + self._concentration0)

    @property
    def mode(self):
        a, b = self._concentration1, self._concentration0
        heads, tails = (a - 1).clamp(min=0), (b - 1).clamp(min=0)
        # with both concentrations below 1 the density peaks at both ends; PyTorch names 1
        return where((a < 1) & (b < 1), 1.0, heads / (heads + tails))

    @property
    def variance(self):
        total = self._concentration1 + self._concentration0
        return self._concentration1 * self._concentration0 / (total.pow(2) * (total + 1))

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        heads = standard_gamma(self._concentration1.expand(shape))
        tails = standard_gamma(self._concentration0.expand(shape))
        dtype = heads.dtype
        return (heads / (heads + tails)).clamp(min=TINY[dtype], max=1 - EPS[dtype])

    def _log_beta(self):
        a, b = self._concentration1, self._concentration0
        return lgamma(a) + lgamma(b) - lgamma(a + b)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        a, b = self._concentration1, self._concentration0
        return xlogy(a - 1, value) + xlogy(b - 1, 1 - value) - self._log_beta()

    def entropy(self):
        a, b = self._concentration1, self._concentration0
        return (self._log_beta() - (a - 1) * digamma(a) - (b - 1) * digamma(b)
                + (a + b - 2) * digamma(a + b))
