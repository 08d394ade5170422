"""``Distribution``: the base of the probability distributions, with PyTorch's
shape semantics (``sample_shape + batch_shape + event_shape``) and its argument
and sample validation (on by default, as under ``python`` without ``-O``)."""
import numbers
import warnings

from .._size import Size
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from . import constraints
from .utils import broadcast_all, lazy_property

__all__ = ["Distribution"]


def _describe(value):
    """How a parameter appears in a distribution's repr: a 0-d tensor as its number, a
    one-element tensor as itself, a larger one by its size."""
    if value.numel() != 1:
        return str(value.size())
    return str(value.item()) if value.dim() == 0 else str(value)


def _shape_of(sample_shape):
    if isinstance(sample_shape, Size):
        return sample_shape
    return Size(sample_shape)


class Distribution:
    """Base class of the probability distributions: events of ``event_shape``, batched over ``batch_shape``.

    Subclasses set ``arg_constraints`` and ``support`` and implement ``sample`` or ``rsample``
    (``has_rsample`` is True for reparameterised, differentiable samples), ``log_prob``, and,
    where they exist, ``mean``, ``mode``, ``variance``, ``entropy``, ``cdf``, ``icdf``,
    ``enumerate_support`` and ``expand``.

    Args:
        batch_shape (torch.Size): the shape of the batch of distributions. Default: ``()``.
        event_shape (torch.Size): the shape of one sample. Default: ``()``.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).
    """
    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__

    @staticmethod
    def set_default_validate_args(value):
        """Turns argument and sample validation on (True) or off (False) for new distributions."""
        if value not in [True, False]:
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=Size(), event_shape=Size(), validate_args=None):
        self._batch_shape = _shape_of(batch_shape)
        self._event_shape = _shape_of(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if self._validate_args:
            try:
                arg_constraints = self.arg_constraints
            except NotImplementedError:
                arg_constraints = {}
                warnings.warn(f"{self.__class__} does not define `arg_constraints`. Please set "
                              "`arg_constraints = {}` or initialize the distribution with `validate_args=False` "
                              "to turn off validation.", stacklevel=2)
            for param, constraint in arg_constraints.items():
                if constraints.is_dependent(constraint):
                    continue
                if param not in self.__dict__ and isinstance(getattr(type(self), param, None), lazy_property):
                    continue  # the other parametrisation was given
                value = getattr(self, param)
                if not bool(constraint.check(value).all()):
                    raise ValueError(
                        f"Expected parameter {param} ({type(value).__name__} of shape {tuple(value.shape)}) of "
                        f"distribution {self!r} to satisfy the constraint {constraint!r}, but found invalid "
                        f"values:\n{value}")

    def _init_parameters(self, validate_args, **parameters):
        """Sets the ``parameters`` (tensors or numbers) broadcast together as attributes, then the
        batch shape they give (() when all are numbers) and validation."""
        values = broadcast_all(*parameters.values())
        for name, value in zip(parameters, values):
            setattr(self, name, value)
        scalar = all(isinstance(value, numbers.Number) for value in parameters.values())
        Distribution.__init__(self, Size() if scalar else values[0].size(), validate_args=validate_args)

    # ---- shapes ------------------------------------------------------------------------------------
    @property
    def batch_shape(self):
        """The shape over which the parameters are batched."""
        return self._batch_shape

    @property
    def event_shape(self):
        """The shape of one sample (one event)."""
        return self._event_shape

    def _extended_shape(self, sample_shape=Size()):
        return _shape_of(sample_shape) + self._batch_shape + self._event_shape

    def expand(self, batch_shape, _instance=None):
        """A distribution of the same parameters expanded to ``batch_shape`` (no copy)."""
        raise NotImplementedError

    def _expanded(self, batch_shape, _instance, names):
        """``expand`` for a distribution whose parameters ``names`` have the batch shape."""
        new = self._expansion(batch_shape, _instance)
        for name in names:
            if name in self.__dict__:
                value = self.__dict__[name]
                new.__dict__[name] = value.expand(new._batch_shape + value.shape[len(self._batch_shape):])
        return new

    def _expansion(self, batch_shape, _instance):
        """The instance ``expand`` fills in (``_instance`` or a new one of this type), with the
        shapes set and this distribution's validation setting; its parameters are not set."""
        new = _instance if _instance is not None else type(self).__new__(type(self))
        Distribution.__init__(new, _shape_of(batch_shape), self._event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    # ---- the interface -------------------------------------------------------------------------------
    @property
    def arg_constraints(self):
        """{parameter name: constraint} that validation checks."""
        raise NotImplementedError

    @property
    def support(self):
        """The constraint that samples satisfy."""
        raise NotImplementedError

    @property
    def mean(self):
        """The mean, of shape ``batch_shape + event_shape``."""
        raise NotImplementedError

    @property
    def mode(self):
        """The most likely value, of shape ``batch_shape + event_shape``."""
        raise NotImplementedError(f"{self.__class__} does not implement mode")

    @property
    def variance(self):
        """The variance, of shape ``batch_shape + event_shape``."""
        raise NotImplementedError

    @property
    def stddev(self):
        """The standard deviation (the square root of the variance)."""
        return self.variance.sqrt()

    def sample(self, sample_shape=Size()):
        """Samples of shape ``sample_shape + batch_shape + event_shape``, without gradient."""
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=Size()):
        """Reparameterised samples, differentiable with respect to the parameters."""
        raise NotImplementedError

    def sample_n(self, n):
        """``sample((n,))``."""
        warnings.warn("sample_n will be deprecated. Use .sample((n,)) instead", UserWarning, stacklevel=2)
        return self.sample(Size((n,)))

    def log_prob(self, value):
        """The log of the density (or mass) at ``value``."""
        raise NotImplementedError

    def cdf(self, value):
        """The cumulative distribution function at ``value``."""
        raise NotImplementedError

    def icdf(self, value):
        """The inverse cumulative distribution function at ``value``."""
        raise NotImplementedError

    def enumerate_support(self, expand=True):
        """Every value of a discrete distribution's support along dim 0."""
        raise NotImplementedError

    def entropy(self):
        """The entropy, per batch element."""
        raise NotImplementedError

    def perplexity(self):
        """exp(entropy)."""
        return self.entropy().exp()

    # ---- validation -------------------------------------------------------------------------------------
    def _validate_sample(self, value):
        """Raises PyTorch's ValueError for a value of the wrong type, shape or outside the support."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        start = value.dim() - len(self._event_shape)
        if tuple(value.shape[start:]) != tuple(self._event_shape):
            raise ValueError(f"The right-most size of value must match event_shape: {value.size()} vs "
                             f"{self._event_shape}.")
        actual, expected = value.size(), self._batch_shape + self._event_shape
        for i, j in zip(reversed(actual), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError(f"Value is not broadcastable with batch_shape+event_shape: {actual} vs "
                                 f"{expected}.")
        try:
            support = self.support
        except NotImplementedError:
            warnings.warn(f"{self.__class__} does not define `support` to enable sample validation. Please "
                          "initialize the distribution with `validate_args=False` to turn off validation.",
                          stacklevel=2)
            return
        if not bool(support.check(value).all()):
            raise ValueError(f"Expected value argument ({type(value).__name__} of shape {tuple(value.shape)}) to "
                             f"be within the support ({support!r}) of the distribution {self!r}, but found "
                             f"invalid values:\n{value}")

    def __repr__(self):
        names = [name for name in self.arg_constraints if name in self.__dict__]
        described = ", ".join(f"{name}: {_describe(self.__dict__[name])}" for name in names)
        return f"{type(self).__name__}({described})"
