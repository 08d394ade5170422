"""What the distributions of a location (and scale) parameter share."""
from . import constraints
from .distribution import Distribution


class LocationMoments:
    """mean and mode are the location ``loc`` (symmetric unimodal distributions)."""

    @property
    def mean(self):
        """The mean: the location ``loc``, about which the distribution is symmetric."""
        return self.loc

    @property
    def mode(self):
        """The mode: the location ``loc``, where the density peaks."""
        return self.loc


class LocationScale(LocationMoments, Distribution):
    """A reparameterisable distribution of real values given by ``loc`` and a positive ``scale``,
    broadcast together into the batch (Normal, Laplace)."""
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        self._init_parameters(validate_args, loc=loc, scale=scale)

    def expand(self, batch_shape, _instance=None):
        return self._expanded(batch_shape, _instance, ("loc", "scale"))
