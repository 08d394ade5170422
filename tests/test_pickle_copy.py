"""pickle, copy.copy and copy.deepcopy of tensors, Parameters and Modules.

The first half states the expected facts outright; the second builds each
scenario with tensorlib and with PyTorch 2.13 and compares the same facts
(shapes, strides, offsets, storage sizes, which results share a storage,
requires_grad, grads, versions, attributes, warnings and errors)."""
import copy
import pickle
import warnings

import pytest

import tensorlib
import tensorlib.nn as nn
from parity import real_torch
from tensorlib.backends import cuda as cuda_backend
from tensorlib.utils.hooks import unserializable_hook

NON_LEAF_DEEPCOPY = (
    "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment.  "
    "If you were attempting to deepcopy a module, this may be because of a torch.nn.utils.weight_norm usage, "
    "see https://github.com/pytorch/pytorch/pull/103001")


def round_trip(obj, protocol=pickle.DEFAULT_PROTOCOL):
    return pickle.loads(pickle.dumps(obj, protocol=protocol))


def storage_ptr(t):
    return t.untyped_storage().data_ptr()


def views_of(lib, device="cpu"):
    """Several views of one (3, 4) tensor: itself, transposed, sliced, a column,
    an expanded (stride-0) row and a flat window."""
    a = lib.arange(12.0, device=device).reshape(3, 4)
    return [a, a.t(), a[1:], a[:, 1], a[0:1].expand(5, 4), a.view(12)[3:7]]


VIEW_LAYOUTS = [((3, 4), (4, 1), 0), ((4, 3), (1, 4), 0), ((2, 4), (4, 1), 4), ((3,), (4,), 1),
                ((5, 4), (0, 1), 0), ((4,), (1,), 3)]


def layout(t):
    return tuple(t.shape), t.stride(), t.storage_offset()


# ---- pickle ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_keeps_every_views_layout_and_whole_storage(protocol):
    views = views_of(tensorlib)
    back = round_trip(views, protocol)
    assert [layout(t) for t in back] == VIEW_LAYOUTS
    for original, t in zip(views, back):
        assert t.untyped_storage().nbytes() == 48
        assert t.tolist() == original.tolist()


def test_pickled_views_get_a_storage_each_as_in_pytorch():
    back = round_trip(views_of(tensorlib))
    assert len({storage_ptr(t) for t in back}) == len(back)
    back[0][1, 0] = 100.0
    assert back[2][0, 0].item() == 4.0


def test_pickling_one_tensor_twice_gives_one_object():
    a = tensorlib.arange(3.0)
    back = round_trip({"x": a, "y": (a, a[1:])})
    assert back["x"] is back["y"][0] and back["y"][1] is not back["x"]


@pytest.mark.parametrize("dtype", tensorlib._dtype.ALL, ids=str)
def test_pickle_and_deepcopy_every_dtype_non_contiguous(dtype):
    if dtype is tensorlib.bfloat16:
        pytest.importorskip("ml_dtypes")
    t = tensorlib.tensor([[0, 1, 0], [1, 1, 0]], dtype=dtype).t()
    for twin in (round_trip(t), copy.deepcopy(t)):
        assert twin.dtype is dtype and layout(twin) == ((3, 2), (1, 3), 0)
        assert twin.tolist() == t.tolist() and storage_ptr(twin) != storage_ptr(t)


@pytest.mark.parametrize("make, expected", [
    (lambda: tensorlib.tensor(3.5), ((), (), 0)),
    (lambda: tensorlib.tensor(True), ((), (), 0)),
    (lambda: tensorlib.empty(0), ((0,), (1,), 0)),
    (lambda: tensorlib.empty(0, 3).t(), ((3, 0), (1, 3), 0)),
    (lambda: tensorlib.empty(2, 0, 3), ((2, 0, 3), (3, 3, 1), 0)),
])
def test_zero_dim_and_empty_tensors(make, expected):
    t = make()
    for twin in (round_trip(t), copy.deepcopy(t), copy.copy(t)):
        assert layout(twin) == expected and twin.dtype is t.dtype and twin.tolist() == t.tolist()


