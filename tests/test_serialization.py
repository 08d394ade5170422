"""tensorlib.save / tensorlib.load: round trips, shared storage, and files that
must be rejected cleanly (truncated, foreign, malicious)."""
import collections
import io
import json
import pickle
import struct
import zipfile
import zlib

import numpy as np
import pytest

import tensorlib as torch
from tensorlib.serialization import HEADER_SIZE, MAGIC, SerializationError, load, save

DTYPES = [torch.float16, torch.float32, torch.float64, torch.int8, torch.int16, torch.int32, torch.int64,
          torch.uint8, torch.bool]


def roundtrip(obj, **load_kwargs):
    buffer = io.BytesIO()
    save(obj, buffer)
    buffer.seek(0)
    return load(buffer, **load_kwargs)


def saved_bytes(obj):
    buffer = io.BytesIO()
    save(obj, buffer)
    return buffer.getvalue()


def same_tensor(a, b):
    assert type(b) is torch.Tensor
    assert a.dtype is b.dtype and a.shape == b.shape and a.stride() == b.stride()
    assert a.storage_offset() == b.storage_offset() and a.requires_grad == b.requires_grad
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def sample(dtype, shape=(2, 3)):
    values = np.arange(int(np.prod(shape))).reshape(shape)
    values = values % 2 if dtype is torch.bool else values - 2 if dtype.is_signed else values
    return torch.tensor(values.tolist(), dtype=dtype)


# ---- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.name)
def test_every_dtype_round_trips(dtype):
    t = sample(dtype)
    same_tensor(t, roundtrip(t))


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


def test_views_keep_sharing_one_storage():
    base = torch.arange(12.).view(3, 4)
    views = [base, base.t(), base.select(0, 1), base.narrow(1, 1, 2)]
    back = roundtrip(views)
    for a, b in zip(views, back):
        same_tensor(a, b)
    assert all(b._storage is back[0]._storage for b in back)
    back[0]._storage.data[1] = -1.0  # a write through the storage shows in every view
    assert back[1].tolist()[1][0] == -1.0 and back[3].tolist()[0][0] == -1.0
    # a small view still saves its whole storage, as PyTorch does
    narrow = roundtrip(base.select(0, 2))
    assert len(narrow._storage) == 12 and narrow.storage_offset() == 8


def test_same_tensor_twice_loads_as_one_object():
    t = torch.ones(2)
    back = roundtrip({"a": t, "b": [t]})
    assert back["a"] is back["b"][0]


def test_requires_grad_is_kept_and_grad_is_not():
    w = torch.ones(2, 3, requires_grad=True)
    w.grad = torch.zeros(2, 3)
    back = roundtrip({"w": w, "v": w.narrow(0, 0, 1).detach()})
    assert back["w"].requires_grad and back["w"].is_leaf and back["w"].grad is None
    assert not back["v"].requires_grad
    assert back["v"]._storage is back["w"]._storage


def test_nested_containers_and_scalars():
    obj = collections.OrderedDict([
        ("z", {"int": 1, 2: "two", "nested": [[1, 2], (3, (4.5, None))], (1, "k"): True}),
        ("a", [None, True, False, -7, 2 ** 100, 0.1, -0.0, "naïve ✓", b"\x00\xff"]),
        ("specials", (float("inf"), float("-inf"))),
        ("size", torch.Size([2, 3])),
        ("view_size", torch.Size([-1, 4])),
        ("dtype", torch.float64),
        ("device", torch.device("cpu")),
        ("empty", ([], {}, ())),
        ("tensor", torch.arange(3)),
    ])
    back = roundtrip(obj)
    assert type(back) is collections.OrderedDict and list(back) == list(obj)
    assert type(back["z"]) is dict and list(back["z"]) == list(obj["z"])
    for key in ("z", "a", "specials", "empty"):
        assert back[key] == obj[key]
    assert type(back["z"]["nested"][1]) is tuple
    assert str(back["a"][6]) == "-0.0"
    assert isinstance(back["size"], torch.Size) and back["size"] == torch.Size([2, 3])
    assert back["view_size"] == torch.Size([-1, 4])
    assert back["dtype"] is torch.float64 and back["device"] == torch.device("cpu")
    assert back["tensor"].tolist() == [0, 1, 2]
    assert np.isnan(roundtrip(float("nan")))
    back = roundtrip([np.float32(0.5), np.int64(3), np.bool_(True)])
    assert back == [0.5, 3, True] and [type(x) for x in back] == [float, int, bool]


