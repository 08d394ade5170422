"""The strong-Wolfe line search LBFGS uses (``line_search_fn="strong_wolfe"``).

Along a direction ``d`` from the point ``x`` it looks for a step ``t`` with
sufficient decrease, ``f(t) <= f(0) + c1 * t * f'(0)``, and a small slope,
``|f'(t)| <= -c2 * f'(0)``: first by growing ``t`` until an interval brackets
such a step, then by zooming into that interval with safeguarded cubic
interpolation.  ``f'`` is the directional derivative ``grad . d``.  Scalars
are Python floats; gradients are flat tensors.
"""

__all__ = ["cubic_interpolate", "strong_wolfe"]


def cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    """The minimiser of the cubic through ``(x1, f1)``, ``(x2, f2)`` with slopes
    ``g1``, ``g2``, clamped to ``bounds`` (default: between x1 and x2); the
    middle of the bounds when the cubic has no minimum."""
    low, high = bounds if bounds is not None else (min(x1, x2), max(x1, x2))
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 ** 2 - g1 * g2
    if d2_square < 0:
        return (low + high) / 2.0
    d2 = d2_square ** 0.5
    if x1 <= x2:
        min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
    else:
        min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
    return min(max(min_pos, low), high)


class _Point:
    """One evaluated step: ``t``, the loss, the flat gradient and the slope along d."""

    __slots__ = ("t", "f", "g", "gtd")

    def __init__(self, t, f, g, gtd):
        self.t, self.f, self.g, self.gtd = t, f, g, gtd


def _evaluate(obj_func, x, t, d):
    f, g = obj_func(x, t, d)
    return _Point(t, f, g, g.dot(d).item())


def strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    """Search along ``d`` from ``x`` (loss ``f``, gradient ``g``, slope ``gtd``)
    starting at step ``t``; ``obj_func(x, t, d)`` returns ``(loss, flat_grad)``
    at ``x + t d``.  Returns ``(loss, flat_grad, t, evaluations)`` of the step taken."""
    d_norm = d.abs().max().item()
    start = _Point(0, f, g.clone(), gtd)
    new = _evaluate(obj_func, x, t, d)
    evals = 1

    def sufficient_decrease(point):
        return point.f <= f + c1 * point.t * gtd

    def curvature_ok(point):
        return abs(point.gtd) <= -c2 * gtd

    # bracketing: grow t until [prev, new] contains a point meeting both conditions
    prev = start
    bracket, done, ls_iter = None, False, 0
    while ls_iter < max_ls:
        if not sufficient_decrease(new) or (ls_iter > 1 and new.f >= prev.f):
            bracket = [prev, _Point(new.t, new.f, new.g.clone(), new.gtd)]
            break
        if curvature_ok(new):
            bracket, done = [new], True
            break
        if new.gtd >= 0:
            bracket = [prev, _Point(new.t, new.f, new.g.clone(), new.gtd)]
            break
        next_t = cubic_interpolate(prev.t, prev.f, prev.gtd, new.t, new.f, new.gtd,
                                   bounds=(new.t + 0.01 * (new.t - prev.t), new.t * 10))
        prev = _Point(new.t, new.f, new.g.clone(), new.gtd)
        new = _evaluate(obj_func, x, next_t, d)
        evals += 1
        ls_iter += 1
    if ls_iter == max_ls:
        bracket = [start, new]

    # zoom: shrink the bracket, keeping at `low` its point of lowest loss
    insufficient_progress = False
    low, high = (0, 1) if bracket[0].f <= bracket[-1].f else (1, 0)
    while not done and ls_iter < max_ls:
        lo_t, hi_t = min(bracket[0].t, bracket[1].t), max(bracket[0].t, bracket[1].t)
        if abs(bracket[1].t - bracket[0].t) * d_norm < tolerance_change:
            break
        t = cubic_interpolate(bracket[0].t, bracket[0].f, bracket[0].gtd, bracket[1].t, bracket[1].f,
                              bracket[1].gtd)
        # keep t away from the ends of the bracket unless the last try made no progress
        margin = 0.1 * (hi_t - lo_t)
        if min(hi_t - t, t - lo_t) < margin:
            if insufficient_progress or t >= hi_t or t <= lo_t:
                t = hi_t - margin if abs(t - hi_t) < abs(t - lo_t) else lo_t + margin
                insufficient_progress = False
            else:
                insufficient_progress = True
        else:
            insufficient_progress = False
        new = _evaluate(obj_func, x, t, d)
        evals += 1
        ls_iter += 1
        kept = _Point(new.t, new.f, new.g.clone(), new.gtd)
        if not sufficient_decrease(new) or new.f >= bracket[low].f:
            bracket[high] = kept
            low, high = (0, 1) if bracket[0].f <= bracket[1].f else (1, 0)
        else:
            if curvature_ok(new):
                done = True
            elif new.gtd * (bracket[high].t - bracket[low].t) >= 0:
                bracket[high] = bracket[low]
            bracket[low] = kept
    best = bracket[low]
    return best.f, best.g, best.t, evals