def test_pickle_keeps_requires_grad_but_not_grad():
    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    back = round_trip(x)
    assert back.requires_grad and back.is_leaf and back.grad is None


def test_pickled_non_leaf_comes_back_as_a_leaf_that_requires_grad():
    y = tensorlib.tensor([1.0, 2.0], requires_grad=True) * 2
    y.retain_grad()
    y.sum().backward()
    back = round_trip(y)
    assert back.is_leaf and back.requires_grad and back.grad is None and back.grad_fn is None
    assert back.tolist() == [2.0, 4.0]


def test_pickle_keeps_user_attributes_but_not_autograd_bookkeeping():
    t = tensorlib.ones(2)
    t.tag = ["mine"]
    with tensorlib.inference_mode():
        inferred = t * 2
    assert inferred.is_inference()
    assert round_trip(t).tag == ["mine"]
    assert not round_trip(inferred).is_inference() and not copy.deepcopy(inferred).is_inference()


def test_pickle_warns_about_hooks_it_drops_unless_marked():
    x = tensorlib.ones(2, requires_grad=True)

    def double(grad):
        return grad * 2
    x.register_hook(double)
    with pytest.warns(UserWarning) as record:
        back = round_trip(x)
    assert str(record[0].message) == (
        f"backward hook {double!r} on tensor will not be serialized.  If this is expected, you can decorate the "
        "function with @torch.utils.hooks.unserializable_hook to suppress this warning")
    back.sum().backward()
    assert back.grad.tolist() == [1.0, 1.0]

    quiet = tensorlib.ones(2, requires_grad=True)
    quiet.register_hook(unserializable_hook(lambda grad: grad))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        round_trip(quiet)
        copy.deepcopy(quiet)


def test_rebuilt_tensors_start_at_version_one():
    t = tensorlib.ones(2)
    assert (round_trip(t)._version, copy.deepcopy(t)._version, copy.copy(t)._version) == (1, 1, 1)


# ---- deepcopy -----------------------------------------------------------------------------------------------
def test_deepcopy_of_views_together_shares_one_new_storage():
    views = views_of(tensorlib)
    copies = copy.deepcopy(views)
    assert [layout(t) for t in copies] == VIEW_LAYOUTS
    assert {storage_ptr(t) for t in copies} == {storage_ptr(copies[0])} != {storage_ptr(views[0])}
    copies[0][1, 0] = 100.0
    assert copies[2][0, 0].item() == copies[5][1].item() == 100.0
    assert views[0][1, 0].item() == 4.0


def test_deepcopy_of_one_view_copies_its_whole_storage():
    t = copy.deepcopy(tensorlib.arange(3.0)[1:])
    assert layout(t) == ((2,), (1,), 1) and t.untyped_storage().nbytes() == 12 and t._base is None


def test_deepcopy_keeps_requires_grad_and_copies_grad_through_the_memo():
    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    x.tag = {"k": [1]}
    twin, grad = copy.deepcopy([x, x.grad])
    assert twin.requires_grad and twin.is_leaf and twin.grad is grad and grad.tolist() == [3.0, 3.0]
    assert storage_ptr(grad) != storage_ptr(x.grad)
    assert twin.tag == {"k": [1]} and twin.tag is not x.tag


@pytest.mark.parametrize("make", [
    lambda x: x * 2,
    lambda x: x[1:],
    lambda x: x.view(2),
], ids=["result", "slice of a leaf", "view of a leaf"])
def test_deepcopy_of_a_non_leaf_raises(make):
    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError) as info:
        copy.deepcopy(make(x))
    assert str(info.value) == NON_LEAF_DEEPCOPY


def test_deepcopy_of_a_leaf_whose_grad_has_a_graph_raises():
    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    x.grad = tensorlib.ones(2, requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="graph leaves"):
        copy.deepcopy(x)