def test_state_dict_like_ordered_dict():
    state = collections.OrderedDict((f"layer{i}.weight", torch.full((2, 2), float(i))) for i in range(5))
    back = roundtrip(state)
    assert type(back) is collections.OrderedDict and list(back) == list(state)
    assert [t.tolist() for t in back.values()] == [t.tolist() for t in state.values()]


def test_file_paths_and_pathlike(tmp_path):
    t = torch.arange(6.).view(2, 3)
    save(t, str(tmp_path / "a.tl"))
    save({"t": t}, tmp_path / "b.tl")
    same_tensor(t, load(str(tmp_path / "a.tl")))
    same_tensor(t, load(tmp_path / "b.tl")["t"])
    with open(tmp_path / "c.tl", "wb") as f:
        save(t, f)
    with open(tmp_path / "c.tl", "rb") as f:
        same_tensor(t, load(f))


def test_several_objects_follow_each_other_in_a_stream():
    buffer = io.BytesIO()
    save(torch.ones(2), buffer)
    save("second", buffer)
    buffer.seek(0)
    assert load(buffer).tolist() == [1.0, 1.0]
    assert load(buffer) == "second"
    assert buffer.read() == b""


class _Unseekable(io.RawIOBase):
    """A stream with only read(): no tell/seek/readinto."""

    def __init__(self, data):
        self._data = io.BytesIO(data)

    def read(self, n=-1):
        return self._data.read(n)

    def readable(self):
        return True


def test_unseekable_stream():
    t = torch.arange(10).view(2, 5).t()
    same_tensor(t, load(_Unseekable(saved_bytes(t))))
    with pytest.raises(SerializationError, match="truncated"):
        load(_Unseekable(saved_bytes(t)[:-70]))


def test_map_location():
    t = torch.ones(2)
    assert roundtrip(t, map_location="cpu").device == torch.device("cpu")
    assert roundtrip(t, map_location={"cuda:0": "cpu"}).device == torch.device("cpu")
    seen = []
    back = roundtrip(t, map_location=lambda storage, loc: seen.append(loc) or storage)
    assert seen == ["cpu"] and back.tolist() == [1.0, 1.0]


def test_saved_cuda_storage_without_cuda_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)   # also on a machine with a GPU
    data = bytearray(saved_bytes(torch.ones(2)))
    manifest_length = struct.unpack_from("<Q", data, 16)[0]
    text = bytes(data[HEADER_SIZE:HEADER_SIZE + manifest_length]).replace(b'"device":"cpu"', b'"device":"cuda:0"')
    data = _with_manifest(bytes(data), text)
    with pytest.raises(RuntimeError, match="map_location"):
        load(io.BytesIO(data))
    assert load(io.BytesIO(data), map_location="cpu").tolist() == [1.0, 1.0]


def test_unsupported_objects_raise_type_error():
    for bad in (object(), np.array([1.0]), {1, 2}, lambda: 0, {torch.ones(1): 1}, 1j, np.datetime64(1, "s")):
        with pytest.raises(TypeError):
            save(bad, io.BytesIO())
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError, match="contains itself"):
        save(loop, io.BytesIO())


# ---- rejecting bad files ----------------------------------------------------------------
def test_every_truncation_raises_cleanly(tmp_path):
    obj = {"a": torch.arange(6.).view(2, 3).t(), "b": [1, "x"], "c": torch.tensor([True, False])}
    data = saved_bytes(obj)
    for cut in range(len(data)):
        with pytest.raises(SerializationError):
            load(io.BytesIO(data[:cut]))
    path = tmp_path / "t.tl"
    for cut in (0, 5, HEADER_SIZE, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        with pytest.raises(SerializationError):
            load(path)
    path.write_bytes(data + b"junk")
    with pytest.raises(SerializationError, match="after the end"):
        load(path)


def test_foreign_files_raise(tmp_path):
    rng = np.random.default_rng(0)
    for n in (1, 7, 32, 100, 4096):
        with pytest.raises(SerializationError, match="not a tensorlib"):
            load(io.BytesIO(rng.integers(0, 256, n, dtype=np.uint8).tobytes()))
    with pytest.raises(SerializationError, match="empty"):
        load(io.BytesIO(b""))
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("archive/data.pkl", b"not a manifest")
    with pytest.raises(SerializationError, match="zip"):
        load(io.BytesIO(zipped.getvalue()))
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps({"x": [1, 2]}))
    with pytest.raises(SerializationError, match="pickle"):
        load(path)


