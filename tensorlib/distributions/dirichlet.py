"""The Dirichlet distribution over the probability simplex, with reparameterised samples."""
from .._functional import where
from .._size import Size
from . import constraints
from ._special import digamma, lgamma
from .distribution import Distribution
from .gamma import standard_gamma
from .utils import EPS, TINY, xlogy

__all__ = ["Dirichlet"]



class Dirichlet(Distribution):
    """The Dirichlet distribution over probability vectors (the last dim of ``concentration``).

    Args:
        concentration (Tensor): positive, ``(*batch, K)``.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, concentration, validate_args=None):
        if concentration.dim() < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        super().__init__(concentration.shape[:-1], concentration.shape[-1:], validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("concentration",))

    @property
    def mean(self):
        return self.concentration / self.concentration.sum(-1, keepdim=True)

    @property
    def mode(self):
        excess = (self.concentration - 1).clamp(min=0)
        mode = excess / excess.sum(-1, keepdim=True)
        # with every concentration below 1 PyTorch names the first corner of the simplex
        first = (self.concentration.new_ones(self.concentration.shape[-1:]).cumsum(-1) == 1).to(mode.dtype)
        return where((self.concentration < 1).all(-1, keepdim=True), first, mode)

    @property
    def variance(self):
        total = self.concentration.sum(-1, keepdim=True)
        return self.concentration * (total - self.concentration) / (total.pow(2) * (total + 1))

    def rsample(self, sample_shape=Size()):
        gammas = standard_gamma(self.concentration.expand(self._extended_shape(sample_shape)))
        dtype = gammas.dtype
        return (gammas / gammas.sum(-1, keepdim=True)).clamp(min=TINY[dtype], max=1 - EPS[dtype])

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        c = self.concentration
        return xlogy(c - 1.0, value).sum(-1) + lgamma(c.sum(-1)) - lgamma(c).sum(-1)

    def entropy(self):
        c = self.concentration
        k, total = c.shape[-1], c.sum(-1)
        return lgamma(c).sum(-1) - lgamma(total) - (k - total) * digamma(total) - ((c - 1.0) * digamma(c)).sum(-1)
