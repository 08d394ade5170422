"""Convolution, pooling, resampling and padding against a live PyTorch: the
refusals, reprs and node names of ``test_nn_conv.py`` replayed, and values
with input, weight and bias gradients over many configurations (groups,
strides, dilations, odd sizes, float32 and float64).  Skipped without PyTorch."""
import numpy as np
import pytest

import tensorlib
from parity import real_torch
from test_nn_conv import ERRORS, NODE_NAMES, REPRS, namespace, raised

pytestmark = [pytest.mark.parity, pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")]


@pytest.fixture(scope="module")
def torch():
    return real_torch()


@pytest.mark.parametrize("expression", [c[0] for c in ERRORS])
def test_refusals_match_pytorch(expression, torch):
    assert raised(expression) == raised(expression, torch)


@pytest.mark.parametrize("expression", [c[0] for c in REPRS])
def test_reprs_match_pytorch(expression, torch):
    assert repr(eval(expression, namespace(tensorlib))) == repr(eval(expression, namespace(torch)))


@pytest.mark.parametrize("expression", [c[0] for c in NODE_NAMES])
def test_node_names_match_pytorch(expression, torch):
    assert eval(expression, namespace(tensorlib)).grad_fn.name() == eval(expression, namespace(torch)).grad_fn.name()


# (function name, shapes of the operands, keyword arguments); operands are float tensors drawn from the seed
CASES = [
    ("conv1d", [(2, 4, 9), (6, 2, 3), (6,)], dict(stride=2, padding=1, dilation=2, groups=2)),
    ("conv1d", [(3, 5, 11), (4, 5, 4)], dict(padding="same")),
    ("conv1d", [(1, 3, 7), (2, 3, 1)], dict(stride=3)),
    ("conv1d", [(4, 7), (8, 1, 3), (8,)], dict(groups=4, padding="valid")),
    ("conv2d", [(2, 4, 7, 6), (6, 2, 3, 2), (6,)], dict(stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)),
    ("conv2d", [(1, 3, 5, 8), (2, 3, 2, 4)], dict(padding="same", dilation=(2, 1))),
    ("conv3d", [(2, 4, 5, 6, 5), (6, 2, 3, 2, 3), (6,)], dict(stride=(2, 1, 1), padding=(1, 0, 1), groups=2)),
    ("conv_transpose1d", [(2, 4, 9), (4, 3, 3), (6,)], dict(stride=2, padding=1, output_padding=1, groups=2)),
    ("conv_transpose1d", [(2, 4, 9), (4, 3, 3)], dict(stride=3, padding=1, output_padding=2, dilation=2)),
    ("conv_transpose1d", [(4, 5), (4, 1, 4), (4,)], dict(groups=4, padding=2)),
    ("conv_transpose2d", [(2, 4, 7, 6), (4, 3, 3, 2), (6,)],
     dict(stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2)),
    ("conv_transpose2d", [(4, 7, 6), (4, 3, 3, 2), (6,)], dict(padding=2, groups=2, dilation=(2, 1))),
    ("conv_transpose3d", [(2, 4, 3, 4, 3), (4, 1, 2, 3, 2), (4,)],
     dict(stride=(2, 1, 2), padding=(0, 1, 1), output_padding=(1, 0, 0), groups=4, dilation=(1, 1, 2))),
    ("avg_pool1d", [(2, 4, 9)], dict(kernel_size=3)),
    ("avg_pool1d", [(2, 4, 9)], dict(kernel_size=4, stride=3, padding=2, ceil_mode=True, count_include_pad=False)),
    ("avg_pool2d", [(2, 3, 9, 7)], dict(kernel_size=(3, 2), stride=2, padding=1, ceil_mode=True,
                                        count_include_pad=False)),
    ("avg_pool2d", [(2, 3, 9, 7)], dict(kernel_size=3, stride=2, padding=1, divisor_override=2)),
    ("max_pool1d", [(2, 4, 9)], dict(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True)),
    ("max_pool1d", [(4, 10)], dict(kernel_size=2)),
    ("max_pool2d", [(2, 3, 9, 7)], dict(kernel_size=(3, 2), stride=2, padding=1, dilation=2, ceil_mode=True)),
    ("max_pool3d", [(2, 3, 5, 6, 7)], dict(kernel_size=(3, 2, 3), stride=(2, 1, 2), padding=1, dilation=(1, 2, 1),
                                         ceil_mode=True)),
    ("avg_pool3d", [(2, 3, 5, 6, 7)], dict(kernel_size=3, stride=2, padding=1, ceil_mode=True,
                                         count_include_pad=False)),
    ("avg_pool3d", [(3, 5, 6, 7)], dict(kernel_size=(2, 3, 1), divisor_override=4)),
    ("lp_pool1d", [(2, 4, 9)], dict(norm_type=3, kernel_size=3, stride=2, ceil_mode=True)),
    ("lp_pool2d", [(2, 3, 8, 7)], dict(norm_type=2, kernel_size=(3, 2))),
    ("lp_pool3d", [(2, 3, 5, 6, 4)], dict(norm_type=1.5, kernel_size=2, stride=(1, 2, 1))),
    ("adaptive_avg_pool1d", [(2, 4, 9)], dict(output_size=4)),
    ("adaptive_avg_pool1d", [(4, 5)], dict(output_size=11)),
    ("adaptive_avg_pool2d", [(2, 3, 9, 7)], dict(output_size=(4, 5))),
    ("adaptive_avg_pool2d", [(3, 9, 7)], dict(output_size=(None, 3))),
    ("adaptive_max_pool1d", [(2, 4, 9)], dict(output_size=4)),
    ("adaptive_max_pool2d", [(2, 3, 9, 7)], dict(output_size=(4, 5))),
    ("adaptive_max_pool2d", [(3, 5, 4)], dict(output_size=(10, 9))),
    ("adaptive_avg_pool3d", [(2, 3, 5, 6, 7)], dict(output_size=(3, None, 4))),
    ("adaptive_max_pool3d", [(3, 5, 6, 7)], dict(output_size=(7, 2, 3))),
    ("interpolate", [(1, 2, 5, 6, 7)], dict(size=(2, 4, 3), mode="area")),
    ("interpolate", [(2, 3, 7)], dict(scale_factor=2)),
    ("interpolate", [(2, 3, 7)], dict(size=11, mode="nearest-exact")),
    ("interpolate", [(2, 3, 7)], dict(scale_factor=0.6, mode="linear")),
    ("interpolate", [(2, 3, 7)], dict(size=12, mode="linear", align_corners=True)),
    ("interpolate", [(2, 3, 5, 6)], dict(scale_factor=1.7)),
    ("interpolate", [(2, 3, 5, 6)], dict(size=(9, 4), mode="bilinear")),
    ("interpolate", [(2, 3, 5, 6)], dict(scale_factor=(2.5, 0.5), mode="bilinear", align_corners=True)),
    ("interpolate", [(2, 3, 5, 6)], dict(scale_factor=2.5, mode="bilinear", recompute_scale_factor=True)),
    ("interpolate", [(2, 3, 5, 6)], dict(size=(9, 4), mode="bicubic")),
    ("interpolate", [(2, 3, 5, 6)], dict(scale_factor=1.3, mode="bicubic", align_corners=True)),
    ("interpolate", [(2, 3, 5, 6)], dict(size=(3, 4), mode="area")),
    ("interpolate", [(2, 3, 9, 8)], dict(size=(4, 3), mode="bilinear", antialias=True)),
    ("interpolate", [(2, 3, 9, 8)], dict(scale_factor=(0.3, 1.6), mode="bicubic", antialias=True)),
    ("interpolate", [(2, 3, 9, 8)], dict(scale_factor=0.45, mode="bilinear", antialias=True, align_corners=True)),
    ("interpolate", [(2, 3, 9, 8)], dict(scale_factor=(0.6, 1.7), mode="lanczos", antialias=True)),
    ("interpolate", [(1, 2, 3, 4, 5)], dict(size=(5, 3, 7), mode="trilinear")),
    ("interpolate", [(1, 2, 3, 4, 5)], dict(scale_factor=2, mode="nearest-exact")),
    ("unfold", [(2, 3, 7, 6)], dict(kernel_size=(3, 2), dilation=(1, 2), padding=1, stride=2)),
    ("unfold", [(3, 7, 6)], dict(kernel_size=2)),
    ("fold", [(2, 12, 12)], dict(output_size=(5, 6), kernel_size=(2, 3), padding=(1, 0), stride=(2, 1))),
    ("fold", [(12, 30)], dict(output_size=(6, 7), kernel_size=2)),
    ("pixel_shuffle", [(2, 3, 18, 4, 5)], dict(upscale_factor=3)),
    ("pixel_unshuffle", [(2, 3, 4, 6)], dict(downscale_factor=2)),
    ("grid_sample", [(2, 3, 5, 6), (2, 4, 7, 2)], dict(mode="bilinear", padding_mode="zeros", align_corners=False)),
    ("grid_sample", [(2, 3, 5, 6), (2, 4, 7, 2)], dict(mode="bicubic", padding_mode="reflection", align_corners=True)),
    ("grid_sample", [(2, 3, 5, 6), (2, 4, 7, 2)], dict(mode="nearest", padding_mode="border", align_corners=False)),
    ("grid_sample", [(2, 3, 4, 5, 3), (2, 2, 3, 4, 3)], dict(mode="bilinear", padding_mode="reflection",
                                                          align_corners=False)),
    ("affine_grid", [(2, 2, 3)], dict(size=(2, 3, 4, 5), align_corners=False)),
    ("affine_grid", [(2, 3, 4)], dict(size=(2, 3, 4, 5, 3), align_corners=True)),
    ("pad", [(2, 3, 7)], dict(pad=(2, 3), mode="reflect")),
    ("pad", [(2, 3, 5, 6)], dict(pad=(2, -1, 1, 3), mode="replicate")),
    ("pad", [(2, 3, 5, 6)], dict(pad=(2, 1, 1, 3), mode="circular")),
    ("pad", [(1, 2, 3, 4, 5)], dict(pad=(1, 2, 2, 1, 2, 1), mode="reflect")),
    ("pad", [(3, 5, 6)], dict(pad=(2, 1), value=1.5)),
]


def _run(library, name, arrays, kwargs, dtype):
    tensors = [library.tensor(a, dtype=dtype, requires_grad=True) for a in arrays]
    out = getattr(library.nn.functional, name)(*tensors, **kwargs)
    weights = library.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)), dtype=dtype)
    (out * weights).sum().backward()
    return out.grad_fn.name(), out.detach().numpy(), [t.grad.numpy() for t in tensors]


