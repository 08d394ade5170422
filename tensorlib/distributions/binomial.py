"""The binomial distribution: successes in ``total_count`` Bernoulli(``probs``) trials."""
import numpy as np

from .._creation import arange, tensor
from .._size import Size
from ..autograd.grad_mode import no_grad
from ..nn.functional import softplus
from ..random import default_generator
from . import constraints
from ._special import lgamma
from .bernoulli import BinaryProbabilities, one_parametrisation
from .distribution import Distribution
from .utils import broadcast_all

__all__ = ["Binomial"]


class Binomial(BinaryProbabilities, Distribution):
    """The number of successes among ``total_count`` independent trials, each succeeding with
    probability ``probs`` (or ``sigmoid(logits)``).

    Args:
        total_count (int or Tensor): the number of trials. Default: ``1``.
        probs (Tensor or float): the probability of success, in ``[0, 1]``.
        logits (Tensor or float): its log-odds instead (give exactly one of the two).
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"total_count": constraints.nonnegative_integer, "probs": constraints.unit_interval,
                       "logits": constraints.real}
    has_enumerate_support = True

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        name = one_parametrisation(probs, logits)
        self.total_count, param = broadcast_all(total_count, probs if name == "probs" else logits)
        self.total_count = self.total_count.type_as(param)
        setattr(self, name, param)
        self._param = param
        super().__init__(param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expanded(batch_shape, _instance, ("total_count", "probs", "logits"))
        new._param = new.__dict__["probs" if "probs" in self.__dict__ else "logits"]
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self.total_count)

    @property
    def param_shape(self):
        """The shape of the ``probs``/``logits`` tensor the distribution was built from."""
        return self._param.size()

    @property
    def mean(self):
        return self.total_count * self.probs

    @property
    def mode(self):
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        with no_grad():
            counts = np.broadcast_to(self.total_count.cpu().numpy(), shape)
            probs = np.broadcast_to(self.probs.cpu().numpy(), shape)
            drawn = default_generator.binomial(counts, probs)
            return tensor(drawn, dtype=self._param.dtype, device=self._param.device)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        log_choose = lgamma(n + 1) - lgamma(value + 1) - lgamma(n - value + 1)
        # k * logits - n * log(1 + exp(logits)), written to stay finite for large |logits|
        return log_choose + value * self.logits - n * softplus(self.logits)

    def entropy(self):
        total = int(self.total_count.max().item())
        if not self.total_count.min().item() == total:
            raise NotImplementedError("Inhomogeneous total count not supported by `entropy`.")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(log_prob.exp() * log_prob).sum(0)

    def enumerate_support(self, expand=True):
        total = int(self.total_count.max().item())
        if not self.total_count.min().item() == total:
            raise NotImplementedError("Inhomogeneous total count not supported by `enumerate_support`.")
        values = arange(1 + total, dtype=self._param.dtype, device=self._param.device)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values
