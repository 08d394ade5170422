"""The geometric distribution: failures before the first success of Bernoulli(``probs``) trials."""
import numbers

from .._creation import rand
from .._functional import where
from .._size import Size
from ..autograd.grad_mode import no_grad
from ..nn.functional import binary_cross_entropy_with_logits
from . import constraints
from .bernoulli import BinaryProbabilities, one_parametrisation
from .distribution import Distribution
from .utils import TINY, broadcast_all

__all__ = ["Geometric"]


class Geometric(BinaryProbabilities, Distribution):
    """The number of failures ``k = 0, 1, ...`` before the first success: ``P(k) = (1 - p) ** k * p``.

    Args:
        probs (Tensor or float): the probability of success, in ``[0, 1]``.
        logits (Tensor or float): its log-odds instead (give exactly one of the two).
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None):
        name = one_parametrisation(probs, logits)
        given = probs if name == "probs" else logits
        (param,) = broadcast_all(given)
        setattr(self, name, param)
        super().__init__(Size() if isinstance(given, numbers.Number) else param.size(), validate_args=validate_args)
        if name == "probs" and self._validate_args and not bool((param > 0).all()):
            raise ValueError(f"Expected parameter probs ({type(param).__name__} of shape {tuple(param.shape)}) of "
                             f"distribution {self!r} to be positive but found invalid values:\n"
                             f"{param[~(param > 0)]}")

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("probs", "logits"))

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        return self.probs * 0

    @property
    def variance(self):
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        with no_grad():
            u = rand(shape, dtype=self.probs.dtype, device=self.probs.device).clamp(min=TINY[self.probs.dtype])
            return (u.log() / (-self.probs).log1p()).floor()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        # (1 - p)**k p, with 0 log 0 = 0 where p is 1 and k is 0
        failures = where((probs == 1) & (value == 0), 0.0, value * (-probs).log1p())
        return failures + probs.log()

    def entropy(self):
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none") / self.probs
