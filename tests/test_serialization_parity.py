"""Checkpoints between tensorlib and PyTorch itself, both ways: ``torch.load(weights_only=True)``
reads what ``tensorlib.save`` wrote and ``tensorlib.load`` reads what ``torch.save`` wrote, with
the same values, dtypes, shapes, strides, storage offsets and shared storages; refusals carry
PyTorch's exception class and message.  Skipped without torch."""
import io
import os
import pickle

import numpy as np
import pytest
from parity import real_torch

import tensorlib

pytestmark = pytest.mark.parity

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]


@pytest.fixture(scope="module")
def torch():
    return real_torch()


def _values(dtype_name, shape=(2, 3, 4)):
    values = np.arange(-7, int(np.prod(shape)) - 7).reshape(shape) * 1.5
    if dtype_name == "bool":
        return values > 0
    if dtype_name.startswith("uint"):
        return np.abs(values).astype(np.int64)
    if dtype_name.startswith("int"):
        return values.astype(np.int64)
    return values


def _tensors(lib, dtype_name):
    base = lib.tensor(_values(dtype_name).tolist(), dtype=getattr(lib, dtype_name))
    return {"base": base, "t": base.transpose(0, 2), "slice": base[:, 1], "step": base[1, :, ::2],
            "scalar": base[1, 2, 3].clone(), "zero_d_view": base[0, 0, 0], "expanded": base[0, :1, :].expand(3, 4)}


def _through(save, load, obj, **load_kwargs):
    buffer = io.BytesIO()
    save(obj, buffer)
    buffer.seek(0)
    return load(buffer, **load_kwargs)


def _to_torch(torch, obj):
    return _through(tensorlib.save, torch.load, obj, weights_only=True)


def _to_tensorlib(torch, obj):
    return _through(torch.save, tensorlib.load, obj)


def _as_numpy(t):
    return t.detach().float().numpy() if str(t.dtype).endswith("bfloat16") else t.detach().numpy()


def _same(theirs, ours):
    """A PyTorch tensor and a tensorlib tensor with the same everything."""
    assert str(theirs.dtype) == str(ours.dtype)
    assert tuple(theirs.shape) == tuple(ours.shape) and tuple(theirs.stride()) == tuple(ours.stride())
    assert theirs.storage_offset() == ours.storage_offset() and theirs.requires_grad == ours.requires_grad
    np.testing.assert_array_equal(_as_numpy(theirs), _as_numpy(ours))


def _same_sharing(a, b):
    """The tensors of two dicts share storages alike (by position of their first element's storage)."""
    def groups(d):
        ptrs = {k: v.untyped_storage().data_ptr() for k, v in d.items()}
        return {k: sorted(j for j in d if ptrs[j] == ptrs[k]) for k in d}
    assert groups(a) == groups(b)


@pytest.mark.parametrize("dtype_name", DTYPES)
def test_every_dtype_and_layout_both_ways(torch, dtype_name):
    if dtype_name == "bfloat16":
        pytest.importorskip("ml_dtypes")
    ours = _tensors(tensorlib, dtype_name)
    theirs = _to_torch(torch, ours)
    for key in ours:
        _same(theirs[key], ours[key])
    _same_sharing(theirs, ours)
    back = _to_tensorlib(torch, theirs)
    for key in ours:
        _same(theirs[key], back[key])
    _same_sharing(theirs, back)


def test_shared_views_stay_shared_both_ways(torch):
    base = torch.arange(12.).view(3, 4)
    loaded = _to_tensorlib(torch, {"base": base, "view": base[1:, ::2]})
    loaded["base"][1, 0] = -5.0
    assert loaded["view"][0, 0].item() == -5.0
    ours = tensorlib.arange(12.).view(3, 4)
    loaded = _to_torch(torch, {"view": ours.t(), "base": ours})
    loaded["base"][0, 1] = -5.0
    assert loaded["view"][1, 0].item() == -5.0


