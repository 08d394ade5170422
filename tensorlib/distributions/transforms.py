"""Transforms: invertible maps with the log-determinant of their Jacobian, which
turn a distribution into another (``TransformedDistribution``): exp, affine,
sigmoid, tanh and their compositions and inverses."""
import copy
import math
import numbers

from .. import _layout
from .._tensor import Tensor
from ..nn.functional import softplus
from . import constraints
from .utils import EPS, TINY, sum_rightmost

__all__ = ["AffineTransform", "ComposeTransform", "ExpTransform", "SigmoidTransform", "TanhTransform",
           "Transform", "identity_transform"]



class Transform:
    """An invertible map ``y = t(x)`` from ``domain`` to ``codomain``.  Subclasses give ``_call``,
    ``_inverse`` and ``log_abs_det_jacobian(x, y)``; ``cache_size=1`` remembers the last pair, so
    ``t.inv(t(x))`` returns ``x`` itself."""
    bijective = False
    domain = constraints.real
    codomain = constraints.real

    def __init__(self, cache_size=0):
        if cache_size not in (0, 1):
            raise ValueError("cache_size must be 0 or 1")
        self._cache_size = cache_size
        self._cached_x_y = (None, None)
        self._inv = None

    @property
    def event_dim(self):
        """The number of rightmost dims that form one event of the domain or codomain (the larger)."""
        return max(self.domain.event_dim, self.codomain.event_dim)

    @property
    def inv(self):
        """The inverse transform."""
        inverse = self._inv
        if inverse is None:
            inverse = self._inv = _InverseTransform(self)
        return inverse

    @property
    def sign(self):
        """+1 or -1: whether the (bijective, scalar) map increases or decreases."""
        raise NotImplementedError

    def with_cache(self, cache_size=1):
        """This transform with the given cache size (itself when it has that size)."""
        if self._cache_size == cache_size:
            return self
        if cache_size not in (0, 1):
            raise ValueError("cache_size must be 0 or 1")
        new = copy.copy(self)
        new._cache_size, new._cached_x_y, new._inv = cache_size, (None, None), None
        return new

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = object.__hash__

    def __call__(self, x):
        if not self._cache_size:
            return self._call(x)
        x_old, y_old = self._cached_x_y
        if x is x_old:
            return y_old
        y = self._call(x)
        self._cached_x_y = x, y
        return y

    def _inv_call(self, y):
        if not self._cache_size:
            return self._inverse(y)
        x_old, y_old = self._cached_x_y
        if y is y_old:
            return x_old
        x = self._inverse(y)
        self._cached_x_y = x, y
        return x

    def _call(self, x):
        raise NotImplementedError

    def _inverse(self, y):
        raise NotImplementedError

    def log_abs_det_jacobian(self, x, y):
        """Returns ``log |dy/dx|`` at ``x``, given ``y = t(x)``: the log of the Jacobian's absolute determinant."""
        raise NotImplementedError

    def forward_shape(self, shape):
        """The shape of ``t(x)`` for ``x`` of ``shape``."""
        return shape

    def inverse_shape(self, shape):
        """The shape of ``t.inv(y)`` for ``y`` of ``shape``."""
        return shape

    def __repr__(self):
        return f"{type(self).__name__}()"


class _InverseTransform(Transform):
    """The inverse of a transform (``t.inv``)."""

    def __init__(self, transform):
        super().__init__(cache_size=transform._cache_size)
        self._inv = transform

    @property
    def domain(self):
        return self._inv.codomain

    @property
    def codomain(self):
        return self._inv.domain

    @property
    def bijective(self):
        return self._inv.bijective

    @property
    def sign(self):
        return self._inv.sign

    @property
    def inv(self):
        return self._inv

    def __eq__(self, other):
        return isinstance(other, _InverseTransform) and self._inv == other._inv

    __hash__ = object.__hash__

    def __call__(self, x):
        return self._inv._inv_call(x)

    def log_abs_det_jacobian(self, x, y):
        return -self._inv.log_abs_det_jacobian(y, x)

    def forward_shape(self, shape):
        return self._inv.inverse_shape(shape)

    def inverse_shape(self, shape):
        return self._inv.forward_shape(shape)

    def __repr__(self):
        return f"{type(self).__name__}({self._inv!r})"


