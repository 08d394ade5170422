"""erf: Chebyshev interpolants built (once, on first use) from erf evaluated in 40-digit
decimal arithmetic, so the float64 results are accurate to a few ulp.
  |x| < 0.5:        erf(x) = x * g(x*x), g(t) = erf(sqrt t) / sqrt t (smooth in t)
  0.5 <= |x| < 6:   erf(x) interpolated directly on short intervals
  |x| >= 6:         +-1 (erfc(6) is below half an ulp of 1)"""
import math

import numpy as np

_ERF_EDGES = (0.5, 0.75, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0)
_ERF_SERIES = None
_PI_40 = "3.141592653589793238462643383279502884197"


def _erf_decimal(x, t=None):
    """erf(x) (or erf(sqrt t)/sqrt t when t is given) as a 45-digit Decimal."""
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 45
        if t is not None:
            # 2/sqrt(pi) * sum (-t)^n / (n! (2n+1)), t <= 0.25: quickly convergent
            t = Decimal(t)
            total, term, n = Decimal(0), Decimal(1), 0
            while abs(term) > Decimal(10) ** -44:
                total += term / (2 * n + 1)
                n += 1
                term = term * -t / n
            return 2 * total / Decimal(_PI_40).sqrt()
        # 2/sqrt(pi) * exp(-x^2) * sum 2^n x^(2n+1) / (1*3*...*(2n+1)): positive terms
        x = Decimal(x)
        x2 = x * x
        total, term, n = Decimal(0), x, 0
        while term > Decimal(10) ** -44 * total or n == 0:
            total += term
            n += 1
            term = term * 2 * x2 / (2 * n + 1)
        return 2 * (-x2).exp() * total / Decimal(_PI_40).sqrt()


def _chebyshev_coefficients(func, degree):
    """Chebyshev interpolation coefficients of ``func`` (float -> Decimal) on [-1, 1],
    summed in decimal arithmetic and rounded once."""
    from decimal import Decimal, localcontext
    n = degree + 1
    thetas = [math.pi * (j + 0.5) / n for j in range(n)]
    values = [func(math.cos(theta)) for theta in thetas]
    coefficients = []
    with localcontext() as ctx:
        ctx.prec = 45
        for k in range(n):
            # T_k(cos theta_j) = cos(pi * k(2j+1) / 2n); reduce the integer numerator first
            cosines = (math.cos(math.pi * ((k * (2 * j + 1)) % (4 * n)) / (2 * n)) for j in range(n))
            total = sum((v * Decimal(c) for v, c in zip(values, cosines)), Decimal(0))
            coefficients.append(float(total * (1 if k == 0 else 2) / n))
    return np.array(coefficients)


def _build_erf_series():
    """(lo, hi, base, coefficients) per interval: the interpolant is of f - base, so the
    Chebyshev sum stays small and its rounding errors stay far below an ulp of f."""
    def piece(lo, hi, f, degree):
        base = float(f(-1.0))
        coefficients = _chebyshev_coefficients(lambda u: f(u) - type(f(u))(base), degree)
        return lo, hi, base, coefficients

    series = [piece(0.0, 0.25, lambda u: _erf_decimal(None, t=(u + 1.0) * 0.125), 14)]
    for lo, hi in zip(_ERF_EDGES, _ERF_EDGES[1:]):
        series.append(piece(lo, hi, lambda u, lo=lo, hi=hi: _erf_decimal(lo + (u + 1.0) * 0.5 * (hi - lo)), 20))
    return series


def erf_float64(x):
    """erf of a float64 array, accurate to a few ulp."""
    global _ERF_SERIES
    from numpy.polynomial.chebyshev import chebval
    if _ERF_SERIES is None:
        _ERF_SERIES = _build_erf_series()
    ax = np.abs(x)
    result = np.ones_like(ax)
    _, _, base, coef = _ERF_SERIES[0]
    mask = ax < 0.5
    if mask.any():
        v = ax[mask]
        result[mask] = v * (base + chebval((v * v) * 8.0 - 1.0, coef))
    for lo, hi, base, coef in _ERF_SERIES[1:]:
        mask = (ax >= lo) & (ax < hi)
        if mask.any():
            result[mask] = base + chebval((ax[mask] - lo) * (2.0 / (hi - lo)) - 1.0, coef)
    result[np.isnan(ax)] = np.nan
    return np.copysign(result, x)
