"""tensorlib: a PyTorch-style tensor library with define-by-run autograd.

Use it as ``import tensorlib as torch``."""
import importlib.machinery as _machinery
import os as _os

_compiled = ("_C", "_binary", "_blas", "_cascade_sum", "_conv", "_copy", "_elementwise", "_indexing", "_layout", "_nn",
             "_operators", "_optim_kernels", "_pool", "_random_kernels", "_recurrent", "_reduce", "_reduce_kernels",
             "_rows", "_simd_math", "_unary", "autograd._recording", "autograd.engine",
             "backends._aligned_memory")
_here = _os.path.dirname(_os.path.abspath(__file__))
_unbuilt = [name for name in _compiled
            if not any(_os.path.exists(_os.path.join(_here, *name.split(".")) + suffix)
                       for suffix in _machinery.EXTENSION_SUFFIXES)]
if _unbuilt:
    raise ImportError(
        f"tensorlib in {_here} has no compiled extensions ({', '.join(_unbuilt)} not built): it is an "
        f"unbuilt source tree. Run `pip install .` in {_os.path.dirname(_here)} (or, to develop there, "
        "`python setup.py build_ext --inplace`), or start Python outside that folder.")
del _machinery, _os, _here, _unbuilt

from . import _dtype
from ._dtype import (bool, double, dtype, float, float16, float32, float64, half, int, int8, int16,
                     int32, int64, long, short, uint8, get_default_dtype, promote_types)
from ._dtype import bfloat16
from ._type_info import finfo, iinfo
from ._device import device
from ._size import Size
from ._tensor import Tensor
from ._C import Storage as _Storage
from ._frombuffer import frombuffer
from . import _tensor_methods  # noqa: F401  (binds Tensor's methods)
from ._creation import (arange, as_tensor, asarray, empty, empty_strided, eye, from_numpy, full, linspace, logspace,
                        ones, rand, randint, randn, randperm, tensor, zeros)
from ._creation_like import empty_like, full_like, ones_like, rand_like, randint_like, randn_like, zeros_like
from ._memory_format import channels_last, channels_last_3d, contiguous_format, memory_format, preserve_format
from .random import Generator, default_generator, get_rng_state, initial_seed, manual_seed, seed, set_rng_state
from ._legacy import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, HalfTensor, IntTensor,
                      LongTensor, ShortTensor, set_default_dtype, set_default_tensor_type)
from ._legacy import BFloat16Tensor
from ._functional import *  # noqa: F401,F403  (torch.view, torch.cat, torch.add, ...)
from ._tensor_str import set_printoptions
from ._threads import get_num_threads, set_num_threads
from .runner import use_as_torch

__version__ = "0.1.0"


def is_tensor(obj):
    """Whether ``obj`` is a tensor.

    Example::

        >>> torch.is_tensor(torch.zeros(1)), torch.is_tensor([1])
        (True, False)
    """
    return isinstance(obj, Tensor)


def is_floating_point(input):
    """Whether the dtype of the tensor ``input`` is a floating-point one.

    Example::

        >>> torch.is_floating_point(torch.tensor([1, 2]))
        False
    """
    return input.is_floating_point()


def numel(input):
    """The number of elements of the tensor ``input``.

    Example::

        >>> torch.numel(torch.zeros(2, 3))
        6
    """
    return input.numel()


def is_storage(obj):
    """Whether ``obj`` is a storage (what ``Tensor.untyped_storage()`` returns).

    Example::

        >>> torch.is_storage(torch.zeros(2).untyped_storage())
        True
    """
    return isinstance(obj, _Storage)


def typename(obj):
    """The type name PyTorch gives ``obj``: a tensor's legacy type, else its class's qualified
    name, with the module unless it is a builtin.

    Args:
        obj: a tensor, a class or any object.

    Returns:
        str: the name.

    Example::

        >>> torch.typename(torch.zeros(1))
        'torch.FloatTensor'
    """
    if isinstance(obj, Tensor):
        return obj.type()
    cls = obj if isinstance(obj, type) else type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", "", None) else f"{module}.{cls.__qualname__}"


from . import autograd  # noqa: E402
from .autograd import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled,  # noqa: E402
                       no_grad, set_grad_enabled)
from .serialization import save, load  # noqa: E402
from . import utils, viz  # noqa: E402
from . import cuda  # noqa: E402
from . import accelerator  # noqa: E402
from .ops import return_types  # noqa: E402
from . import nn, optim  # noqa: E402
from . import linalg  # noqa: E402
from . import distributions  # noqa: E402
from ._creation import from_dlpack  # noqa: E402
from .nn.functional._layer_norm import rms_norm  # noqa: E402
from .nn.functional._layer_norm import torch_group_norm as group_norm, torch_layer_norm as layer_norm  # noqa: E402
from . import amp, backends, cpu, distributed  # noqa: E402
from . import testing  # noqa: E402
from .autograd import functional as _autograd_functional  # noqa: E402,F401  (torch.autograd.functional)
from .amp import autocast  # noqa: E402
from .amp.autocast_mode import (clear_autocast_cache, get_autocast_dtype, is_autocast_cache_enabled,  # noqa: E402
                                is_autocast_enabled, set_autocast_cache_enabled, set_autocast_dtype,
                                set_autocast_enabled)
from .backends import get_default_device, set_default_device  # noqa: E402
from .backends._precision import get_float32_matmul_precision, set_float32_matmul_precision  # noqa: E402
from ._compile import compile  # noqa: E402
from ._deterministic import (are_deterministic_algorithms_enabled, get_deterministic_debug_mode,  # noqa: E402
                             is_deterministic_algorithms_warn_only_enabled, set_deterministic_debug_mode,
                             use_deterministic_algorithms)
from .nn.functional._instance_norm import torch_instance_norm as instance_norm  # noqa: E402
from .nn.functional import (adaptive_avg_pool1d, avg_pool1d, conv1d, conv2d, conv3d,  # noqa: E402,F401
                            conv_transpose1d, conv_transpose2d, conv_transpose3d, max_pool1d,
                            max_pool1d_with_indices, max_pool2d, max_pool3d)
from .nn.functional import adaptive_max_pool1d_with_indices as adaptive_max_pool1d  # noqa: E402,F401
from .nn.functional import pixel_shuffle, pixel_unshuffle  # noqa: E402,F401
