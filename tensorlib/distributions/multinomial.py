"""The multinomial distribution: counts of ``total_count`` categorical draws."""
from .._creation import arange, zeros
from .._functional import where
from .._size import Size
from . import constraints
from ._special import lgamma
from .categorical import Categorical, CategoricalParameters
from .distribution import Distribution
from .utils import broadcast_all, xlogy

__all__ = ["Multinomial"]


class Multinomial(CategoricalParameters, Distribution):
    """The counts of each of K categories in ``total_count`` independent draws of
    ``Categorical(probs)``; events are count vectors of length K.

    Args:
        total_count (int): the number of draws. Default: ``1``.
        probs (Tensor): category weights over the last dim.
        logits (Tensor): unnormalised log-probabilities instead (give exactly one of the two).
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        self._binomial_support = None
        super().__init__(self._categorical.batch_shape, self._categorical.param_shape[-1:],
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expansion(batch_shape, _instance)
        new.total_count = self.total_count
        new._categorical = self._categorical.expand(new.batch_shape)
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        sample_shape = Size(sample_shape)
        draws = self._categorical.sample(Size((self.total_count,)) + sample_shape)
        # the draw index goes last, where the counting scatters along it
        draws = draws.permute(tuple(range(1, draws.dim())) + (0,))
        counts = zeros(self._extended_shape(sample_shape), dtype=draws.dtype, device=draws.device)
        counts.scatter_add_(-1, draws, draws.new_ones(draws.shape))
        return counts.type_as(self.probs)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        logits = where((value == 0) & (logits == -float("inf")), 0.0, logits)
        log_factorial_n = lgamma(value.sum(-1) + 1)
        log_factorial_xs = lgamma(value + 1).sum(-1)
        return log_factorial_n - log_factorial_xs + (logits * value).sum(-1)

    def entropy(self):
        n = self.total_count
        # the entropy of the counts: n * H(categorical) - log n! + E[sum_i log x_i!], each x_i binomial
        counts = arange(n + 1, dtype=self.probs.dtype, device=self.probs.device)
        counts = counts.view((-1,) + (1,) * self.probs.dim())
        p = self.probs
        log_binomial = (lgamma(p.new_full((), float(n + 1))) - lgamma(counts + 1) - lgamma(n - counts + 1)
                        + xlogy(counts, p) + xlogy(n - counts, 1 - p))
        expected = (log_binomial.exp() * lgamma(counts + 1)).sum(0).sum(-1)
        return n * self._categorical.entropy() - lgamma(p.new_full((), float(n + 1))) + expected
