"""The Poisson distribution of rate ``rate``."""

from .._functional import poisson
from .._size import Size
from ..autograd.grad_mode import no_grad
from . import constraints
from ._special import lgamma
from .distribution import Distribution
from .utils import broadcast_all, xlogy

__all__ = ["Poisson"]


class Poisson(Distribution):
    """The Poisson distribution of counts: ``P(k) = rate ** k * exp(-rate) / k!``.

    Args:
        rate (Tensor or float): the mean, non-negative.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"rate": constraints.nonnegative}
    support = constraints.nonnegative_integer

    def __init__(self, rate, validate_args=None):
        self._init_parameters(validate_args, rate=rate)

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("rate",))

    @property
    def mean(self):
        return self.rate

    @property
    def mode(self):
        return self.rate.floor()

    @property
    def variance(self):
        return self.rate

    def sample(self, sample_shape=Size()):
        with no_grad():
            return poisson(self.rate.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        rate, value = broadcast_all(self.rate, value)
        return xlogy(value, rate) - rate - lgamma(value + 1)