@pytest.mark.parametrize("dtype_name, tolerance", [("float64", 1e-10), ("float32", 2e-5)])
@pytest.mark.parametrize("name, shapes, kwargs", CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
def test_values_and_gradients_match_pytorch(name, shapes, kwargs, dtype_name, tolerance, torch):
    rng = np.random.default_rng(len(str(kwargs)))
    arrays = [rng.standard_normal(shape) for shape in shapes]
    theirs = _run(torch, name, arrays, kwargs, getattr(torch, dtype_name))
    ours = _run(tensorlib, name, arrays, kwargs, getattr(tensorlib, dtype_name))
    if kwargs.get("mode") != "circular":   # PyTorch records circular padding as copies of slices (CopySlices)
        assert ours[0] == theirs[0]
    assert ours[1].dtype == theirs[1].dtype and ours[1].shape == theirs[1].shape
    np.testing.assert_allclose(ours[1], theirs[1], rtol=tolerance, atol=tolerance)
    for our_grad, their_grad in zip(ours[2], theirs[2]):
        np.testing.assert_allclose(our_grad, their_grad, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("dims", [1, 2, 3])
def test_max_unpool_matches_pytorch(dims, torch):
    array = np.random.default_rng(10).standard_normal((2, 3) + (5,) * dims)
    results = []
    for library in (torch, tensorlib):
        functional = library.nn.functional
        pool, unpool = getattr(functional, f"max_pool{dims}d"), getattr(functional, f"max_unpool{dims}d")
        values, indices = pool(library.tensor(array), 3, 2, 1, return_indices=True)
        values.requires_grad_()
        out = unpool(values, indices, 3, 2, 1, output_size=(6,) * dims)
        (out * library.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)))).sum().backward()
        results.append((out.grad_fn.name(), out.detach().numpy(), values.grad.numpy()))
    assert results[1][0] == results[0][0]
    np.testing.assert_array_equal(results[1][1], results[0][1])
    np.testing.assert_allclose(results[1][2], results[0][2], rtol=1e-12)


