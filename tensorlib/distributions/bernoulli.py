"""The Bernoulli distribution over {0, 1}, by ``probs`` or ``logits``."""
import math
import numbers

from .._creation import arange
from .._functional import bernoulli, where
from .._size import Size
from ..autograd.grad_mode import no_grad
from ..nn.functional import binary_cross_entropy_with_logits
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Bernoulli", "BinaryProbabilities"]


def one_parametrisation(probs, logits):
    """Which of ``probs``/``logits`` was given, refusing both or neither as PyTorch does."""
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")
    return "probs" if probs is not None else "logits"


class BinaryProbabilities:
    """``probs`` and ``logits`` of a distribution given either, each computed from the other on
    first use (Bernoulli, Binomial, Geometric)."""

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)


class Bernoulli(BinaryProbabilities, Distribution):
    """Takes 1 with probability ``probs`` (or ``sigmoid(logits)``), else 0.

    Args:
        probs (Tensor or float): the probability of success, in ``[0, 1]``.
        logits (Tensor or float): its log-odds instead (give exactly one of the two).
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).

    Example::

        >>> _ = torch.manual_seed(0)
        >>> d = torch.distributions.Bernoulli(probs=0.3)
        >>> d.sample((6,))
        tensor([0., 0., 1., 1., 0., 0.])
        >>> d.log_prob(torch.tensor(1.0))
        tensor(-1.2040)
    """
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        name = one_parametrisation(probs, logits)
        given = probs if name == "probs" else logits
        (param,) = broadcast_all(given)
        setattr(self, name, param)
        self._param = param
        super().__init__(Size() if isinstance(given, numbers.Number) else param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expanded(batch_shape, _instance, ("probs", "logits"))
        new._param = new.__dict__["probs" if "probs" in self.__dict__ else "logits"]
        return new

    @property
    def param_shape(self):
        """The shape of the ``probs``/``logits`` tensor the distribution was built from."""
        return self._param.size()

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        return where(self.probs == 0.5, math.nan, (self.probs >= 0.5).to(self.probs.dtype))

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        with no_grad():
            return bernoulli(self.probs.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")

    def entropy(self):
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")

    def enumerate_support(self, expand=True):
        values = arange(2, dtype=self._param.dtype, device=self._param.device)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values
