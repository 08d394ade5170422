"""The half-normal distribution: |X| for X ~ Normal(0, scale)."""
import math

from .._functional import where
from .._size import Size
from . import constraints
from .distribution import Distribution
from .normal import Normal

__all__ = ["HalfNormal"]


class HalfNormal(Distribution):
    """The distribution of ``|X|`` for ``X ~ Normal(0, scale)``, on ``[0, inf)``.

    Args:
        scale (Tensor or float): the scale of the underlying normal, positive.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, scale, validate_args=None):
        self.base_dist = Normal(0, scale, validate_args=False)  # checked as HalfNormal's scale
        super().__init__(self.base_dist.batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expansion(batch_shape, _instance)
        new.base_dist = self.base_dist.expand(new.batch_shape)
        return new

    @property
    def scale(self):
        """The scale of the underlying normal distribution."""
        return self.base_dist.scale

    @property
    def mean(self):
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def mode(self):
        return self.scale * 0

    @property
    def variance(self):
        return self.scale.pow(2) * (1 - 2 / math.pi)

    def rsample(self, sample_shape=Size()):
        return self.base_dist.rsample(sample_shape).abs()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return where(value >= 0, log_prob, -math.inf)

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)
