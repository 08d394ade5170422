"""The categorical distribution over {0, ..., K-1}, by ``probs`` or ``logits`` (last dim K)."""
import math

from .. import _dtype as D
from .. import _layout
from .._creation import arange, full
from .._functional import multinomial
from .._size import Size
from ..autograd.grad_mode import no_grad
from . import constraints
from .bernoulli import one_parametrisation
from .distribution import Distribution
from .utils import LOWEST, lazy_property, logits_to_probs, probs_to_logits

__all__ = ["Categorical", "CategoricalParameters"]



class Categorical(Distribution):
    """Picks one of K categories (an int64 index) with the probabilities ``probs``, or
    ``softmax(logits)``, along the last dim; the dims before it are the batch.

    Args:
        probs (Tensor): non-negative weights (normalised to sum to 1) over the last dim.
        logits (Tensor): unnormalised log-probabilities instead (give exactly one of the two).
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).

    Example::

        >>> _ = torch.manual_seed(0)
        >>> d = torch.distributions.Categorical(probs=torch.tensor([0.1, 0.6, 0.3]))
        >>> d.sample((5,))
        tensor([2, 2, 1, 2, 1])
        >>> d.log_prob(torch.tensor(1)), d.entropy()
        (tensor(-0.5108), tensor(0.8979))
    """
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        name = one_parametrisation(probs, logits)
        given = probs if name == "probs" else logits
        if given.dim() < 1:
            raise ValueError(f"`{name}` parameter must be at least one-dimensional.")
        if name == "probs":
            self.probs = given / given.sum(-1, keepdim=True)
        else:
            self.logits = given - given.logsumexp(-1, keepdim=True)
        self._param = self.probs if name == "probs" else self.logits
        self._num_events = self._param.size()[-1]
        batch_shape = self._param.size()[:-1] if self._param.dim() > 1 else Size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expanded(batch_shape, _instance, ("probs", "logits"))
        new._param = new.__dict__["probs" if "probs" in self.__dict__ else "logits"]
        new._num_events = self._num_events
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits)

    @property
    def param_shape(self):
        """The shape of the ``probs``/``logits`` tensor the distribution was built from."""
        return self._param.size()

    @property
    def mean(self):
        return full(self._extended_shape(), math.nan, dtype=self.probs.dtype, device=self.probs.device)

    @property
    def mode(self):
        return self.probs.argmax(-1)

    @property
    def variance(self):
        return full(self._extended_shape(), math.nan, dtype=self.probs.dtype, device=self.probs.device)

    def sample(self, sample_shape=Size()):
        sample_shape = Size(sample_shape)
        with no_grad():
            rows = self.probs.reshape(-1, self._num_events)
            draws = multinomial(rows, sample_shape.numel(), True).t()
            return draws.reshape(self._extended_shape(sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        value = value.long().unsqueeze(-1)
        shape = _layout.broadcast_shapes(tuple(value.shape), tuple(self.logits.shape))
        value = value.expand(shape)[..., :1]
        return self.logits.expand(shape).gather(-1, value).squeeze(-1)

    def entropy(self):
        logits = self.logits.clamp(min=LOWEST[self.logits.dtype])
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        values = arange(self._num_events, dtype=D.int64, device=self._param.device)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values


class CategoricalParameters:
    """``probs``, ``logits`` and ``param_shape`` of a distribution built on a Categorical
    (``self._categorical``): Multinomial, OneHotCategorical."""

    @property
    def probs(self):
        """The normalised category probabilities, over the last dim."""
        return self._categorical.probs

    @property
    def logits(self):
        """The normalised log-probabilities of the categories, over the last dim."""
        return self._categorical.logits

    @property
    def param_shape(self):
        """The shape of the ``probs``/``logits`` tensor the distribution was built from."""
        return self._categorical.param_shape