@pytest.mark.parametrize("kwargs", [dict(size=(9, 4)), dict(scale_factor=1.05), dict(scale_factor=2)], ids=str)
@pytest.mark.parametrize("mode", ["nearest", "nearest-exact"])
def test_nearest_resampling_of_bytes_matches_pytorch(mode, kwargs, torch):
    array = np.random.default_rng(5).integers(0, 256, (1, 2, 5, 6)).astype(np.uint8)
    theirs = torch.nn.functional.interpolate(torch.tensor(array), mode=mode, **kwargs).numpy()
    np.testing.assert_array_equal(
        tensorlib.nn.functional.interpolate(tensorlib.tensor(array), mode=mode, **kwargs).numpy(), theirs)


@pytest.mark.parametrize("module", ["Conv1d(4, 6, 3, padding=2, groups=2, padding_mode='reflect')",
                                    "Conv2d(4, 6, (3, 2), padding='same', padding_mode='circular')",
                                    "Conv1d(4, 6, 3, stride=2, padding_mode='replicate', bias=False)",
                                    "ConvTranspose1d(4, 6, 3, stride=2, groups=2)",
                                    "ConvTranspose2d(4, 6, 3, stride=2, padding=1, dilation=2)"])
def test_conv_layers_match_pytorch(module, torch):
    theirs = eval(module, {"__builtins__": {}}, vars(torch.nn))
    ours = eval(module, {"__builtins__": {}}, vars(tensorlib.nn))
    ours.load_state_dict({k: tensorlib.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(6).standard_normal((2, 4, 9) if "1d" in module else (2, 4, 9, 8)).astype(np.float32)
    np.testing.assert_allclose(ours(tensorlib.tensor(x)).detach().numpy(), theirs(torch.tensor(x)).detach().numpy(),
                               rtol=1e-5, atol=1e-5)
