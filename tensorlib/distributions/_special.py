"""The special functions the distributions need, composed of differentiable
tensor ops: log-gamma and digamma of positive arguments (recurrence up to 12,
then the asymptotic series, accurate to about 1e-15), the inverse error
function, and the regularised lower incomplete gamma function."""
import math

from .._functional import where
from ..autograd.grad_mode import no_grad

_SHIFT = 12
# Bernoulli numbers B_2k / (2k (2k - 1)): the terms of Stirling's series for log-gamma
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)
# B_2k / (2k): the terms of the asymptotic series of digamma
_DIGAMMA = (1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12)


def lgamma(x):
    """log Gamma(x) for x > 0 (differentiable: its derivative is digamma)."""
    shifted = x + _SHIFT
    correction = x.log()
    for k in range(1, _SHIFT):
        correction = correction + (x + k).log()
    inverse = shifted.reciprocal()
    inverse_square = inverse * inverse
    series = 0.0
    for coefficient in reversed(_STIRLING):
        series = series * inverse_square + coefficient
    stirling = (shifted - 0.5) * shifted.log() - shifted + 0.5 * math.log(2 * math.pi) + series * inverse
    return stirling - correction


def digamma(x):
    """The digamma function (d/dx log Gamma) for x > 0."""
    shifted = x + _SHIFT
    correction = x.reciprocal()
    for k in range(1, _SHIFT):
        correction = correction + (x + k).reciprocal()
    inverse_square = (shifted * shifted).reciprocal()
    series = 0.0
    for coefficient in reversed(_DIGAMMA):
        series = series * inverse_square + coefficient
    return shifted.log() - 0.5 / shifted - series * inverse_square - correction


def erfinv(y):
    """The inverse error function on (-1, 1) (+-inf at +-1): Newton's method on erf for the
    value, and one step that carries the derivative sqrt(pi)/2 * exp(erfinv(y)**2)."""
    with no_grad():
        clipped = y.detach().clamp(-1 + 1e-16, 1 - 1e-16)
        # a start within a few percent (Winitzki's approximation), then Newton's steps
        a = 0.147
        log_term = (1 - clipped * clipped).log()
        first = 2 / (math.pi * a) + log_term / 2
        x = clipped.sign() * ((first * first - log_term / a).sqrt() - first).sqrt()
        for _ in range(6):
            x = x - (x.erf() - clipped) * (math.sqrt(math.pi) / 2) * (x * x).exp()
        x = where(y.detach().abs() >= 1, y.detach().sign() * math.inf, x)
        slope = where(x.isfinite(), (math.sqrt(math.pi) / 2) * (x * x).exp(), 0.0)
    return x + (y - y.detach()) * slope


def gammainc(a, x, terms=1000):
    """The regularised lower incomplete gamma function P(a, x) for a > 0, x >= 0: its power
    series where x < a + 1, else one minus its continued fraction (modified Lentz); each stops
    once every element has converged (at most ``terms`` steps)."""
    use_series = x < a + 1
    xs = where(use_series, x, 0.0)
    term = (a * 0 + 1) / a
    total = term
    for n in range(1, terms):
        term = term * xs / (a + n)
        total = total + term
        if n % _CHECK_EVERY == 0 and _converged(term, total):
            break
    series = total * (a * xs.clamp(min=1e-300).log() - xs - lgamma(a)).exp()
    xc = where(use_series, a + 1, x)
    tiny = 1e-300
    b = xc + 1 - a
    c = b * 0 + 1 / tiny
    d = b.reciprocal()
    fraction = d
    for n in range(1, terms):
        an = -n * (n - a)
        b = b + 2
        d = an * d + b
        d = where(d.abs() < tiny, tiny, d).reciprocal()
        c = b + an / c
        c = where(c.abs() < tiny, tiny, c)
        step = d * c
        fraction = fraction * step
        if n % _CHECK_EVERY == 0 and _converged(step - 1, 1.0):
            break
    continued = 1 - (a * xc.log() - xc - lgamma(a)).exp() * fraction
    return where(use_series, series, continued)


_CHECK_EVERY = 8


def _converged(change, total):
    """Whether every element's last ``change`` is below double precision of its ``total``."""
    with no_grad():
        return bool((change.abs() <= 2.3e-16 * (total.abs() if not isinstance(total, float) else total)).all())
