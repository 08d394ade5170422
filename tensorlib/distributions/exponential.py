"""The exponential distribution of rate ``rate``."""

from .._creation import empty
from .._size import Size
from . import constraints
from .distribution import Distribution

__all__ = ["Exponential"]


class Exponential(Distribution):
    """The exponential distribution: density ``rate * exp(-rate * x)`` on ``x >= 0``.

    Args:
        rate (Tensor or float): the inverse of the mean, positive.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, rate, validate_args=None):
        self._init_parameters(validate_args, rate=rate)

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("rate",))

    @property
    def mean(self):
        return self.rate.reciprocal()

    @property
    def mode(self):
        return self.rate * 0

    @property
    def stddev(self):
        return self.rate.reciprocal()

    @property
    def variance(self):
        return self.rate.pow(-2)

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        return empty(shape, dtype=self.rate.dtype, device=self.rate.device).exponential_() / self.rate

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self.rate.log() - self.rate * value

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 1 - (-self.rate * value).exp()

    def icdf(self, value):
        return -(-value).log1p() / self.rate

    def entropy(self):
        return 1.0 - self.rate.log()
