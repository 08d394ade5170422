"""The gamma distribution Gamma(concentration, rate), with reparameterised samples."""
import numbers

import numpy as np

from .._creation import tensor
from .._size import Size
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..random import default_generator
from . import constraints
from ._special import digamma, gammainc, lgamma
from .distribution import Distribution
from .utils import TINY, xlogy

__all__ = ["Gamma", "standard_gamma"]



def standard_gamma(concentration):
    """Samples of Gamma(concentration, 1), one per element, differentiable with respect to
    ``concentration`` by implicit reparameterisation: d sample / d alpha is
    -(dP/d alpha) / (dP/dx) for the CDF P, dP/d alpha by a central difference."""
    differentiating = is_grad_enabled()
    with no_grad():
        alpha = concentration.detach()
        drawn = default_generator.gamma(np.asarray(alpha.cpu().numpy(), dtype=np.float64))
        drawn = np.maximum(drawn, TINY[alpha.dtype])
        sample = tensor(drawn, dtype=alpha.dtype, device=alpha.device)
        if not (concentration.requires_grad and differentiating):
            return sample
        a, x = alpha.double(), sample.double()
        step = (a * 1e-5).clamp(min=1e-9)
        slope_alpha = (gammainc(a + step, x) - gammainc(a - step, x)) / (2 * step)
        density = ((a - 1) * x.log() - x - lgamma(a)).exp()
        slope = (-slope_alpha / density).to(alpha.dtype)
    return sample + (concentration - alpha) * slope


class Gamma(Distribution):
    """The gamma distribution of shape ``concentration`` and inverse scale ``rate``.

    Args:
        concentration (Tensor or float): the shape, positive.
        rate (Tensor or float): the inverse scale, positive.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def __init__(self, concentration, rate, validate_args=None):
        self._init_parameters(validate_args, concentration=concentration, rate=rate)

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("concentration", "rate"))

    @property
    def mean(self):
        return self.concentration / self.rate

    @property
    def mode(self):
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self):
        return self.concentration / self.rate.pow(2)

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        value = standard_gamma(self.concentration.expand(shape)) / self.rate.expand(shape)
        return value.clamp(min=TINY[value.dtype])

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = value if not isinstance(value, numbers.Number) else tensor(value, dtype=self.rate.dtype)
        return (xlogy(self.concentration, self.rate) + xlogy(self.concentration - 1, value)
                - self.rate * value - lgamma(self.concentration))

    def entropy(self):
        c = self.concentration
        return c - self.rate.log() + lgamma(c) + (1.0 - c) * digamma(c)

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return gammainc(self.concentration, self.rate * value)
