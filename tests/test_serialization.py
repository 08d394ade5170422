"""tensorlib.save / tensorlib.load without PyTorch: round trips in PyTorch's format (zip and
legacy), shared storage, weights-only refusals, map_location, mmap, and safetensors files."""
import collections
import io
import pickle
import struct
import zipfile

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.serialization import load, save

DTYPES = [torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32,
          torch.int64, torch.uint8, torch.bool]


def roundtrip(obj, legacy=False, **load_kwargs):
    buffer = io.BytesIO()
    save(obj, buffer, _use_new_zipfile_serialization=not legacy)
    buffer.seek(0)
    return load(buffer, **load_kwargs)


def saved_bytes(obj):
    buffer = io.BytesIO()
    save(obj, buffer)
    return buffer.getvalue()


def same_tensor(a, b):
    assert type(b) is type(a)
    assert a.dtype is b.dtype and a.shape == b.shape and a.stride() == b.stride()
    assert a.storage_offset() == b.storage_offset() and a.requires_grad == b.requires_grad
    np.testing.assert_array_equal(a.detach().float().numpy(), b.detach().float().numpy())


def sample(dtype, shape=(2, 3)):
    values = np.arange(int(np.prod(shape))).reshape(shape)
    values = values % 2 if dtype is torch.bool else values - 2 if dtype.is_signed else values
    return torch.tensor(values.tolist(), dtype=dtype)


# ---- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
def test_every_dtype_round_trips(dtype, legacy):
    if dtype is torch.bfloat16:
        pytest.importorskip("ml_dtypes")
    t = sample(dtype)
    same_tensor(t, roundtrip(t, legacy))


def test_float_special_values_are_bit_exact():
    values = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, 3.4e38], dtype=np.float32)
    back = roundtrip(torch.from_numpy(values))
    assert back.numpy().tobytes() == values.tobytes()


@pytest.mark.parametrize("make", [
    lambda: torch.tensor(3.5),                                   # 0-d
    lambda: torch.zeros(0),                                      # empty
    lambda: torch.zeros(2, 0, 3),                                # empty with dims
    lambda: torch.arange(12.).view(3, 4).t(),                    # transposed
    lambda: torch.arange(24).view(2, 3, 4).permute(2, 0, 1),     # permuted
    lambda: torch.arange(10).narrow(0, 3, 4),                    # offset view
    lambda: torch.arange(20.).view(4, 5).select(1, 2),           # strided with offset
    lambda: torch.ones(3, 1).expand(3, 4),                       # stride 0
    lambda: torch.tensor(7).expand(2, 2),                        # 0-d expanded
    lambda: torch.arange(5).narrow(0, 5, 0),                     # empty view at the end of its storage
], ids=["0d", "empty", "empty-dims", "transposed", "permuted", "offset", "select", "expanded",
        "expanded-0d", "empty-at-end"])
def test_layouts_round_trip_exactly(make):
    t = make()
    same_tensor(t, roundtrip(t))
    same_tensor(t, roundtrip(t, legacy=True))


@pytest.mark.parametrize("legacy", [False, True], ids=["zip", "legacy"])
def test_views_keep_sharing_one_storage(legacy):
    base = torch.arange(12.).view(3, 4)
    views = [base, base.t(), base.select(0, 1), base.narrow(1, 1, 2)]
    back = roundtrip(views, legacy)
    for a, b in zip(views, back):
        same_tensor(a, b)
    assert all(b.untyped_storage().data_ptr() == back[0].untyped_storage().data_ptr() for b in back)
    back[0][1, 0] = -1.0  # a write through one view shows in the others
    assert back[1][0, 1].item() == -1.0 and back[2][0].item() == -1.0
    narrow = roundtrip(base.select(0, 2))  # a small view still saves its whole storage, as PyTorch does
    assert narrow.untyped_storage().nbytes() == 48 and narrow.storage_offset() == 8


def test_same_tensor_twice_loads_as_one_object():
    t = torch.ones(2)
    back = roundtrip({"a": t, "b": [t]})
    assert back["a"] is back["b"][0]


