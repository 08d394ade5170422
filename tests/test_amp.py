"""torch.amp: autocast regions (the casts of the matrix products, linear, convolutions and losses, the
thread-local state, nesting, decorators, the deprecated torch.cuda.amp / torch.cpu.amp spellings) and
GradScaler (scaling, unscaling, skipped steps, the scale's growth and backoff, checkpoints, the disabled
pass-through)."""
import pickle
import threading
import warnings

import pytest

import tensorlib as torch
from tensorlib import nn
from tensorlib.nn import functional as F


def operands():
    return torch.randn(2, 3), torch.randn(3, 2)


# ---- autocast --------------------------------------------------------------------------------------
def test_float16_region_casts_the_products_and_keeps_the_rest():
    a, b = operands()
    lin = nn.Linear(3, 2)
    with torch.autocast("cpu", dtype=torch.float16):
        assert torch.is_autocast_enabled("cpu") and not torch.is_autocast_enabled()
        assert torch.get_autocast_dtype("cpu") is torch.float16
        for product in (a @ b, a.matmul(b), a.mm(b), torch.matmul(a, b), torch.mm(a, b), lin(a),
                        torch.bmm(a[None], b[None]), torch.addmm(torch.zeros(2, 2), a, b)):
            assert product.dtype is torch.float16
        assert (a + 1).dtype is torch.float32 and a.sum().dtype is torch.float32
        assert (a.double() @ b.double()).dtype is torch.float64  # float64 is never cast
        assert torch.matmul(a.int(), b.int()).dtype is torch.int32
        assert F.mse_loss(lin(a), torch.zeros(2, 2)).dtype is torch.float32  # the losses run in float32
        assert F.cross_entropy(lin(a), torch.tensor([0, 1])).dtype is torch.float32
        conv = F.conv2d(torch.randn(1, 1, 4, 4), torch.randn(1, 1, 2, 2))
        assert conv.dtype is torch.float16
    assert (a @ b).dtype is torch.float32 and not torch.is_autocast_enabled("cpu")


def test_region_values_are_the_float16_rounding_of_the_product():
    a, b = operands()
    with torch.autocast("cpu", dtype=torch.float16):
        got = a @ b
    assert torch.equal(got, a.half().float().matmul(b.half().float()).half())


def test_graph_records_the_casts_and_gradients_reach_float32_parameters():
    lin = nn.Linear(3, 2)
    x = torch.randn(4, 3)
    with torch.autocast("cpu", dtype=torch.float16):
        y = lin(x)
        assert y.grad_fn.name() == "AddmmBackward0"
        names = [None if fn is None else fn.name() for fn, _ in y.grad_fn.next_functions]
        assert names == ["ToCopyBackward0", None, "TBackward0"]
    y.float().sum().backward()
    assert lin.weight.grad.dtype is torch.float32 and lin.weight.grad.shape == (2, 3)


def test_parameter_casts_are_cached_inside_the_region_only():
    lin = nn.Linear(3, 2)
    with torch.autocast("cpu", dtype=torch.float16):
        first = lin(torch.randn(1, 3)).grad_fn.next_functions[0][0]
        second = lin(torch.randn(1, 3)).grad_fn.next_functions[0][0]
        assert first is second  # one cast of the bias for the region
    with torch.autocast("cpu", dtype=torch.float16, cache_enabled=False):
        first = lin(torch.randn(1, 3)).grad_fn.next_functions[0][0]
        second = lin(torch.randn(1, 3)).grad_fn.next_functions[0][0]
        assert first is not second


def test_disabled_and_nested_regions():
    a, b = operands()
    with torch.autocast("cpu", dtype=torch.float16, enabled=False):
        assert (a @ b).dtype is torch.float32 and not torch.is_autocast_enabled("cpu")
    with torch.autocast("cpu", dtype=torch.float16):
        with torch.autocast("cpu", enabled=False):
            assert (a @ b).dtype is torch.float32
        assert (a @ b).dtype is torch.float16
    assert not torch.is_autocast_enabled("cpu")


def test_region_as_decorator_and_its_attributes():
    a, b = operands()
    region = torch.amp.autocast(device_type="cpu", dtype=torch.float16)
    assert (region.device, region.fast_dtype, region._enabled) == ("cpu", torch.float16, True)

    @torch.autocast("cpu", dtype=torch.float16)
    def product(x, y):
        return x @ y

    assert product(a, b).dtype is torch.float16 and product.__name__ == "product"
    assert (a @ b).dtype is torch.float32


def test_state_is_thread_local():
    a, b = operands()
    seen = []
    with torch.autocast("cpu", dtype=torch.float16):
        worker = threading.Thread(target=lambda: seen.append((torch.is_autocast_enabled("cpu"), (a @ b).dtype)))
        worker.start()
        worker.join()
    assert seen == [(False, torch.float32)]