def _models(lib):
    lib.manual_seed(0)
    nn = lib.nn
    return {"linear": nn.Linear(4, 3), "conv": nn.Conv2d(2, 3, 3, padding=1), "batchnorm": nn.BatchNorm2d(3),
            "embedding": nn.Embedding(10, 4, padding_idx=0), "layernorm": nn.LayerNorm([2, 4])}


@pytest.mark.parametrize("name", ["linear", "conv", "batchnorm", "embedding", "layernorm"])
def test_state_dicts_both_ways(torch, name):
    ours, theirs = _models(tensorlib)[name], _models(torch)[name]
    if name == "batchnorm":   # running statistics and num_batches_tracked moved off their defaults
        ours(tensorlib.randn(4, 3, 2, 2))
        theirs(torch.randn(4, 3, 2, 2))
    loaded = _to_torch(torch, ours.state_dict())
    assert list(loaded) == list(ours.state_dict())
    for key, value in ours.state_dict().items():
        _same(loaded[key], value)
    theirs.load_state_dict(loaded)
    back = _to_tensorlib(torch, theirs.state_dict())
    for key, value in theirs.state_dict().items():
        _same(value, back[key])
    ours.load_state_dict(back)
    assert back._metadata == theirs.state_dict()._metadata


def test_adam_state_both_ways(torch):
    results = {}
    for lib in (torch, tensorlib):
        model = _models(lib)["linear"]
        optimizer = lib.optim.Adam(model.parameters(), lr=0.1, amsgrad=True)
        for _ in range(2):
            optimizer.zero_grad()
            model(lib.ones(2, 4)).pow(2).sum().backward()
            optimizer.step()
        results[lib] = optimizer
    loaded = _to_torch(torch, results[tensorlib].state_dict())
    theirs = results[torch].state_dict()
    assert loaded["param_groups"] == theirs["param_groups"]
    for index, entry in theirs["state"].items():
        for key, value in entry.items():
            np.testing.assert_allclose(loaded["state"][index][key].numpy(), value.numpy(), rtol=1e-6, atol=1e-7)
            assert loaded["state"][index][key].dtype == value.dtype
    model = _models(torch)["linear"]
    fresh = torch.optim.Adam(model.parameters(), lr=0.1, amsgrad=True)
    fresh.load_state_dict(loaded)
    back = _to_tensorlib(torch, theirs)
    for index, entry in theirs["state"].items():
        for key, value in entry.items():
            _same(value, back["state"][index][key])
    ours = tensorlib.optim.Adam(_models(tensorlib)["linear"].parameters(), lr=0.1, amsgrad=True)
    ours.load_state_dict(back)


def test_map_location_as_pytorch_takes_it(torch):
    theirs = {"a": torch.arange(3.), "b": torch.ones(2, dtype=torch.int64)}
    for location in ("cpu", torch.device("cpu"), {"cpu": "cpu"}):
        ours_location = tensorlib.device("cpu") if isinstance(location, torch.device) else location
        back = _through(torch.save, tensorlib.load, theirs, map_location=ours_location)
        assert back["a"].device == tensorlib.device("cpu") and back["a"].tolist() == [0.0, 1.0, 2.0]
    seen_theirs, seen_ours = [], []
    _through(torch.save, torch.load, theirs, map_location=lambda s, loc: seen_theirs.append(loc) or s)
    _through(torch.save, tensorlib.load, theirs, map_location=lambda s, loc: seen_ours.append(loc) or s)
    assert seen_ours == seen_theirs == ["cpu", "cpu"]


def test_legacy_format_both_ways(torch):
    base = torch.arange(6.).view(2, 3)
    buffer = io.BytesIO()
    torch.save({"a": base, "t": base.t()}, buffer, _use_new_zipfile_serialization=False)
    buffer.seek(0)
    back = tensorlib.load(buffer)
    _same(base.t(), back["t"])
    _same_sharing({"a": base, "t": base.t()}, back)
    ours = tensorlib.arange(6.).view(2, 3)
    buffer = io.BytesIO()
    tensorlib.save({"a": ours, "t": ours.t()}, buffer, _use_new_zipfile_serialization=False)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=True)
    _same(loaded["t"], ours.t())
    _same_sharing(loaded, {"a": ours, "t": ours.t()})