def test_wrong_version_and_corruption():
    data = bytearray(saved_bytes(torch.arange(4)))
    bumped = bytearray(data)
    struct.pack_into("<I", bumped, 8, 99)
    with pytest.raises(SerializationError, match="version 99"):
        load(io.BytesIO(bytes(bumped)))
    corrupted = bytearray(data)
    corrupted[HEADER_SIZE + 3] ^= 1
    with pytest.raises(SerializationError, match="checksum"):
        load(io.BytesIO(bytes(corrupted)))
    corrupted = bytearray(data)
    corrupted[-60] ^= 1  # inside the storage bytes
    with pytest.raises(SerializationError, match="checksum"):
        load(io.BytesIO(bytes(corrupted)))


def _manifest(data):
    length = struct.unpack_from("<Q", data, 16)[0]
    return json.loads(data[HEADER_SIZE:HEADER_SIZE + length])


def _with_manifest(data, text):
    """The same file with its manifest replaced (and the header fixed up)."""
    length = struct.unpack_from("<Q", data, 16)[0]
    data_length = struct.unpack_from("<Q", data, 24)[0]
    if isinstance(text, dict):
        text = json.dumps(text).encode()
    header = struct.pack("<8sIIQQ", MAGIC, 1, zlib.crc32(text), len(text), data_length)
    return header + text + data[HEADER_SIZE + length:]


def _edit(mutate, obj=None):
    data = saved_bytes(torch.arange(6.).view(2, 3) if obj is None else obj)
    manifest = _manifest(data)
    mutate(manifest)
    return io.BytesIO(_with_manifest(data, manifest))


def _set(path, value):
    def mutate(m):
        *parents, last = path
        for p in parents:
            m = m[p]
        m[last] = value
    return mutate


