"""``tensorlib.nn``: modules, parameters, initialisation and the functional ops
of neural networks (``import tensorlib.nn as nn``)."""
from .parameter import Parameter
from . import functional, init, parallel, utils
from .modules import *  # noqa: F401,F403
from .modules import __all__ as _modules_all
from .modules.module import Module
from .parallel import DataParallel

__all__ = ["Parameter", "functional", "init", "parallel", "utils", "DataParallel"] + list(_modules_all)