def test_requires_grad_parameters_and_attributes():
    w = torch.ones(2, 3, requires_grad=True)
    w.grad = torch.zeros(2, 3)
    p = torch.nn.Parameter(torch.arange(3.))
    p.note = "kept"
    t = torch.arange(2.)
    t.tag = [1, 2]
    back = roundtrip({"w": w, "v": w.narrow(0, 0, 1).detach(), "p": p, "t": t})
    assert back["w"].requires_grad and back["w"].is_leaf and back["w"].grad is None
    assert not back["v"].requires_grad
    assert type(back["p"]) is torch.nn.Parameter and back["p"].requires_grad and back["p"].note == "kept"
    assert back["t"].tag == [1, 2] and back["t"].tolist() == [0.0, 1.0]


def test_nested_containers_and_scalars():
    meta = collections.OrderedDict(x=torch.ones(1))
    meta._metadata = {"": {"version": 1}}   # what state_dict() sets, restored through BUILD
    obj = collections.OrderedDict([
        ("z", {"int": 1, 2: "two", "nested": [[1, 2], (3, (4.5, None))], (1, "k"): True}),
        ("a", [None, True, False, -7, 2 ** 100, 0.1, -0.0, "naïve ✓", b"\x00\xff", bytearray(b"ab")]),
        ("specials", (float("inf"), float("-inf"), 1 + 2j)),
        ("sets", {1, 2}),
        ("counter", collections.Counter("aab")),
        ("size", torch.Size([2, 3])),
        ("dtype", torch.float64),
        ("devices", [torch.device("cpu"), torch.device("cuda", 1)]),
        ("empty", ([], {}, ())),
        ("meta", meta),
    ])
    back = roundtrip(obj)
    assert type(back) is collections.OrderedDict and list(back) == list(obj)
    for key in ("z", "a", "specials", "sets", "counter", "empty"):
        assert back[key] == obj[key] and type(back[key]) is type(obj[key])
    assert str(back["a"][6]) == "-0.0"
    assert isinstance(back["size"], torch.Size) and back["size"] == torch.Size([2, 3])
    assert back["dtype"] is torch.float64 and back["devices"] == obj["devices"]
    assert back["meta"]._metadata == {"": {"version": 1}}
    assert np.isnan(roundtrip(float("nan")))


def _model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(),
                               torch.nn.LayerNorm(8), torch.nn.Linear(8, 3))


def test_state_dict_and_optimizer_state_round_trip():
    model = _model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    model(torch.randn(4, 1, 4, 4)).sum().backward()
    optimizer.step()
    back = roundtrip({"model": model.state_dict(), "optim": optimizer.state_dict(), "epoch": 3})
    assert list(back["model"]) == list(model.state_dict())
    for key, value in model.state_dict().items():
        same_tensor(value, back["model"][key])
    fresh = _model()
    fresh.load_state_dict(back["model"])
    fresh_optimizer = torch.optim.Adam(fresh.parameters(), lr=1e-2)
    fresh_optimizer.load_state_dict(back["optim"])
    state = optimizer.state_dict()["state"]
    for index, entry in state.items():
        for name, value in entry.items():
            loaded = back["optim"]["state"][index][name]
            if isinstance(value, torch.Tensor):
                same_tensor(value, loaded)
            else:
                assert loaded == value
    assert back["optim"]["param_groups"] == optimizer.state_dict()["param_groups"]


def test_whole_module_loads_only_without_weights_only():
    model = _model()
    data = saved_bytes(model)
    with pytest.raises(pickle.UnpicklingError, match=r"(?s)Weights only load failed.*GLOBAL tensorlib\.nn\.modules"):
        load(io.BytesIO(data))
    back = load(io.BytesIO(data), weights_only=False)
    x = torch.randn(2, 1, 4, 4)
    model.eval()
    back.eval()
    assert type(back) is type(model) and torch.equal(back(x), model(x))


def test_numpy_arrays_in_a_checkpoint():
    obj = {"array": np.arange(4.0).reshape(2, 2), "t": torch.ones(1)}
    data = saved_bytes(obj)
    with pytest.raises(pickle.UnpicklingError, match="_reconstruct"):
        load(io.BytesIO(data))
    np.testing.assert_array_equal(load(io.BytesIO(data), weights_only=False)["array"], obj["array"])
    allowed = [(getattr(np, "_core", None) or np.core).multiarray._reconstruct, np.ndarray, np.dtype, type(np.dtype(np.float64))]
    with torch.serialization.safe_globals(allowed):
        assert torch.serialization.get_safe_globals() == allowed
        np.testing.assert_array_equal(load(io.BytesIO(data))["array"], obj["array"])
    assert torch.serialization.get_safe_globals() == []