@pytest.mark.parametrize("mutate, message", [
    (_set(("tensors", 0, "shape"), [3, 3]), "outside its storage"),
    (_set(("tensors", 0, "offset"), 1), "outside its storage"),
    (_set(("tensors", 0, "stride"), [3, 2]), "outside its storage"),
    (_set(("tensors", 0, "stride"), [1]), "different lengths"),
    (_set(("tensors", 0, "shape"), [-2, -3]), "shape"),
    (_set(("tensors", 0, "stride"), [-3, 1]), "stride"),
    (_set(("tensors", 0, "offset"), -1), "offset"),
    (_set(("tensors", 0, "offset"), 7), "outside its storage"),
    (_set(("tensors", 0, "shape"), [1, 2 ** 70]), "shape"),
    (_set(("tensors", 0, "shape"), [2 ** 40, 2 ** 40]), "too many elements"),
    (_set(("tensors", 0, "shape"), [1] * 65), "at most 64"),
    (_set(("tensors", 0, "shape"), "2,3"), "shape"),
    (_set(("tensors", 0, "shape"), [2.0, 3]), "shape"),
    (_set(("tensors", 0, "shape"), [True, 3]), "shape"),
    (_set(("tensors", 0, "dtype"), "complex64"), "unknown dtype"),
    (_set(("tensors", 0, "dtype"), "float64"), "differs from its storage"),
    (_set(("tensors", 0, "dtype"), {"__class__": "os.system"}), "unknown dtype"),
    (_set(("tensors", 0, "storage"), 5), "storage"),
    (_set(("tensors", 0, "requires_grad"), "yes"), "requires_grad"),
    (_set(("storages", 0, "dtype"), "object"), "unknown dtype"),
    (_set(("storages", 0, "numel"), 2 ** 40), "nbytes"),
    (_set(("storages", 0, "numel"), -6), "numel"),
    (_set(("storages", 0, "nbytes"), 2 ** 50), "nbytes"),
    (_set(("storages", 0, "offset"), 2 ** 20), "outside the data section"),
    (_set(("storages", 0, "device"), "tpu:0"), "device"),
    (_set(("root",), {"type": "tensor", "index": 3}), "index"),
    (_set(("root",), {"type": "pickle", "value": "cos\nsystem\n"}), "unknown type"),
    (_set(("root",), {"type": "float", "value": "1e400"}), "bad float"),
    (_set(("root",), {"type": "size", "value": [1.5]}), "Size"),
    (_set(("root",), {"type": "dict", "items": [[[1], 2]]}), "hashable"),
    (_set(("root",), {"type": "dict", "items": [[1, 2, 3]]}), "pair"),
    (_set(("root",), {"type": "bytes", "value": "!!"}), "base64"),
    (_set(("root",), {"no": "type"}), "not a valid value"),
    (lambda m: m.pop("tensors"), "lacks tensors"),
    (_set(("format",), "pickle"), "different format"),
    (_set(("storages",), {}), "must be lists"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_malicious_manifest_raises(mutate, message):
    with pytest.raises(SerializationError, match=message):
        load(_edit(mutate))


def test_int_tensor_requiring_grad_is_rejected():
    with pytest.raises(SerializationError, match="floating point"):
        load(_edit(_set(("tensors", 0, "requires_grad"), True), obj=torch.arange(3)))


def test_bool_storage_with_bad_bytes_is_rejected():
    data = bytearray(saved_bytes(torch.tensor([True, False])))
    manifest = _manifest(bytes(data))
    start = len(data) - 64  # the data section holds one 64-byte aligned storage
    data[start] = 7
    manifest["storages"][0]["crc32"] = zlib.crc32(bytes(data[start:start + 2]))
    with pytest.raises(SerializationError, match="0 or 1"):
        load(io.BytesIO(_with_manifest(bytes(data), manifest)))


def test_malformed_json_and_deep_nesting():
    data = saved_bytes(1)
    for text in (b"{", b"\xff\xfe", b"[1, NaN]", b'{"format": 1e999999}', b"[" * 100000 + b"]" * 100000):
        with pytest.raises(SerializationError):
            load(io.BytesIO(_with_manifest(data, text)))
    text = json.dumps(_manifest(data)).replace('"root": 1', '"root": ' + '{"type": "tuple", "items": [' * 5000
                                                   + "1" + "]}" * 5000)
    with pytest.raises(SerializationError, match="deeply"):
        load(io.BytesIO(_with_manifest(data, text.encode())))


def test_lying_header_sizes_do_not_allocate():
    data = bytearray(saved_bytes(torch.ones(3)))
    struct.pack_into("<Q", data, 24, 2 ** 50)  # data length far beyond the file
    with pytest.raises(SerializationError, match="truncated"):
        load(io.BytesIO(bytes(data)))
    with pytest.raises(SerializationError, match="truncated"):
        load(_Unseekable(bytes(data)))
    struct.pack_into("<Q", data, 16, 2 ** 62)
    with pytest.raises(SerializationError, match="impossible"):
        load(io.BytesIO(bytes(data)))


def test_random_manifest_mutations_raise_cleanly_or_load_valid_tensors():
    import random
    base = torch.arange(24.).view(2, 3, 4)
    data = saved_bytes({"a": base.permute(2, 0, 1), "b": base.select(1, 1), "c": torch.ones(1).expand(3, 3),
                        "d": torch.tensor([True, False]), "e": [1, None, (torch.zeros(0),)]})
    manifest = _manifest(data)
    values = [0, 1, -1, 3, 64, 2 ** 62, 1.5, True, None, "float32", "bool", [], {}, [2, 3], [-1], [2 ** 40, 0]]

    def paths(node, prefix=()):
        if prefix:
            yield prefix
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in children:
            yield from paths(v, prefix + (k,))

    all_paths = list(paths(manifest))
    rng = random.Random(0)
    for _ in range(300):
        m = json.loads(json.dumps(manifest))
        for _ in range(rng.randint(1, 3)):
            *parents, last = rng.choice(all_paths)
            node = m
            try:
                for k in parents:
                    node = node[k]
                node[last] = rng.choice(values)
            except (KeyError, IndexError, TypeError):
                pass
        try:
            result = load(io.BytesIO(_with_manifest(data, m)))
        except SerializationError:
            continue
        stack = [result]
        while stack:  # every tensor that loads must be readable
            x = stack.pop()
            if isinstance(x, torch.Tensor):
                a = np.asarray(x)
                if a.size:
                    a[(0,) * a.ndim], a[(-1,) * a.ndim]
            elif isinstance(x, dict):
                stack.extend(x.values())
            elif isinstance(x, (list, tuple)):
                stack.extend(x)
