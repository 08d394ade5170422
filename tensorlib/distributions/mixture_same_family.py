"""``MixtureSameFamily``: a categorical mixture of components of one family."""
from .._size import Size
from ..autograd.grad_mode import no_grad
from . import constraints
from .categorical import Categorical
from .distribution import Distribution

__all__ = ["MixtureSameFamily"]


class _MixtureSameFamilyConstraint(constraints.Constraint):
    """The components' support, checked per mixture element."""

    def __init__(self, base):
        self.base_constraint = base
        self.is_discrete, self.event_dim = base.is_discrete, base.event_dim

    def check(self, value):
        result = self.base_constraint.check(value)
        for _ in range(self.event_dim):
            result = result.all(-1)
        return result

    def __repr__(self):
        return f"MixtureSameFamilyConstraint({self.base_constraint!r})"


class MixtureSameFamily(Distribution):
    """A mixture: draws a component index from ``mixture_distribution``, then a value from that
    component of ``component_distribution``.

    Args:
        mixture_distribution (Categorical): the weights, over the last batch dim of the components.
        component_distribution (Distribution): the components, batched along that dim.
        validate_args (bool, optional): check the parameters and the values given to ``log_prob``.
            Default: the global setting (on).

    Example::

        >>> mix = torch.distributions.Categorical(torch.tensor([0.5, 0.5]))
        >>> comp = torch.distributions.Normal(torch.tensor([-1.0, 1.0]), torch.tensor([1.0, 1.0]))
        >>> gmm = torch.distributions.MixtureSameFamily(mix, comp)
        >>> gmm.mean, gmm.log_prob(torch.tensor(0.0))
        (tensor(0.), tensor(-1.4189))
    """
    arg_constraints = {}
    has_rsample = False

    def __init__(self, mixture_distribution, component_distribution, validate_args=None):
        if not isinstance(mixture_distribution, Categorical):
            raise ValueError(" The Mixture distribution needs to be an  instance of torch.distributions.Categorical")
        if not isinstance(component_distribution, Distribution):
            raise ValueError("The Component distribution needs to be an instance of torch.distributions.Distribution")
        mixture_batch = tuple(mixture_distribution.batch_shape)
        component_batch = tuple(component_distribution.batch_shape[:-1])
        for m, c in zip(reversed(mixture_batch), reversed(component_batch)):
            if m != 1 and c != 1 and m != c:
                raise ValueError(f"`mixture_distribution.batch_shape` ({mixture_distribution.batch_shape}) is not "
                                 "compatible with `component_distribution.batch_shape`"
                                 f"({component_distribution.batch_shape})")
        components = mixture_distribution.logits.shape[-1]
        if components != component_distribution.batch_shape[-1]:
            raise ValueError(f"`mixture_distribution component` ({components}) does not equal "
                             f"`component_distribution.batch_shape[-1]` ({component_distribution.batch_shape[-1]})")
        self._mixture_distribution = mixture_distribution
        self._component_distribution = component_distribution
        self._num_component = components
        self._event_ndims = len(component_distribution.event_shape)
        super().__init__(component_distribution.batch_shape[:-1], component_distribution.event_shape,
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._expansion(batch_shape, _instance)
        new._component_distribution = self._component_distribution.expand(
            new.batch_shape + (self._num_component,))
        new._mixture_distribution = self._mixture_distribution.expand(new.batch_shape)
        new._num_component, new._event_ndims = self._num_component, self._event_ndims
        return new

    @constraints.dependent_property
    def support(self):
        return _MixtureSameFamilyConstraint(self._component_distribution.support)

    @property
    def mixture_distribution(self):
        """The ``Categorical`` of the mixture weights."""
        return self._mixture_distribution

    @property
    def component_distribution(self):
        """The distribution of the components."""
        return self._component_distribution

    def _pad_mixture(self, weights):
        """Mixture weights (..., K) as (..., K, 1, ...) against the components' events."""
        return weights.reshape(tuple(weights.shape) + (1,) * self._event_ndims)

    def _pad_value(self, x):
        """A value (..., event) as (..., 1, event) against the components."""
        return x.unsqueeze(-1 - self._event_ndims)

    @property
    def mean(self):
        weights = self._pad_mixture(self._mixture_distribution.probs)
        return (weights * self._component_distribution.mean).sum(-1 - self._event_ndims)

    @property
    def variance(self):
        # the law of total variance: the mean of the components' variances plus the variance of their means
        weights = self._pad_mixture(self._mixture_distribution.probs)
        dim = -1 - self._event_ndims
        within = (weights * self._component_distribution.variance).sum(dim)
        between = (weights * (self._component_distribution.mean - self._pad_value(self.mean)).pow(2)).sum(dim)
        return within + between

    def cdf(self, x):
        return (self._component_distribution.cdf(self._pad_value(x)) * self._mixture_distribution.probs).sum(-1)

    def log_prob(self, x):
        if self._validate_args:
            self._validate_sample(x)
        # the Categorical's logits are normalised: log p(x) = logsumexp_k (log w_k + log p_k(x))
        component_log_prob = self._component_distribution.log_prob(self._pad_value(x))
        return (component_log_prob + self._mixture_distribution.logits).logsumexp(-1)

    def sample(self, sample_shape=Size()):
        with no_grad():
            sample_shape = Size(sample_shape)
            choice = self._mixture_distribution.sample(sample_shape)  # sample_shape + batch_shape
            draws = self._component_distribution.sample(sample_shape)  # sample_shape + batch + (K,) + event
            index = choice.reshape(tuple(choice.shape) + (1,) * (self._event_ndims + 1))
            index = index.expand(tuple(choice.shape) + (1,) + tuple(self._event_shape))
            return draws.gather(len(sample_shape) + len(self._batch_shape), index).squeeze(
                len(sample_shape) + len(self._batch_shape))

    def __repr__(self):
        return (f"{type(self).__name__}(\n  {self._mixture_distribution!r},\n  "
                f"{self._component_distribution!r})")
