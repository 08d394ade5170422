"""``torch.distributions``: probability distributions with PyTorch's shape semantics
(``sample_shape + batch_shape + event_shape``), reparameterised sampling
(``rsample``), ``log_prob``/``entropy``/moments, argument validation, and KL
divergences.  Every sample is drawn through tensorlib's generator."""
from . import constraints
from .bernoulli import Bernoulli
from .beta import Beta
from .categorical import Categorical
from .distribution import Distribution
from .gamma import Gamma
from .independent import Independent
from .kl import kl_divergence, register_kl
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .uniform import Uniform

__all__ = ["Bernoulli", "Beta", "Categorical", "Distribution", "Gamma", "Independent", "Multinomial",
           "MultivariateNormal", "Normal", "Uniform", "constraints", "kl_divergence", "register_kl"]
