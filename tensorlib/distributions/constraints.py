"""Constraints: the sets a distribution's parameters and samples live in
(``torch.distributions.constraints``).  ``constraint.check(value)`` is a bool
tensor saying, per element (per event for constraints of events), whether
``value`` lies in the set; the reprs are PyTorch's."""

from ._triangular import cholesky_succeeds, diagonal

__all__ = ["Constraint", "boolean", "dependent", "dependent_property", "greater_than", "greater_than_eq",
           "half_open_interval", "independent", "integer_interval", "interval", "is_dependent", "less_than",
           "lower_cholesky", "multinomial", "nonnegative", "nonnegative_integer", "positive", "positive_definite",
           "positive_integer", "real", "real_vector", "simplex", "unit_interval"]


class Constraint:
    """A set of values: ``check(value)``; ``is_discrete`` for sets of integers, ``event_dim`` the
    number of rightmost dims that make one point of the set."""
    is_discrete = False
    event_dim = 0

    def check(self, value):
        """A bool tensor: whether each point of ``value`` is in the set."""
        raise NotImplementedError(f"{type(self).__name__} is an abstract constraint")

    def _arguments(self):
        return ""

    def __repr__(self):
        return f"{type(self).__name__.lstrip('_')}({self._arguments()})"


def _bounds(**bounds):
    return ", ".join(f"{name}={value}" for name, value in bounds.items())


class _Dependent(Constraint):
    """A parameter whose set depends on the others (it is not checked)."""

    def __init__(self, *, is_discrete=False, event_dim=0):
        self.is_discrete, self.event_dim = is_discrete, event_dim

    def __call__(self, *, is_discrete=False, event_dim=0):
        return _Dependent(is_discrete=is_discrete, event_dim=event_dim)

    def check(self, value):
        raise ValueError("Cannot determine validity of dependent constraint")

    def __repr__(self):
        return "Dependent()"


def is_dependent(constraint):
    """Whether ``constraint`` is a dependent (unchecked) one."""
    return isinstance(constraint, _Dependent)


class dependent_property(property):
    """A property of a distribution that is also a dependent constraint (``Uniform.support``)."""

    def __init__(self, fn=None, *, is_discrete=False, event_dim=0):
        super().__init__(fn)
        self.is_discrete, self.event_dim = is_discrete, event_dim

    def __call__(self, fn):
        return dependent_property(fn, is_discrete=self.is_discrete, event_dim=self.event_dim)


class _Boolean(Constraint):
    is_discrete = True

    def check(self, value):
        return (value == 0) | (value == 1)

    def __repr__(self):
        return "Boolean()"


class _Real(Constraint):
    def check(self, value):
        return value == value  # NaN is not real

    def __repr__(self):
        return "Real()"


class _GreaterThan(Constraint):
    """The constraint ``value > lower_bound`` (``constraints.greater_than(lower_bound)``)."""

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return value > self.lower_bound

    def _arguments(self):
        return _bounds(lower_bound=self.lower_bound)

    def __repr__(self):
        return f"GreaterThan({self._arguments()})"


class _GreaterThanEq(_GreaterThan):
    """The constraint ``value >= lower_bound`` (``constraints.greater_than_eq(lower_bound)``)."""

    def check(self, value):
        return value >= self.lower_bound

    def __repr__(self):
        return f"GreaterThanEq({self._arguments()})"


class _LessThan(Constraint):
    """The constraint ``value < upper_bound`` (``constraints.less_than(upper_bound)``)."""

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return value < self.upper_bound

    def __repr__(self):
        return f"LessThan({_bounds(upper_bound=self.upper_bound)})"


class _Interval(Constraint):
    """The constraint ``lower_bound <= value <= upper_bound`` (``constraints.interval(lower_bound, upper_bound)``)."""

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        return (value >= self.lower_bound) & (value <= self.upper_bound)

    def __repr__(self):
        return f"Interval({_bounds(lower_bound=self.lower_bound, upper_bound=self.upper_bound)})"


