"""The one-hot categorical distribution: Categorical draws as one-hot vectors."""
from .._creation import eye
from .._size import Size
from ..nn.functional import one_hot
from . import constraints
from .categorical import Categorical, CategoricalParameters
from .distribution import Distribution

__all__ = ["OneHotCategorical"]


class _OneHot(constraints.Constraint):
    """Vectors with one 1 and 0 elsewhere."""
    is_discrete = True
    event_dim = 1

    def check(self, value):
        return ((value == 0) | (value == 1)).all(-1) & (value.sum(-1) == 1)

    def __repr__(self):
        return "OneHot()"


class OneHotCategorical(CategoricalParameters, Distribution):
    """``Categorical(probs)`` whose samples are one-hot vectors of length K.

    Args:
        probs (Tensor): category weights over the last dim.
        logits (Tensor): unnormalised log-probabilities instead (give exactly one of the two).
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = _OneHot()
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits)
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expansion(batch_shape, _instance)
        new._categorical = self._categorical.expand(new.batch_shape)
        return new

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        return one_hot(self.probs.argmax(-1), self._event_shape[0]).to(self.probs.dtype)

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        indices = self._categorical.sample(sample_shape)
        return one_hot(indices, self._event_shape[0]).to(self.probs.dtype)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self._categorical.log_prob(value.argmax(-1))

    def entropy(self):
        return self._categorical.entropy()

    def enumerate_support(self, expand=True):
        n = self._event_shape[0]
        values = eye(n, dtype=self.probs.dtype, device=self.probs.device)
        values = values.view((n,) + (1,) * len(self._batch_shape) + (n,))
        return values.expand((n,) + tuple(self._batch_shape) + (n,)) if expand else values
