"""``kl_divergence(p, q)`` and ``register_kl``: the KL divergences of pairs of
distribution types, looked up by the most specific registered pair."""
import math

from .._functional import where
from ..nn.functional import softplus
from ._special import digamma, lgamma
from ._triangular import diagonal, solve_lower
from .bernoulli import Bernoulli
from .beta import Beta
from .categorical import Categorical
from .dirichlet import Dirichlet
from .exponential import Exponential
from .gamma import Gamma
from .independent import Independent
from .laplace import Laplace
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .poisson import Poisson
from .uniform import Uniform
from .utils import sum_rightmost

__all__ = ["kl_divergence", "register_kl"]

_KL = {}


def register_kl(type_p, type_q):
    """A decorator that registers ``fn(p, q)`` as the KL divergence of a ``type_p`` distribution from a ``type_q``
    one.

    Args:
        type_p (type): a subclass of ``Distribution``.
        type_q (type): a subclass of ``Distribution``.
    """
    def decorate(fn):
        _KL[type_p, type_q] = fn
        return fn
    return decorate


def _lookup(type_p, type_q):
    matches = [(type_p.__mro__.index(p) + type_q.__mro__.index(q), fn) for (p, q), fn in _KL.items()
               if issubclass(type_p, p) and issubclass(type_q, q)]
    return min(matches, key=lambda match: match[0])[1] if matches else None


def kl_divergence(p, q):
    """Returns the Kullback-Leibler divergence ``KL(p || q) = E_p[log p(x) - log q(x)]``, per batch element.

    The formula is the one registered (``register_kl``) for the most specific pair of types of
    ``p`` and ``q``; a pair without one raises ``NotImplementedError``.

    Args:
        p (Distribution): the first distribution.
        q (Distribution): the second, of the same batch shape.

    Returns:
        Tensor: of shape ``batch_shape``.

    Example::

        >>> p = torch.distributions.Normal(0.0, 1.0)
        >>> q = torch.distributions.Normal(1.0, 2.0)
        >>> torch.distributions.kl_divergence(p, q)
        tensor(0.4431)
    """
    fn = _lookup(type(p), type(q))
    if fn is None:
        raise NotImplementedError(f"No KL(p || q) is implemented for p type {type(p).__name__} and q type "
                                  f"{type(q).__name__}")
    return fn(p, q)


@register_kl(Normal, Normal)
def _kl_normal_normal(p, q):
    variance_ratio = (p.scale / q.scale).pow(2)
    offset = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (variance_ratio + offset - 1 - variance_ratio.log())


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p, q):
    ones = p.probs * (softplus(-q.logits) - softplus(-p.logits))
    ones = where(p.probs == 0, 0.0, where(q.probs == 0, math.inf, ones))
    zeros = (1 - p.probs) * (softplus(q.logits) - softplus(p.logits))
    zeros = where(p.probs == 1, 0.0, where(q.probs == 1, math.inf, zeros))
    return ones + zeros


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p, q):
    terms = p.probs * (p.logits - q.logits)
    terms = where(p.probs == 0, 0.0, where(q.probs == 0, math.inf, terms))
    return terms.sum(-1)


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p, q):
    result = ((q.high - q.low) / (p.high - p.low)).log()
    return where((q.low > p.low) | (q.high < p.high), math.inf, result)


@register_kl(Gamma, Gamma)
def _kl_gamma_gamma(p, q):
    return (q.concentration * (p.rate / q.rate).log() + lgamma(q.concentration) - lgamma(p.concentration)
            + (p.concentration - q.concentration) * digamma(p.concentration)
            + (q.rate - p.rate) * (p.concentration / p.rate))


@register_kl(Beta, Beta)
def _kl_beta_beta(p, q):
    a1, b1, a2, b2 = p.concentration1, p.concentration0, q.concentration1, q.concentration0
    total = a1 + b1
    return (lgamma(a2) + lgamma(b2) - lgamma(a2 + b2) - (lgamma(a1) + lgamma(b1) - lgamma(total))
            + (a1 - a2) * digamma(a1) + (b1 - b2) * digamma(b1) + (a2 - a1 + b2 - b1) * digamma(total))


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn_mvn(p, q):
    if p.event_shape != q.event_shape:
        raise ValueError("KL-divergence between two Multivariate Normals with different event shapes cannot be "
                         "computed")
    lp, lq = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    half_log_det = diagonal(lq).log().sum(-1) - diagonal(lp).log().sum(-1)
    trace = solve_lower(lq, lp).pow(2).sum(-1).sum(-1)
    whitened = solve_lower(lq, (q.loc - p.loc).unsqueeze(-1)).squeeze(-1)
    return half_log_det + 0.5 * (trace + whitened.pow(2).sum(-1) - p.event_shape[0])


@register_kl(Independent, Independent)
def _kl_independent_independent(p, q):
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError
    return sum_rightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims)


@register_kl(OneHotCategorical, OneHotCategorical)
def _kl_onehotcategorical_onehotcategorical(p, q):
    return _kl_categorical_categorical(p._categorical, q._categorical)


@register_kl(Exponential, Exponential)
def _kl_exponential_exponential(p, q):
    ratio = q.rate / p.rate
    return ratio - 1 - ratio.log()


@register_kl(Laplace, Laplace)
def _kl_laplace_laplace(p, q):
    scale_ratio = p.scale / q.scale
    distance = (p.loc - q.loc).abs()
    return -scale_ratio.log() + distance / q.scale + scale_ratio * (-distance / p.scale).exp() - 1


@register_kl(Poisson, Poisson)
def _kl_poisson_poisson(p, q):
    return p.rate * (p.rate.log() - q.rate.log()) - (p.rate - q.rate)


@register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(p, q):
    total_p, total_q = p.concentration.sum(-1), q.concentration.sum(-1)
    log_norms = lgamma(total_p) - lgamma(total_q) - (lgamma(p.concentration) - lgamma(q.concentration)).sum(-1)
    expected_logs = digamma(p.concentration) - digamma(total_p).unsqueeze(-1)
    return log_norms + ((p.concentration - q.concentration) * expected_logs).sum(-1)