def test_deepcopy_of_a_detached_view_is_fine():
    x = tensorlib.tensor([1.0, 2.0, 3.0], requires_grad=True)
    t = copy.deepcopy(x.detach()[1:])
    assert not t.requires_grad and t.tolist() == [2.0, 3.0] and t.storage_offset() == 1


# ---- copy.copy ---------------------------------------------------------------------------------------------
def test_copy_aliases_the_storage_as_a_new_leaf():
    base = tensorlib.arange(6.0)
    view = base[2:].view(2, 2).t()
    twin = copy.copy(view)
    assert twin is not view and layout(twin) == ((2, 2), (1, 2), 2) and storage_ptr(twin) == storage_ptr(base)
    assert twin._base is None
    base.add_(1)
    assert twin._version == 1 and base._version == 1
    twin[0, 0] = -1.0
    assert base[2].item() == -1.0


def test_copy_keeps_requires_grad_but_drops_grad_and_graph():
    x = tensorlib.tensor([1.0, 2.0], requires_grad=True)
    x.grad = tensorlib.ones(2)
    for source in (x, x * 2):
        twin = copy.copy(source)
        assert twin.requires_grad and twin.is_leaf and twin.grad is None


def test_copy_shares_attribute_values():
    t = tensorlib.ones(2)
    t.tag = [1]
    assert copy.copy(t).tag is t.tag


# ---- CUDA (the NumPy stand-in) ----------------------------------------------------------------------------------
def test_cuda_views_pickle_and_copy_on_their_device():
    with cuda_backend.use_stand_in():
        views = views_of(tensorlib, "cuda")
        for twins in (round_trip(views), copy.deepcopy(views), [copy.copy(v) for v in views]):
            assert [layout(t) for t in twins] == VIEW_LAYOUTS
            assert all(t.device == tensorlib.device("cuda", 0) for t in twins)
            assert [t.tolist() for t in twins] == [v.tolist() for v in views]
        assert len({storage_ptr(t) for t in copy.deepcopy(views)}) == 1


def test_unpickling_a_cuda_tensor_without_cuda_raises(monkeypatch):
    with cuda_backend.use_stand_in():
        data = pickle.dumps(tensorlib.ones(2, device="cuda"))
    monkeypatch.setattr(tensorlib.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError) as info:
        pickle.loads(data)
    assert str(info.value) == (
        "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are "
        "running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your "
        "storages to the CPU.")


def test_unpickling_a_cuda_tensor_on_a_machine_with_fewer_gpus_raises(monkeypatch):
    with cuda_backend.use_stand_in():
        data = pickle.dumps(tensorlib.ones(2, device="cuda"))
        monkeypatch.setattr(tensorlib.cuda, "device_count", lambda: 0)
        with pytest.raises(RuntimeError) as info:
            pickle.loads(data)
    assert str(info.value) == (
        "Attempting to deserialize object on CUDA device 0 but torch.cuda.device_count() is 0. Please use "
        "torch.load with map_location to map your storages to an existing device.")


# ---- Parameter and Module -------------------------------------------------------------------------------------
def test_parameter_pickle_keeps_type_requires_grad_layout_and_attributes():
    base = tensorlib.arange(6.0)
    first, second = nn.Parameter(base[:3]), nn.Parameter(base[3:], requires_grad=False)
    second.grad = tensorlib.ones(3)
    first.tag = "w"
    back = round_trip([first, second])
    assert [type(p) for p in back] == [nn.Parameter, nn.Parameter]
    assert [p.requires_grad for p in back] == [True, False] and back[1].grad is None
    assert [p.storage_offset() for p in back] == [0, 3] and back[1].untyped_storage().nbytes() == 24
    assert back[0].tag == "w" and back[0]._version == 1


