"""Student's t distribution, with location and scale."""
import math

from .._creation import full
from .._functional import where
from .._size import Size
from . import constraints
from ._location import LocationMoments
from ._special import digamma, lgamma
from .chi2 import Chi2
from .distribution import Distribution
from .normal import Normal
from .utils import broadcast_all

__all__ = ["StudentT"]


class StudentT(LocationMoments, Distribution):
    """Student's t distribution with ``df`` degrees of freedom, shifted by ``loc`` and scaled by ``scale``.

    Args:
        df (Tensor or float): the degrees of freedom, positive.
        loc (Tensor or float): the location. Default: ``0.0``.
        scale (Tensor or float): the scale, positive. Default: ``1.0``.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    arg_constraints = {"df": constraints.positive, "loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None):
        # the Chi2 of the degrees of freedom comes first, checking them as PyTorch's does
        self._chi2 = Chi2(broadcast_all(df, loc, scale)[0])
        self._init_parameters(validate_args, df=df, loc=loc, scale=scale)

    def expand(self, batch_shape, _instance=None):
        new = self._expanded(batch_shape, _instance, ("df", "loc", "scale"))
        new._chi2 = self._chi2.expand(new.batch_shape)
        return new

    @property
    def mean(self):
        return where(self.df > 1, self.loc, math.nan)

    @property
    def variance(self):
        finite = self.scale.pow(2) * self.df / (self.df - 2)
        return where(self.df > 2, finite, where(self.df > 1, math.inf, math.nan))

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        standard = Normal(full(shape, 0.0, dtype=self.df.dtype, device=self.df.device), 1.0).rsample()
        chi2 = self._chi2.rsample(sample_shape)
        return self.loc + self.scale * standard * (chi2 / self.df).rsqrt()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        y = (value - self.loc) / self.scale
        normaliser = (self.scale.log() + 0.5 * self.df.log() + 0.5 * math.log(math.pi)
                      + lgamma(0.5 * self.df) - lgamma(0.5 * (self.df + 1.0)))
        return -0.5 * (self.df + 1.0) * (y.pow(2) / self.df).log1p() - normaliser

    def entropy(self):
        log_beta = lgamma(0.5 * self.df) + math.lgamma(0.5) - lgamma(0.5 * (self.df + 1))
        return (self.scale.log() + 0.5 * (self.df + 1) * (digamma(0.5 * (self.df + 1)) - digamma(0.5 * self.df))
                + 0.5 * self.df.log() + log_beta)