def test_archive_layout(tmp_path):
    save({"a": torch.ones(3), "b": torch.arange(4)}, tmp_path / "model.pt")
    archive = zipfile.ZipFile(tmp_path / "model.pt")
    names = archive.namelist()
    assert names[0] == "model/data.pkl" and {"model/data/0", "model/data/1", "model/byteorder",
                                              "model/version"} <= set(names)
    assert archive.read("model/byteorder") == b"little" and archive.read("model/version") == b"3\n"
    raw = (tmp_path / "model.pt").read_bytes()
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_STORED
        name_length, extra_length = struct.unpack_from("<HH", raw, info.header_offset + 26)
        assert (info.header_offset + 30 + name_length + extra_length) % 64 == 0
    assert zipfile.ZipFile(io.BytesIO(saved_bytes(1))).namelist()[0] == "archive/data.pkl"


def test_paths_file_objects_and_unseekable_streams(tmp_path):
    t = torch.arange(6.).view(2, 3).t()
    save(t, str(tmp_path / "a.pt"))
    save({"t": t}, tmp_path / "b.pt")
    same_tensor(t, load(str(tmp_path / "a.pt")))
    same_tensor(t, load(tmp_path / "b.pt")["t"])

    class Unseekable(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readinto(self, b):
            return self._data.readinto(b)

        def readable(self):
            return True

        def seekable(self):
            return False

    same_tensor(t, load(Unseekable(saved_bytes(t))))
    with pytest.raises(AttributeError, match="has no attribute 'write'"):
        save(t, 3)


def test_map_location():
    t = torch.ones(2)
    for location in ("cpu", torch.device("cpu"), {"cuda:0": "cpu"}):
        assert roundtrip(t, map_location=location).device == torch.device("cpu")
    seen = []
    back = roundtrip({"a": t, "b": torch.zeros(1)}, map_location=lambda storage, loc: seen.append(loc) or storage)
    assert seen == ["cpu", "cpu"] and back["a"].tolist() == [1.0, 1.0]
    assert roundtrip(t, map_location=lambda storage, loc: None).tolist() == [1.0, 1.0]
    with pytest.raises(TypeError, match="map_location function must return a Storage"):
        roundtrip(t, map_location=lambda storage, loc: 3)
    with pytest.raises(ValueError, match="map_location should be either"):
        roundtrip(t, map_location=3)


def test_saved_cuda_storage_without_cuda_is_a_clear_error(monkeypatch):
    from checkpoint_files import checkpoint, storage_pid, tensor_call
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)   # also on a machine with a GPU
    data = checkpoint(tensor_call(storage_pid(numel=6, location="cuda:0"), 0, (6,), (1,)))
    with pytest.raises(RuntimeError, match="map_location"):
        load(io.BytesIO(data))
    assert load(io.BytesIO(data), map_location="cpu").tolist() == list(range(6))
    assert load(io.BytesIO(data), map_location={"cuda:0": "cpu"}).device == torch.device("cpu")


def test_mmap(tmp_path):
    path = tmp_path / "m.pt"
    base = torch.arange(12.).view(3, 4)
    save({"a": base, "b": base.t(), "e": torch.zeros(0)}, path)
    back = load(path, mmap=True)
    same_tensor(base, back["a"])
    same_tensor(base.t(), back["b"])
    back["a"][0, 0] = 7.0   # private pages: the file is unchanged
    assert back["b"][0, 0].item() == 7.0 and load(path)["a"][0, 0].item() == 0.0
    with pytest.raises(ValueError, match="file path"):
        load(io.BytesIO(path.read_bytes()), mmap=True)
    save(base, tmp_path / "legacy.pt", _use_new_zipfile_serialization=False)
    with pytest.raises(RuntimeError, match="mmap can only be used"):
        load(tmp_path / "legacy.pt", mmap=True)