def test_parameter_deepcopy_clones_without_grad_or_attributes():
    p = nn.Parameter(tensorlib.arange(6.0)[3:])
    p.grad = tensorlib.ones(3)
    p.tag = "w"
    twin, again = copy.deepcopy([p, p])
    assert twin is again and type(twin) is nn.Parameter and twin.requires_grad and twin.is_leaf
    assert twin.grad is None and not hasattr(twin, "tag")
    assert layout(twin) == ((3,), (1,), 0) and twin.tolist() == [3.0, 4.0, 5.0] and twin._version == 0
    frozen = copy.deepcopy(nn.Parameter(tensorlib.ones(1), requires_grad=False))
    assert type(frozen) is nn.Parameter and not frozen.requires_grad


def test_parameter_copy_aliases_the_data():
    p = nn.Parameter(tensorlib.ones(2))
    p.grad = tensorlib.ones(2)
    twin = copy.copy(p)
    assert type(twin) is nn.Parameter and twin.requires_grad and twin.grad is None
    assert storage_ptr(twin) == storage_ptr(p) and twin._version == 0


def _tensors_of(module):
    return list(module.parameters()) + list(module.buffers())


def test_module_deepcopy_shares_nothing_and_keeps_ties():
    shared = nn.Linear(2, 2)
    net = nn.Sequential(shared, nn.BatchNorm1d(2), shared)
    net[0].weight.grad = tensorlib.ones(2, 2)
    twin = copy.deepcopy(net)
    assert twin[0] is twin[2] and twin[0] is not shared
    ours, theirs = _tensors_of(twin), _tensors_of(net)
    assert not {storage_ptr(t) for t in ours} & {storage_ptr(t) for t in theirs}
    assert [t.tolist() for t in ours] == [t.tolist() for t in theirs]
    assert twin[0].weight.grad is None and twin[1].running_mean is not net[1].running_mean
    out = twin(tensorlib.ones(3, 2))
    out.sum().backward()
    assert net[0].weight.grad.tolist() == [[1.0, 1.0], [1.0, 1.0]]


def test_module_deepcopy_with_a_non_leaf_attribute_raises():
    net = nn.Linear(2, 2)
    net.cache = net.weight * 2
    with pytest.raises(RuntimeError) as info:
        copy.deepcopy(net)
    assert str(info.value) == NON_LEAF_DEEPCOPY


# ---- parity with PyTorch ----------------------------------------------------------------------------------------
def facts(tensors):
    """What the scenarios compare: per tensor its type, layout, storage size, which of
    the tensors share its storage, dtype, autograd state, version, values and attributes."""
    ptrs = [storage_ptr(t) if t.untyped_storage().nbytes() else None for t in tensors]
    out = []
    for t, ptr in zip(tensors, ptrs):
        out.append({
            "type": type(t).__name__, "layout": layout(t), "storage_bytes": t.untyped_storage().nbytes(),
            "shares": [j for j, p in enumerate(ptrs) if ptr is not None and p == ptr],
            "dtype": str(t.dtype), "requires_grad": t.requires_grad, "is_leaf": t.is_leaf,
            "grad": None if not t.is_leaf or t.grad is None else t.grad.tolist(),
            "version": t._version, "values": t.tolist(),
            "attributes": {k: v for k, v in vars(t).items() if not k.startswith("_")},
        })
    return out


def _leaf_with_grad(lib):
    x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (x * 3).sum().backward()
    x.tag = [1, 2]
    return x


def _parameters(lib):
    base = lib.arange(6.0)
    # (contiguous: tensorlib's clone(), which Parameter's deepcopy uses, does not yet keep a dense
    # non-contiguous layout as PyTorch's preserve_format does)
    first, second = lib.nn.Parameter(base[:3]), lib.nn.Parameter(base[3:].view(1, 3), requires_grad=False)
    first.grad = lib.ones(3)
    first.tag = "w"
    return [first, second]


def _versioned(lib):
    t = lib.ones(2, 2)
    t.add_(1)
    return t


