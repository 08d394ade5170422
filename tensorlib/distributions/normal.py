"""The normal distribution N(loc, scale**2)."""
import math

from .._creation import randn
from .._functional import normal as sample_normal
from .._size import Size
from ..autograd.grad_mode import no_grad
from ._location import LocationScale
from ._special import erfinv

__all__ = ["Normal"]


class Normal(LocationScale):
    """The normal (Gaussian) distribution of mean ``loc`` and standard deviation ``scale``.

    Args:
        loc (Tensor or float): the mean.
        scale (Tensor or float): the standard deviation, positive.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).

    Example::

        >>> _ = torch.manual_seed(0)
        >>> d = torch.distributions.Normal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
        >>> d.batch_shape, d.sample((3,)).shape
        (torch.Size([2]), torch.Size([3, 2]))
        >>> d.log_prob(torch.tensor([0.0, 1.0]))
        tensor([-0.9189, -1.6121])
        >>> d.rsample().requires_grad
        False
    """

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.scale.pow(2)

    def sample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        with no_grad():
            return sample_normal(self.loc.expand(shape), self.scale.expand(shape))

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        noise = randn(shape, dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + noise * self.scale

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -((value - self.loc) ** 2) / (2 * self.variance) - self.scale.log() - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + ((value - self.loc) * self.scale.reciprocal() / math.sqrt(2)).erf())

    def icdf(self, value):
        return self.loc + self.scale * erfinv(2 * value - 1) * math.sqrt(2)

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()