def test_load_arguments():
    data = saved_bytes(torch.ones(1))
    with pytest.raises(RuntimeError, match="Can not safely load weights when explicit pickle_module"):
        load(io.BytesIO(data), pickle_module=pickle, weights_only=True)
    assert load(io.BytesIO(data), pickle_module=pickle).tolist() == [1.0]   # pickle_module: weights_only off
    with pytest.warns(UserWarning, match="pickle_load_args only works"):
        load(io.BytesIO(data), encoding="latin1")


def test_former_tensorlib_format_is_named():
    with pytest.raises(RuntimeError, match="former checkpoint format"):
        load(io.BytesIO(b"\x89TLSAVE\n" + bytes(56)))


# ---- safetensors ---------------------------------------------------------------------------------
def test_safetensors_round_trip(tmp_path):
    pytest.importorskip("safetensors")
    from tensorlib.serialization import safetensors as st
    tensors = {dtype.name: sample(dtype) for dtype in DTYPES if dtype is not torch.bfloat16}
    tensors["scalar"] = torch.tensor(2.5)
    tensors["empty"] = torch.zeros(0, 3)
    st.save_file(tensors, tmp_path / "w.safetensors", metadata={"format": "pt"})
    for back in (st.load_file(tmp_path / "w.safetensors"), st.load(st.save(tensors)),
                 load(tmp_path / "w.safetensors")):
        assert set(back) == set(tensors)
        for name, t in tensors.items():
            same_tensor(t, back[name])
    with pytest.raises(RuntimeError, match="dict map_location is not supported"):
        load(tmp_path / "w.safetensors", map_location={"cpu": "cpu"})


def test_safetensors_refusals():
    pytest.importorskip("safetensors")
    from tensorlib.serialization import safetensors as st
    base = torch.arange(6.)
    with pytest.raises(ValueError, match="expected torch.Tensor"):
        st.save({"a": 1})
    with pytest.raises(RuntimeError, match="Some tensors share memory"):
        st.save({"a": base, "b": base[2:]})
    with pytest.raises(ValueError, match="non contiguous tensor: `t`"):
        st.save({"t": base.view(2, 3).t()})
    assert set(st.load(st.save({"a": base[:3], "b": base[3:]}))) == {"a", "b"}   # disjoint parts are fine
    with pytest.raises(RuntimeError, match="not a valid safetensors file"):
        st.load(b"\x08\x00\x00\x00\x00\x00\x00\x00{garbage")


def test_unsafe_globals_in_a_checkpoint(tmp_path):
    save({"model": _model(), "array": np.ones(1), "t": torch.ones(1)}, tmp_path / "c.pt")
    unsafe = torch.serialization.get_unsafe_globals_in_checkpoint(tmp_path / "c.pt")
    assert "tensorlib.nn.modules.container.Sequential" in unsafe and "torch._utils._rebuild_tensor_v2" not in unsafe
    assert any(name.endswith("multiarray._reconstruct") for name in unsafe)
    with torch.serialization.safe_globals([torch.nn.Sequential]):
        assert "tensorlib.nn.modules.container.Sequential" not in \
            torch.serialization.get_unsafe_globals_in_checkpoint(tmp_path / "c.pt")
    assert torch.serialization.get_unsafe_globals_in_checkpoint(io.BytesIO(saved_bytes({"t": torch.ones(1)}))) == []
    with pytest.raises(ValueError, match="Expected input to be a checkpoint"):
        torch.serialization.get_unsafe_globals_in_checkpoint(io.BytesIO(b"not a zip"))


def test_protocol_4_and_big_endian_checkpoints():
    from checkpoint_files import checkpoint, replace_record, storage_pid, tensor_call
    buffer = io.BytesIO()
    save({"a": torch.arange(4.), "s": torch.Size([2])}, buffer, pickle_protocol=4)
    buffer.seek(0)
    back = load(buffer)
    assert back["a"].tolist() == [0.0, 1.0, 2.0, 3.0] and back["s"] == torch.Size([2])
    data = checkpoint(tensor_call(storage_pid(numel=3, storage_class="IntStorage"), 0, (3,), (1,)),
                      {"0": np.array([1, -2, 3], dtype=">i4")})
    back = load(io.BytesIO(replace_record(data, "byteorder", b"big")))
    assert back.dtype is torch.int32 and back.tolist() == [1, -2, 3]