class _HalfOpenInterval(_Interval):
    """The constraint ``lower_bound <= value < upper_bound`` (``constraints.half_open_interval(lower_bound,
    upper_bound)``).
    """

    def check(self, value):
        return (value >= self.lower_bound) & (value < self.upper_bound)

    def __repr__(self):
        return f"HalfOpenInterval({_bounds(lower_bound=self.lower_bound, upper_bound=self.upper_bound)})"


class _IntegerInterval(_Interval):
    """The constraint: an integer in ``[lower_bound, upper_bound]`` (``constraints.integer_interval(lower_bound,
    upper_bound)``).
    """

    is_discrete = True

    def check(self, value):
        return (value % 1 == 0) & super().check(value)

    def __repr__(self):
        return f"IntegerInterval({_bounds(lower_bound=self.lower_bound, upper_bound=self.upper_bound)})"


class _IntegerGreaterThan(_GreaterThanEq):
    """The constraint: an integer at least ``lower_bound`` (``constraints.nonnegative_integer`` and
    ``positive_integer``).
    """

    is_discrete = True

    def check(self, value):
        return (value % 1 == 0) & (value >= self.lower_bound)

    def __repr__(self):
        return f"IntegerGreaterThan({self._arguments()})"


class _Independent(Constraint):
    """``base`` with its ``reinterpreted_batch_ndims`` rightmost dims made part of the event."""

    def __init__(self, base, reinterpreted_batch_ndims):
        self.base_constraint, self.reinterpreted_batch_ndims = base, reinterpreted_batch_ndims
        self.is_discrete = base.is_discrete
        self.event_dim = base.event_dim + reinterpreted_batch_ndims

    def check(self, value):
        result = self.base_constraint.check(value)
        if result.dim() < self.reinterpreted_batch_ndims:
            expected = self.base_constraint.event_dim + self.reinterpreted_batch_ndims
            raise ValueError(f"Expected value.dim() >= {expected} but got {value.dim()}")
        for _ in range(self.reinterpreted_batch_ndims):
            result = result.all(-1)
        return result

    def __repr__(self):
        return f"IndependentConstraint({self.base_constraint!r}, {self.reinterpreted_batch_ndims})"


class _Simplex(Constraint):
    event_dim = 1

    def check(self, value):
        return (value >= 0).all(-1) & ((value.sum(-1) - 1).abs() < 1e-6)

    def __repr__(self):
        return "Simplex()"


class _Multinomial(Constraint):
    """Vectors of non-negative integer counts summing to at most ``upper_bound``."""
    is_discrete = True
    event_dim = 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return (value >= 0).all(-1) & (value.sum(-1) <= self.upper_bound)

    def __repr__(self):
        return "Multinomial()"


class _LowerCholesky(Constraint):
    event_dim = 2

    def check(self, value):
        lower = (value.tril() == value).all(-1).all(-1)
        return lower & (diagonal(value) > 0).all(-1)

    def __repr__(self):
        return "LowerCholesky()"


class _PositiveDefinite(Constraint):
    event_dim = 2

    def check(self, value):
        symmetric = ((value - value.mT).abs() <= 1e-6 * (value.abs() + 1)).all(-1).all(-1)
        return symmetric & cholesky_succeeds(value)

    def __repr__(self):
        return "PositiveDefinite()"


dependent = _Dependent()
boolean = _Boolean()
real = _Real()
real_vector = _Independent(real, 1)
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
unit_interval = _Interval(0.0, 1.0)
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
simplex = _Simplex()
lower_cholesky = _LowerCholesky()
positive_definite = _PositiveDefinite()
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
interval = _Interval
half_open_interval = _HalfOpenInterval
integer_interval = _IntegerInterval
independent = _Independent
multinomial = _Multinomial