def test_refused_regions_warn_and_disable():
    a, b = operands()
    with pytest.warns(UserWarning, match="In CPU autocast, but the target dtype is not supported"):
        region = torch.autocast("cpu", dtype=torch.float64)
    with region:
        assert (a @ b).dtype is torch.float32 and not torch.is_autocast_enabled("cpu")
    if not torch.cuda.is_available():
        with pytest.warns(UserWarning, match="CUDA is not available or torch_xla is imported. Disabling autocast."):
            with torch.autocast("cuda"):
                assert not torch.is_autocast_enabled("cuda")


def test_device_type_errors():
    with pytest.raises(ValueError, match="Expected `device_type` of type `str`, got: `<class 'int'>`"):
        torch.autocast(device_type=3)
    with pytest.raises(RuntimeError, match="device type at start of device string: foo"):
        torch.autocast("foo")
    with pytest.raises(RuntimeError, match="device string: foo"):
        torch.is_autocast_enabled("foo")
    with torch.autocast("mps"):  # a device type tensorlib has no tensors on: nothing to cast
        assert torch.is_autocast_enabled("mps")
    assert torch.amp.is_autocast_available("cpu")


def test_low_level_state_functions():
    a, b = operands()
    torch.set_autocast_dtype("cpu", torch.float16)
    torch.set_autocast_enabled("cpu", True)
    try:
        assert (a @ b).dtype is torch.float16
    finally:
        torch.set_autocast_enabled("cpu", False)
        torch.set_autocast_dtype("cpu", torch.amp.autocast_mode.state.DEFAULT_DTYPES["cpu"])
    assert (a @ b).dtype is torch.float32
    assert torch.is_autocast_cache_enabled()
    torch.set_autocast_cache_enabled(False)
    assert not torch.is_autocast_cache_enabled()
    torch.set_autocast_cache_enabled(True)
    torch.clear_autocast_cache()


def test_deprecated_spellings():
    with pytest.warns(FutureWarning, match=r"`torch.cpu.amp.autocast\(args...\)` is deprecated"):
        region = torch.cpu.amp.autocast(dtype=torch.float16)
    with region:
        assert torch.is_autocast_enabled("cpu")
    with pytest.warns(FutureWarning, match=r"`torch.cuda.amp.GradScaler\(args...\)` is deprecated"):
        torch.cuda.amp.GradScaler(enabled=False)
    from tensorlib.cuda.amp import autocast, custom_bwd, custom_fwd  # noqa: F401  (importable as in PyTorch)


def test_custom_function_forward_casts_its_inputs():
    class Double(torch.autograd.Function):
        @staticmethod
        @torch.amp.custom_fwd(device_type="cpu", cast_inputs=torch.float32)
        def forward(ctx, x):
            ctx.seen = (x.dtype, torch.is_autocast_enabled("cpu"))
            return x * 2

        @staticmethod
        @torch.amp.custom_bwd(device_type="cpu")
        def backward(ctx, grad):
            return grad * 2

    x = torch.ones(2, dtype=torch.float16, requires_grad=True)
    with torch.autocast("cpu", dtype=torch.float16):
        y = Double.apply(x)
    assert y.dtype is torch.float32
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


# ---- GradScaler ------------------------------------------------------------------------------------
def model_and_optimizer():
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    return model, torch.optim.SGD(model.parameters(), lr=0.1)


def test_scaler_scales_unscales_and_steps():
    model, opt = model_and_optimizer()
    scaler = torch.amp.GradScaler("cpu", init_scale=4.0, growth_interval=2)
    assert scaler.is_enabled() and scaler.get_scale() == 4.0
    loss = model(torch.ones(3, 2)).sum()
    scaled = scaler.scale(loss)
    assert scaled.grad_fn.name() == "MulBackward0" and scaled.item() == pytest.approx(4 * loss.item())
    assert scaler.scale([loss, (loss,)])[1][0].item() == pytest.approx(4 * loss.item())
    scaled.backward()
    scaler.unscale_(opt)
    assert model.weight.grad.tolist() == [[3.0, 3.0]]
    with pytest.raises(RuntimeError, match=r"unscale_\(\) has already been called on this optimizer"):
        scaler.unscale_(opt)
    before = model.weight.detach().clone()
    assert scaler.step(opt) is None
    assert torch.allclose(model.weight, before - 0.3)
    with pytest.raises(RuntimeError, match=r"unscale_\(\) is being called after step\(\)."):
        scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match=r"step\(\) has already been called since the last update\(\)."):
        scaler.step(opt)
    scaler.update()
    assert scaler.state_dict() == {"scale": 4.0, "growth_factor": 2.0, "backoff_factor": 0.5, "growth_interval": 2,
                                   "_growth_tracker": 1}