class ComposeTransform(Transform):
    """The transforms ``parts`` applied in order, as one transform.

    Args:
        parts (list of Transform): the transforms, first applied first.
        cache_size (int): 1 remembers the last ``(x, y)`` pair. Default: ``0``.
    """

    def __init__(self, parts, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.parts = list(parts)

    def __eq__(self, other):
        return isinstance(other, ComposeTransform) and self.parts == other.parts

    __hash__ = object.__hash__

    @property
    def domain(self):
        """The domain of the first part (with the event dims the composition needs)."""
        if not self.parts:
            return constraints.real
        domain = self.parts[0].domain
        # a later part of more event dims widens the domain's event
        event_dim = self.parts[-1].codomain.event_dim
        for part in reversed(self.parts):
            event_dim += part.domain.event_dim - part.codomain.event_dim
            event_dim = max(event_dim, part.domain.event_dim)
        if event_dim > domain.event_dim:
            domain = constraints.independent(domain, event_dim - domain.event_dim)
        return domain

    @property
    def codomain(self):
        """The codomain of the last part (with the event dims the composition needs)."""
        if not self.parts:
            return constraints.real
        codomain = self.parts[-1].codomain
        event_dim = self.parts[0].domain.event_dim
        for part in self.parts:
            event_dim += part.codomain.event_dim - part.domain.event_dim
            event_dim = max(event_dim, part.codomain.event_dim)
        if event_dim > codomain.event_dim:
            codomain = constraints.independent(codomain, event_dim - codomain.event_dim)
        return codomain

    @property
    def bijective(self):
        """True when every part is bijective."""
        return all(part.bijective for part in self.parts)

    @property
    def sign(self):
        sign = 1
        for part in self.parts:
            sign = sign * part.sign
        return sign

    @property
    def inv(self):
        inverse = self._inv
        if inverse is None:
            inverse = self._inv = ComposeTransform([part.inv for part in reversed(self.parts)])
            inverse._inv = self
        return inverse

    def __call__(self, x):
        for part in self.parts:
            x = part(x)
        return x

    def log_abs_det_jacobian(self, x, y):
        if not self.parts:
            return x.new_zeros(x.shape)
        terms = []
        event_dim = self.domain.event_dim
        for part in self.parts[:-1]:
            y_part = part(x)
            terms.append(sum_rightmost(part.log_abs_det_jacobian(x, y_part), event_dim - part.domain.event_dim))
            x = y_part
            event_dim += part.codomain.event_dim - part.domain.event_dim
        last = self.parts[-1]
        terms.append(sum_rightmost(last.log_abs_det_jacobian(x, y), event_dim - last.domain.event_dim))
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total

    def forward_shape(self, shape):
        for part in self.parts:
            shape = part.forward_shape(shape)
        return shape

    def inverse_shape(self, shape):
        for part in reversed(self.parts):
            shape = part.inverse_shape(shape)
        return shape

    def __repr__(self):
        inner = ",\n    ".join(repr(part) for part in self.parts)
        return f"{type(self).__name__}(\n    {inner}\n)"


identity_transform = ComposeTransform([])


class ExpTransform(Transform):
    """The transform ``y = exp(x)``, from the reals to the positive numbers."""
    domain = constraints.real
    codomain = constraints.positive
    bijective = True
    sign = +1

    def __eq__(self, other):
        return isinstance(other, ExpTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return x.exp()

    def _inverse(self, y):
        return y.log()

    def log_abs_det_jacobian(self, x, y):
        return x


class SigmoidTransform(Transform):
    """The transform ``y = sigmoid(x)``, from the reals to ``(0, 1)`` (kept strictly inside)."""
    domain = constraints.real
    codomain = constraints.unit_interval
    bijective = True
    sign = +1

    def __eq__(self, other):
        return isinstance(other, SigmoidTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return x.sigmoid().clamp(min=TINY[x.dtype], max=1 - EPS[x.dtype])

    def _inverse(self, y):
        eps = EPS[y.dtype]
        y = y.clamp(min=eps, max=1 - eps)
        return y.log() - (-y).log1p()

    def log_abs_det_jacobian(self, x, y):
        return -softplus(-x) - softplus(x)


class TanhTransform(Transform):
    """The transform ``y = tanh(x)``, from the reals to ``(-1, 1)``."""
    domain = constraints.real
    codomain = constraints.interval(-1.0, 1.0)
    bijective = True
    sign = +1

    def __eq__(self, other):
        return isinstance(other, TanhTransform)

    __hash__ = object.__hash__

    def _call(self, x):
        return x.tanh()

    def _inverse(self, y):
        return y.atanh()

    def log_abs_det_jacobian(self, x, y):
        # log(1 - tanh(x)**2), written to stay finite for large |x|
        return 2.0 * (math.log(2.0) - x - softplus(-2.0 * x))


class AffineTransform(Transform):
    """The transform ``y = loc + scale * x``.

    Args:
        loc (Tensor or float): the shift.
        scale (Tensor or float): the scale (non-zero).
        event_dim (int): the number of rightmost dims forming one event. Default: ``0``.
        cache_size (int): 1 remembers the last ``(x, y)`` pair. Default: ``0``.
    """
    bijective = True

    def __init__(self, loc, scale, event_dim=0, cache_size=0):
        super().__init__(cache_size=cache_size)
        self.loc, self.scale = loc, scale
        self._event_dim = event_dim

    @property
    def event_dim(self):
        """The ``event_dim`` given to the constructor."""
        return self._event_dim

    @property
    def domain(self):
        """The reals, with ``event_dim`` event dims."""
        return constraints.real if self._event_dim == 0 else constraints.independent(constraints.real,
                                                                                     self._event_dim)

    @property
    def codomain(self):
        """The reals, with ``event_dim`` event dims."""
        return self.domain

    def __eq__(self, other):
        if not isinstance(other, AffineTransform):
            return False
        for mine, theirs in ((self.loc, other.loc), (self.scale, other.scale)):
            if isinstance(mine, numbers.Number) and isinstance(theirs, numbers.Number):
                if mine != theirs:
                    return False
            elif not bool((mine == theirs).all()):
                return False
        return True

    __hash__ = object.__hash__

    @property
    def sign(self):
        if isinstance(self.scale, numbers.Real):
            return 1 if float(self.scale) > 0 else -1 if float(self.scale) < 0 else 0
        return self.scale.sign()

    def _call(self, x):
        return self.loc + self.scale * x

    def _inverse(self, y):
        return (y - self.loc) / self.scale

    def log_abs_det_jacobian(self, x, y):
        if isinstance(self.scale, numbers.Real):
            result = x.new_full(tuple(x.shape), math.log(abs(self.scale)))
        else:
            result = self.scale.abs().log()
        return sum_rightmost(result, self._event_dim).expand(tuple(x.shape[:x.dim() - self._event_dim]))

    def forward_shape(self, shape):
        return _broadcast_parameter_shapes(shape, self.loc, self.scale)

    def inverse_shape(self, shape):
        return _broadcast_parameter_shapes(shape, self.loc, self.scale)


def _broadcast_parameter_shapes(shape, *parameters):
    for parameter in parameters:
        if isinstance(parameter, Tensor):
            shape = _layout.broadcast_shapes(tuple(shape), tuple(parameter.shape))
    return shape