def test_parameters_sizes_dtypes_and_devices(torch):
    obj = {"p": tensorlib.nn.Parameter(tensorlib.ones(2)), "size": tensorlib.Size([2, 3]),
           "dtype": tensorlib.float16, "device": tensorlib.device("cpu"), "numbers": (1, 2.5, 1 + 2j, {3}, b"x")}
    loaded = _to_torch(torch, obj)
    assert isinstance(loaded["p"], torch.nn.Parameter) and loaded["p"].requires_grad
    assert loaded["size"] == torch.Size([2, 3]) and loaded["dtype"] is torch.float16
    assert loaded["device"] == torch.device("cpu") and loaded["numbers"] == obj["numbers"]
    back = _to_tensorlib(torch, loaded)
    assert isinstance(back["p"], tensorlib.nn.Parameter) and back["size"] == obj["size"]
    assert back["dtype"] is tensorlib.float16 and back["device"] == obj["device"]


def _refusal(load, data, **kwargs):
    try:
        load(io.BytesIO(data), **kwargs)
    except Exception as error:  # noqa: BLE001  (the refusal is what is compared)
        return type(error), str(error)
    return None


class _System:
    def __reduce__(self):
        return os.system, ("true",)


def test_refusals_match_pytorch(torch):
    files = []
    for obj in ({"x": _System()}, {"n": np.ones(2)}, {"s": np.float32(1)}):
        buffer = io.BytesIO()
        torch.save(obj, buffer)
        files.append(buffer.getvalue())
    good = io.BytesIO()
    torch.save({"w": torch.ones(3)}, good)
    for data in files:
        assert _refusal(tensorlib.load, data) == _refusal(torch.load, data)
    assert _refusal(tensorlib.load, files[0])[0] is pickle.UnpicklingError
    ours = _refusal(tensorlib.load, good.getvalue()[:100])
    assert ours[0] is RuntimeError and ours[1].startswith(
        "PytorchStreamReader failed reading zip archive: failed finding central directory")


def test_whole_module_saved_by_tensorlib_and_pytorch(torch):
    model = tensorlib.nn.Linear(3, 2)
    buffer = io.BytesIO()
    tensorlib.save(model, buffer)
    data = buffer.getvalue()
    ours = _refusal(tensorlib.load, data)
    assert ours[0] is pickle.UnpicklingError and "GLOBAL tensorlib.nn.modules.linear.Linear" in ours[1]
    assert isinstance(tensorlib.load(io.BytesIO(data), weights_only=False), tensorlib.nn.Linear)
    buffer = io.BytesIO()
    torch.save(torch.nn.Linear(3, 2), buffer)
    with pytest.raises(pickle.UnpicklingError, match=r"PyTorch object \(torch.nn.modules.linear.Linear\)"):
        tensorlib.load(io.BytesIO(buffer.getvalue()), weights_only=False)
    buffer = io.BytesIO()   # the legacy stream names a Module's class by a persistent id
    torch.save({"m": torch.nn.Linear(3, 2)}, buffer, _use_new_zipfile_serialization=False)
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="save its state_dict"):
        tensorlib.load(buffer, weights_only=False)


def test_safetensors_files_both_ways(torch, tmp_path):
    pytest.importorskip("safetensors")
    import safetensors.torch as st_torch

    from tensorlib.serialization import safetensors as st_ours
    ours = {"w": tensorlib.arange(6.).view(2, 3), "i": tensorlib.tensor([1, 2], dtype=tensorlib.int16)}
    st_ours.save_file(ours, tmp_path / "a.safetensors")
    theirs = st_torch.load_file(tmp_path / "a.safetensors")
    for key, value in ours.items():
        _same(theirs[key], value)
    st_torch.save_file(theirs, tmp_path / "b.safetensors")
    back = tensorlib.load(tmp_path / "b.safetensors")
    for key in ours:
        _same(theirs[key], back[key])