SCENARIOS = {
    "pickle views": lambda lib: round_trip(views_of(lib)),
    "deepcopy views": lambda lib: copy.deepcopy(views_of(lib)),
    "copy views": lambda lib: (lambda vs: vs + [copy.copy(v) for v in vs])(views_of(lib)),
    "pickle and deepcopy dtypes": lambda lib: [
        f(lib.tensor([[0, 1, 2], [3, 4, 5]], dtype=getattr(lib, name)).t()[1:])
        for name in ("float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "bool")
        for f in (round_trip, copy.deepcopy)],
    "zero-dim and empty": lambda lib: [
        f(t) for t in (lib.tensor(2.5), lib.empty(0), lib.empty(0, 3).t(), lib.empty(2, 0, 3))
        for f in (round_trip, copy.deepcopy, copy.copy)],
    "pickle leaf with grad": lambda lib: [round_trip(_leaf_with_grad(lib))],
    "deepcopy leaf with grad": lambda lib: (lambda x: copy.deepcopy([x, x.grad]))(_leaf_with_grad(lib)),
    "copy leaf with grad": lambda lib: (lambda x: [x, copy.copy(x)])(_leaf_with_grad(lib)),
    "pickle and copy non-leaf": lambda lib: (lambda y: [round_trip(y), copy.copy(y)])(
        lib.tensor([1.0, 2.0], requires_grad=True) * 2),
    "versions": lambda lib: (lambda t: [t, round_trip(t), copy.deepcopy(t), copy.copy(t)])(_versioned(lib)),
    "pickle parameters": lambda lib: round_trip(_parameters(lib)),
    "deepcopy parameters": lambda lib: copy.deepcopy(_parameters(lib)),
    "copy parameters": lambda lib: (lambda ps: ps + [copy.copy(p) for p in ps])(_parameters(lib)),
}


@pytest.fixture(scope="module")
def torch():
    return real_torch()


@pytest.mark.parity
@pytest.mark.parametrize("name", SCENARIOS)
def test_parity_facts(torch, name):
    assert facts(SCENARIOS[name](tensorlib)) == facts(SCENARIOS[name](torch))


@pytest.mark.parity
@pytest.mark.parametrize("make", [
    lambda lib: lib.tensor([1.0, 2.0], requires_grad=True) * 2,
    lambda lib: lib.tensor([1.0, 2.0], requires_grad=True)[1:],
    lambda lib: (lambda m: setattr(m, "cache", m.weight * 2) or m)(lib.nn.Linear(2, 2)),
], ids=["result", "view of a leaf", "module holding a non-leaf"])
def test_parity_non_leaf_deepcopy_error(torch, make):
    messages = []
    for lib in (tensorlib, torch):
        with pytest.raises(RuntimeError) as info:
            copy.deepcopy(make(lib))
        messages.append(str(info.value))
    assert messages[0] == messages[1] == NON_LEAF_DEEPCOPY


@pytest.mark.parity
def test_parity_hook_warnings(torch):
    def hook(grad):
        return grad
    seen = []
    for lib in (tensorlib, torch):
        x = lib.ones(2, requires_grad=True)
        x.register_hook(hook)
        with warnings.catch_warnings(record=True) as record:
            warnings.simplefilter("always")
            round_trip(x)
            copy.copy(x)
            copy.deepcopy(x)
        seen.append([(w.category, str(w.message)) for w in record])
    assert seen[0] == seen[1] and len(seen[0]) == 2


@pytest.mark.parity
def test_parity_module_deepcopy(torch):
    def scenario(lib):
        lib.manual_seed(0)
        shared = lib.nn.Linear(2, 2)
        net = lib.nn.Sequential(shared, lib.nn.BatchNorm1d(2), shared)
        net[0].weight.grad = lib.ones(2, 2)
        twin = copy.deepcopy(net)
        originals, copies = _tensors_of(net), _tensors_of(twin)
        everything = facts(originals + copies)
        for fact in everything:
            fact.pop("values")  # the two libraries draw different initial weights
        return twin[0] is twin[2], everything
    assert scenario(tensorlib) == scenario(torch)