def test_scaler_skips_steps_on_inf_and_moves_the_scale():
    model, opt = model_and_optimizer()
    scaler = torch.amp.GradScaler("cpu", init_scale=4.0, growth_interval=2)
    before = model.weight.detach().clone()
    scaler.scale(model(torch.ones(3, 2)).sum() * float("inf")).backward()
    assert scaler.step(opt) is None
    assert torch.equal(model.weight, before)  # skipped
    scaler.update()
    assert scaler.get_scale() == 2.0
    for _ in range(2):
        opt.zero_grad()
        scaler.scale(model(torch.ones(3, 2)).sum()).backward()
        scaler.step(opt)
        scaler.update()
    assert scaler.get_scale() == 4.0 and scaler.state_dict()["_growth_tracker"] == 0
    scaler.update(new_scale=3.0)
    assert scaler.get_scale() == 3.0
    scaler.update(new_scale=torch.tensor(5.0))
    assert scaler.get_scale() == 5.0
    with pytest.raises(AssertionError, match="new_scale should be a float or a 1-element"):
        scaler.update(new_scale=torch.tensor([5.0, 3.0]))


def test_scaler_errors():
    model, opt = model_and_optimizer()
    scaler = torch.amp.GradScaler("cpu")
    with pytest.raises(AssertionError, match=r"Attempted update but _scale is None.  This may indicate"):
        scaler.update()
    with pytest.raises(ValueError, match="outputs must be a Tensor or an iterable of Tensors"):
        scaler.scale(3)
    scaler.scale(model(torch.ones(1, 2)).sum())
    with pytest.raises(RuntimeError, match="Closure use is not currently supported if GradScaler is enabled."):
        scaler.step(opt, closure=lambda: 0)
    with pytest.raises(AssertionError, match="No inf checks were recorded for this optimizer."):
        scaler.step(opt)
    with pytest.raises(RuntimeError, match="The source state dict is empty"):
        torch.amp.GradScaler("cpu").load_state_dict({})
    with pytest.raises(AssertionError, match="The growth factor must be > 1.0."):
        torch.amp.GradScaler("cpu", growth_factor=1.0)
    half = nn.Linear(2, 1).half()
    half_opt = torch.optim.SGD(half.parameters(), lr=0.1)
    scaler.scale(half(torch.ones(3, 2).half()).sum()).backward()
    with pytest.raises(ValueError, match="Attempting to unscale FP16 gradients."):
        scaler.unscale_(half_opt)


def test_scaler_checkpoint_and_pickle():
    model, opt = model_and_optimizer()
    scaler = torch.amp.GradScaler("cpu", init_scale=8.0)
    scaler.scale(model(torch.ones(1, 2)).sum()).backward()
    scaler.step(opt)
    scaler.update()
    other = torch.amp.GradScaler("cpu")
    other.load_state_dict(scaler.state_dict())
    assert other.get_scale() == 8.0 and other.state_dict() == scaler.state_dict()
    assert pickle.loads(pickle.dumps(scaler)).get_scale() == 8.0


def test_disabled_scaler_passes_through():
    model, opt = model_and_optimizer()
    scaler = torch.amp.GradScaler("cpu", enabled=False)
    loss = model(torch.ones(1, 2)).sum()
    assert scaler.scale(loss) is loss and scaler.scale(3) == 3
    loss.backward()
    before = model.weight.detach().clone()
    assert scaler.unscale_(opt) is None and scaler.step(opt) is None and scaler.update() is None
    assert not torch.equal(model.weight, before)  # the step ran
    assert scaler.get_scale() == 1.0 and scaler.state_dict() == {} and not scaler.is_enabled()
    scaler.load_state_dict({})


def test_cuda_scaler_without_cuda_disables_itself():
    if torch.cuda.is_available():
        pytest.skip("CUDA is available here")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scaler = torch.cuda.amp.GradScaler(enabled=True)
    assert [str(w.message) for w in caught][-1] == \
        "torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling."
    assert not scaler.is_enabled() and scaler.get_scale() == 1.0


def test_cpu_default_dtype_without_bfloat16_disables_the_region():
    if hasattr(torch, "bfloat16"):
        pytest.skip("tensorlib has bfloat16 here")
    a, b = operands()
    with pytest.warns(UserWarning, match="tensorlib has no bfloat16: pass dtype=torch.float16"):
        region = torch.autocast("cpu")
    with region:
        assert (a @ b).dtype is torch.float32


def test_cuda_region_casts_cuda_tensors_only():
    from tensorlib.backends import cuda as cuda_backend
    with cuda_backend.use_stand_in():
        a, b = (t.to("cuda") for t in operands())
        host_a, host_b = operands()
        with torch.autocast("cuda"):
            assert torch.get_autocast_dtype("cuda") is torch.float16 and torch.is_autocast_enabled()
            product = a @ b
            assert product.dtype is torch.float16 and product.device.type == "cuda"
            assert (host_a @ host_b).dtype is torch.float32  # a CPU product is not in a CUDA region
        scaler = torch.amp.GradScaler("cuda", init_scale=8.0)
        loss = (a * 2).sum()
        assert scaler.scale(loss).item() == pytest.approx(8 * loss.item())
