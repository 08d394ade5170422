"""nn.Parameter and nn.Module: registration, traversal, state_dict /
load_state_dict, conversions, hooks, containers and the exact reprs.

The expected strings were printed by PyTorch 2.13.0 for the same code."""
import copy
import io
import pickle
from collections import OrderedDict

import pytest

import tensorlib as torch
import tensorlib.nn as nn


# ---- Parameter -----------------------------------------------------------------------------------
def test_parameter_repr():
    assert repr(nn.Parameter(torch.ones(2))) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert str(nn.Parameter(torch.ones(2))) == "Parameter containing:\ntensor([1., 1.], requires_grad=True)"
    assert repr(nn.Parameter()) == "Parameter containing:\ntensor([], requires_grad=True)"
    assert repr(nn.Parameter(torch.ones(2), requires_grad=False)) == "Parameter containing:\ntensor([1., 1.])"
    assert repr(nn.Parameter(torch.ones(2, dtype=torch.float64))) == (
        "Parameter containing:\ntensor([1., 1.], dtype=torch.float64, requires_grad=True)")
    assert repr(nn.Parameter(torch.tensor([1, 2]), requires_grad=False)) == "Parameter containing:\ntensor([1, 2])"


def test_parameter_shares_storage_and_version():
    t = torch.zeros(3)
    p = nn.Parameter(t)
    assert p.data_ptr() == t.data_ptr()
    t.add_(1)
    assert p.tolist() == [1.0, 1.0, 1.0]
    assert p._version == t._version == 1
    assert p.is_leaf and p.requires_grad and p.grad_fn is None


def test_parameter_of_a_non_leaf_is_a_leaf():
    x = torch.ones(2, requires_grad=True)
    p = nn.Parameter(x * 2)
    assert p.is_leaf and p.requires_grad


def test_parameter_results_are_plain_tensors():
    p = nn.Parameter(torch.ones(2))
    for derived in (p + 1, p * p, p.clone(), p.detach(), p.data, p[0], p.view(2), p.to(torch.float64), p.exp()):
        assert type(derived) is torch.Tensor
    assert type(p.float()) is nn.Parameter     # no-op conversions return the parameter itself
    assert isinstance(p, torch.Tensor) and not isinstance(torch.ones(1), nn.Parameter)


def test_parameter_int_cannot_require_grad():
    with pytest.raises(RuntimeError, match="floating point"):
        nn.Parameter(torch.tensor([1, 2]))


def test_parameter_deepcopy_and_pickle():
    p = nn.Parameter(torch.tensor([1.0, 2.0]))
    q = copy.deepcopy(p)
    assert type(q) is nn.Parameter and q.requires_grad and q.data_ptr() != p.data_ptr()
    assert q.tolist() == [1.0, 2.0]
    r = pickle.loads(pickle.dumps(p))
    assert type(r) is nn.Parameter and r.requires_grad and r.tolist() == [1.0, 2.0]


def test_parameter_grad_accumulates():
    p = nn.Parameter(torch.ones(3))
    (p * 2).sum().backward()
    assert p.grad.tolist() == [2.0, 2.0, 2.0]
    assert type(p.grad) is torch.Tensor


# ---- registration ---------------------------------------------------------------------------------
class _Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 3)
        self.act = nn.ReLU()
        self.fc2 = nn.Linear(3, 2, bias=False)
        self.scale = nn.Parameter(torch.ones(1))
        self.register_buffer("steps", torch.zeros(1))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.plain = torch.ones(1)          # a plain attribute, not registered

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x))) * self.scale


def test_registration_and_traversal():
    net = _Net()
    assert list(net._parameters) == ["scale"]
    assert list(net._modules) == ["fc1", "act", "fc2"]
    assert [n for n, _ in net.named_parameters()] == ["scale", "fc1.weight", "fc1.bias", "fc2.weight"]
    assert [n for n, _ in net.named_buffers()] == ["steps", "cache"]
    assert [n for n, _ in net.named_children()] == ["fc1", "act", "fc2"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "act", "fc2"]
    assert len(list(net.parameters())) == 4 and len(list(net.parameters(recurse=False))) == 1
    assert len(list(net.modules())) == 4 and len(list(net.children())) == 3
    assert list(net.state_dict()) == ["scale", "steps", "fc1.weight", "fc1.bias", "fc2.weight"]
    assert "plain" in net.__dict__
    assert net.fc2.bias is None


def test_shared_modules_and_parameters_counted_once():
    shared = nn.Linear(2, 2)
    tied = nn.Sequential(shared, shared)
    assert len(list(tied.parameters())) == 2
    assert [k for k, _ in tied.named_modules()] == ["", "0"]
    assert list(tied.state_dict()) == ["0.weight", "0.bias", "1.weight", "1.bias"]


def test_reassignment_moves_between_registries():
    m = nn.Module()
    m.x = nn.Linear(1, 1)
    m.x = nn.Parameter(torch.ones(1))       # a Parameter replaces a child module
    assert "x" in m._parameters and "x" not in m._modules
    with pytest.raises(TypeError, match="as parameter 'x'"):
        m.x = nn.Linear(1, 1)               # but not the other way round (as PyTorch)
    m.y = nn.Linear(1, 1)
    m.y = None
    assert m._modules["y"] is None
    m.register_buffer("b", torch.ones(1))
    m.b = torch.zeros(2)
    assert m._buffers["b"].tolist() == [0.0, 0.0]
    del m.b
    assert "b" not in m._buffers
    m.p = nn.Parameter(torch.ones(1))
    m.p = None
    assert m._parameters["p"] is None and [n for n, _ in m.named_parameters()] == ["x"]


@pytest.mark.parametrize("action, error, message", [
    (lambda m: setattr(m, "weight", torch.ones(2, 2)), TypeError,
     "cannot assign 'torch.FloatTensor' as parameter 'weight' (torch.nn.Parameter or None expected)"),
    (lambda m: m.foo, AttributeError, "'Linear' object has no attribute 'foo'"),
    (lambda m: m.register_buffer("c", 3), TypeError,
     "cannot assign 'int' object to buffer 'c' (torch Tensor or None required)"),
    (lambda m: m.register_parameter("c", torch.ones(1)), TypeError,
     "cannot assign 'torch.FloatTensor' object to parameter 'c' (torch.nn.Parameter or None required)"),
    (lambda m: m.register_buffer("weight", torch.ones(1)), KeyError, "\"attribute 'weight' already exists\""),
    (lambda m: m.add_module("a.b", nn.ReLU()), KeyError, "'module name can\\'t contain \".\", got: a.b'"),
    (lambda m: m.add_module("", nn.ReLU()), KeyError, "'module name can\\'t be empty string \"\"'"),
    (lambda m: m.add_module("x", 3), TypeError, "int is not a Module subclass"),
    (lambda m: m.add_module("weight", nn.ReLU()), KeyError, "\"attribute 'weight' already exists\""),
    (lambda m: m.train(1), ValueError, "training mode is expected to be boolean"),
    (lambda m: m.to(torch.int64), TypeError,
     "nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64"),
])
def test_registration_errors(action, error, message):
    m = nn.Linear(2, 2)
    with pytest.raises(error) as info:
        action(m)
    assert str(info.value) == message


def test_assignment_before_init_and_missing_forward():
    class Early(nn.Module):
        def __init__(self):
            self.x = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"cannot assign module before Module.__init__\(\) call"):
        Early()
    with pytest.raises(NotImplementedError, match=r'Module \[Module\] is missing the required "forward" function'):
        nn.Module()(1)


def test_non_leaf_parameter_rejected():
    m = nn.Module()
    with pytest.raises(TypeError):
        m.register_parameter("c", nn.Parameter(torch.ones(1)) * 2)


# ---- state_dict -------------------------------------------------------------------------------------
def test_state_dict_is_detached_ordered():
    net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    sd = net.state_dict()
    assert type(sd) is OrderedDict
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    assert all(type(v) is torch.Tensor and not v.requires_grad and v.grad_fn is None for v in sd.values())
    assert sd["0.weight"].data_ptr() == net[0].weight.data_ptr()      # aliases, not copies
    assert sd._metadata == OrderedDict([("", {"version": 1}), ("0", {"version": 1}), ("1", {"version": 1}),
                                        ("2", {"version": 1})])
    kept = net.state_dict(keep_vars=True)
    assert kept["0.weight"] is net[0].weight
    assert list(net.state_dict(prefix="model.")) == ["model.0.weight", "model.0.bias", "model.2.weight",
                                                     "model.2.bias"]


def test_batchnorm_state_dict_repr():
    # OrderedDict's own repr changed in Python 3.12; the entries are what PyTorch shows
    entries = ("('weight', tensor([1., 1., 1.])), ('bias', tensor([0., 0., 0.])), "
               "('running_mean', tensor([0., 0., 0.])), ('running_var', tensor([1., 1., 1.])), "
               "('num_batches_tracked', tensor(0))")
    py312 = entries.replace("('", "'").replace("', ", "': ").replace(")), ", "), ").replace("(0))", "(0)")
    assert repr(nn.BatchNorm1d(3).state_dict()) in (f"OrderedDict([{entries}])", f"OrderedDict({{{py312}}})")


def test_load_state_dict_copies_in_place():
    torch.manual_seed(0)
    a = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    b = nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3))
    a[1].running_mean.fill_(0.5)
    weight = b[0].weight
    result = b.load_state_dict(a.state_dict())
    assert repr(result) == "<All keys matched successfully>"
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert b[0].weight is weight and weight.requires_grad
    assert b[0].weight.tolist() == a[0].weight.tolist()
    assert b[1].running_mean.tolist() == [0.5, 0.5, 0.5]
    assert b[0].weight.data_ptr() != a[0].weight.data_ptr()


def test_load_state_dict_errors():
    net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    sd = net.state_dict()
    bad = dict(sd)
    del bad["0.bias"]
    bad["extra"] = torch.zeros(1)
    bad["2.junk"] = torch.zeros(1)
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(bad)
    assert str(info.value) == ('Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: '
                               '"0.bias". \n\tUnexpected key(s) in state_dict: "extra", "2.junk". ')
    result = net.load_state_dict(bad, strict=False)
    assert result.missing_keys == ["0.bias"] and result.unexpected_keys == ["extra", "2.junk"]
    assert repr(result) == "_IncompatibleKeys(missing_keys=['0.bias'], unexpected_keys=['extra', '2.junk'])"
    bad = dict(sd)
    bad["0.weight"] = torch.zeros(2, 2)
    del bad["2.bias"]
    with pytest.raises(RuntimeError) as info:
        net.load_state_dict(bad)
    assert str(info.value) == (
        'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "2.bias". \n\tsize mismatch '
        'for 0.weight: copying a param with shape torch.Size([2, 2]) from checkpoint, the shape in current model is '
        'torch.Size([3, 4]).')
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like"):
        net.load_state_dict([1])


def test_non_persistent_buffers_not_saved():
    net = _Net()
    assert "cache" not in net.state_dict()
    assert net.load_state_dict(net.state_dict()).missing_keys == []


def test_state_dict_round_trip_through_save_load():
    torch.manual_seed(1)
    a = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    buf = io.BytesIO()
    torch.save(a.state_dict(), buf)
    buf.seek(0)
    b = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    b.load_state_dict(torch.load(buf))
    assert b[0].weight.tolist() == a[0].weight.tolist()


# ---- modes, gradients, conversions, hooks ------------------------------------------------------------------
def test_train_eval_propagate():
    net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.BatchNorm1d(3), nn.Dropout()))
    assert net.training and net[1][1].training
    assert net.eval() is net
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())


def test_zero_grad_and_requires_grad():
    lin = nn.Linear(2, 2)
    lin(torch.ones(1, 2)).sum().backward()
    assert lin.weight.grad is not None
    lin.zero_grad()
    assert lin.weight.grad is None and lin.bias.grad is None
    lin(torch.ones(1, 2)).sum().backward()
    grad = lin.weight.grad
    lin.zero_grad(set_to_none=False)
    assert lin.weight.grad is grad and grad.tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert lin.requires_grad_(False) is lin and not lin.weight.requires_grad
    lin.requires_grad_()
    assert lin.weight.requires_grad


def test_conversions_keep_parameter_identity():
    net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    weight = net[0].weight
    net(torch.ones(4, 2)).sum().backward()
    assert net.double() is net
    assert net[0].weight is weight and type(weight) is nn.Parameter
    assert weight.dtype is torch.float64 and weight.grad.dtype is torch.float64
    assert net[1].running_mean.dtype is torch.float64
    assert net[1].num_batches_tracked.dtype is torch.int64       # integer buffers are not converted
    net.float()
    assert weight.dtype is torch.float32
    net.to(torch.float64)
    assert weight.dtype is torch.float64
    net.to("cpu", dtype=torch.float32)
    net.cpu()
    assert weight.dtype is torch.float32 and weight.requires_grad
    out = net(torch.ones(4, 2))
    assert out.dtype is torch.float32


def test_apply_visits_children_first():
    net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.ReLU()))
    seen = []
    assert net.apply(lambda m: seen.append(type(m).__name__)) is net
    assert seen == ["Linear", "ReLU", "Sequential", "Sequential"]


def test_forward_hooks():
    net = nn.Linear(2, 3)
    calls = []
    h1 = net.register_forward_pre_hook(lambda m, args: calls.append(("pre", len(args))))
    h2 = net.register_forward_hook(lambda m, args, out: calls.append(("post", tuple(out.shape))))
    net(torch.ones(4, 2))
    h1.remove()
    h2.remove()
    net(torch.ones(4, 2))
    assert calls == [("pre", 1), ("post", (4, 3))]
    with net.register_forward_hook(lambda m, args, out: out * 0):
        assert net(torch.ones(1, 2)).abs().sum().item() == 0
    assert net(torch.ones(1, 2)).abs().sum().item() != 0
    net.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    assert net(torch.ones(1, 2)).tolist() == net.bias.unsqueeze(0).tolist()


def test_deepcopy_and_pickle_module():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    clone = copy.deepcopy(net)
    assert type(clone[0].weight) is nn.Parameter and clone[0].weight is not net[0].weight
    assert clone[0].weight.tolist() == net[0].weight.tolist()
    restored = pickle.loads(pickle.dumps(net))
    assert repr(restored) == repr(net)
    assert restored[0].weight.tolist() == net[0].weight.tolist()


def test_get_submodule_and_parameter():
    net = nn.Sequential(nn.Linear(3, 2), nn.Sequential(nn.Linear(2, 2)))
    assert net.get_submodule("1.0") is net[1][0]
    assert net.get_parameter("1.0.bias") is net[1][0].bias
    with pytest.raises(AttributeError):
        net.get_submodule("2")


# ---- containers --------------------------------------------------------------------------------------------
def test_sequential_indexing_and_editing():
    s = nn.Sequential(OrderedDict([("a", nn.Linear(4, 3)), ("b", nn.ReLU()), ("c", nn.Linear(3, 2))]))
    assert len(s) == 3 and s[-1] is s.c and s[1] is s.b
    tail = s[1:]
    assert type(tail) is nn.Sequential and list(tail._modules) == ["b", "c"]
    with pytest.raises(IndexError, match="index 5 is out of range"):
        s[5]
    seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    assert seq.append(nn.Tanh()) is seq and len(seq) == 3
    del seq[0]
    assert list(seq._modules) == ["0", "1"] and isinstance(seq[0], nn.ReLU)
    seq.insert(1, nn.Sigmoid())
    assert [type(m).__name__ for m in seq] == ["ReLU", "Sigmoid", "Tanh"]
    seq[0] = nn.Identity()
    assert isinstance(seq[0], nn.Identity)
    x = torch.tensor([[-1.0, 2.0]])
    assert seq(x).tolist() == x.sigmoid().tanh().tolist()


def test_module_list():
    ml = nn.ModuleList([nn.ReLU()])
    ml.append(nn.Tanh())
    ml.extend([nn.ReLU()])
    ml.insert(0, nn.Sigmoid())
    assert [type(m).__name__ for m in ml] == ["Sigmoid", "ReLU", "Tanh", "ReLU"]
    assert isinstance(ml[-1], nn.ReLU) and type(ml[1:]) is nn.ModuleList and len(ml[1:]) == 3
    del ml[0]
    assert list(ml._modules) == ["0", "1", "2"]
    with pytest.raises(NotImplementedError, match="ModuleList"):
        ml(1)
    holder = nn.Module()
    holder.layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(2)])
    assert [n for n, _ in holder.named_parameters()] == ["layers.0.weight", "layers.0.bias", "layers.1.weight",
                                                         "layers.1.bias"]


def test_module_dict():
    md = nn.ModuleDict({"a": nn.ReLU(), "b": nn.Linear(1, 1)})
    assert list(md.keys()) == ["a", "b"] and "a" in md and len(md) == 2
    assert [n for n, _ in md.named_parameters()] == ["b.weight", "b.bias"]


# ---- reprs (strings printed by PyTorch 2.13) --------------------------------------------------------------
SEQUENTIAL_REPR = """Sequential(
  (0): Linear(in_features=4, out_features=3, bias=True)
  (1): ReLU()
  (2): Linear(in_features=3, out_features=2, bias=True)
)"""

CONV_NET_REPR = """ConvNet(
  (conv1): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  (conv2): Conv2d(8, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), bias=False)
  (bn): BatchNorm1d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
  (drop): Dropout(p=0.25, inplace=False)
  (fc): Sequential(
    (0): Flatten(start_dim=1, end_dim=-1)
    (1): Linear(in_features=64, out_features=10, bias=True)
  )
  (emb): Embedding(10, 3, padding_idx=0)
  (acts): ModuleList(
    (0): ReLU()
    (1): Sigmoid()
    (2): Tanh()
    (3): Softmax(dim=1)
    (4): LogSoftmax(dim=1)
    (5): Identity()
  )
  (avg): AvgPool2d(kernel_size=2, stride=2, padding=0)
  (losses): ModuleList(
    (0): MSELoss()
    (1): L1Loss()
    (2): CrossEntropyLoss()
    (3): NLLLoss()
    (4): BCELoss()
    (5): BCEWithLogitsLoss()
  )
)"""


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=(3, 3), stride=2, padding=1, dilation=2, bias=False)
        self.bn = nn.BatchNorm1d(16)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(64, 10))
        self.emb = nn.Embedding(10, 3, padding_idx=0)
        self.acts = nn.ModuleList([nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.Softmax(dim=1), nn.LogSoftmax(dim=1),
                                   nn.Identity()])
        self.avg = nn.AvgPool2d(2)
        self.losses = nn.ModuleList([nn.MSELoss(), nn.L1Loss(), nn.CrossEntropyLoss(), nn.NLLLoss(), nn.BCELoss(),
                                     nn.BCEWithLogitsLoss()])
        self.register_buffer("buf", torch.zeros(2))

    def forward(self, x):
        return x


def test_sequential_repr():
    assert repr(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))) == SEQUENTIAL_REPR
    assert str(nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))) == SEQUENTIAL_REPR


def test_conv_net_repr_and_keys():
    net = ConvNet()
    assert repr(net) == CONV_NET_REPR
    assert list(net.state_dict()) == ["buf", "conv1.weight", "conv1.bias", "conv2.weight", "bn.weight", "bn.bias",
                                      "bn.running_mean", "bn.running_var", "bn.num_batches_tracked", "fc.1.weight",
                                      "fc.1.bias", "emb.weight"]


@pytest.mark.parametrize("module, text", [
    (lambda: nn.Conv2d(2, 4, (1, 3), stride=(1, 2), padding=(0, 1), groups=2),
     "Conv2d(2, 4, kernel_size=(1, 3), stride=(1, 2), padding=(0, 1), groups=2)"),
    (lambda: nn.Conv2d(1, 1, 3, padding="same"), "Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding=same)"),
    (lambda: nn.Conv2d(1, 1, 3, padding_mode="reflect"),
     "Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), padding_mode=reflect)"),
    (lambda: nn.MaxPool2d(3, stride=1, padding=1, ceil_mode=True),
     "MaxPool2d(kernel_size=3, stride=1, padding=1, dilation=1, ceil_mode=True)"),
    (lambda: nn.MaxPool2d((2, 3)), "MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=0, dilation=1, "
                                   "ceil_mode=False)"),
    (lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
     "AvgPool2d(kernel_size=3, stride=2, padding=1)"),
    (lambda: nn.Dropout(), "Dropout(p=0.5, inplace=False)"),
    (lambda: nn.Softmax(), "Softmax(dim=None)"),
    (lambda: nn.LogSoftmax(dim=-1), "LogSoftmax(dim=-1)"),
    (lambda: nn.Flatten(0, -1), "Flatten(start_dim=0, end_dim=-1)"),
    (lambda: nn.BatchNorm1d(3, affine=False, track_running_stats=False, momentum=None),
     "BatchNorm1d(3, eps=1e-05, momentum=None, affine=False, bias=False, track_running_stats=False)"),
    (lambda: nn.BatchNorm2d(3), "BatchNorm2d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                                "track_running_stats=True)"),
    (lambda: nn.Embedding(5, 2, max_norm=1.0), "Embedding(5, 2, max_norm=1.0)"),
    (lambda: nn.Embedding(5, 2, norm_type=1.0, scale_grad_by_freq=True, sparse=True),
     "Embedding(5, 2, norm_type=1.0, scale_grad_by_freq=True, sparse=True)"),
    (lambda: nn.Linear(2, 3, bias=False), "Linear(in_features=2, out_features=3, bias=False)"),
    (lambda: nn.CrossEntropyLoss(label_smoothing=0.1), "CrossEntropyLoss()"),
    (lambda: nn.Sequential(), "Sequential()"),
    (lambda: nn.ModuleList(), "ModuleList()"),
    (lambda: nn.Identity(54, unused="x"), "Identity()"),
    (lambda: nn.ReLU(inplace=True), "ReLU(inplace=True)"),
    (lambda: nn.LeakyReLU(0.2, True), "LeakyReLU(negative_slope=0.2, inplace=True)"),
    (lambda: nn.GELU("tanh"), "GELU(approximate='tanh')"),
    (lambda: nn.Unflatten(1, (2, 2)), "Unflatten(dim=1, unflattened_size=(2, 2))"),
])
def test_layer_reprs(module, text):
    assert repr(module()) == text


def test_nested_and_repeated_reprs():
    assert repr(nn.Sequential(nn.Linear(1, 1), nn.Sequential(nn.ReLU(), nn.Sequential(nn.Tanh())))) == (
        "Sequential(\n  (0): Linear(in_features=1, out_features=1, bias=True)\n  (1): Sequential(\n    (0): ReLU()\n"
        "    (1): Sequential(\n      (0): Tanh()\n    )\n  )\n)")
    assert repr(nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh(), nn.Linear(2, 2), nn.Linear(2, 2),
                               nn.Linear(2, 3)])) == (
        "ModuleList(\n  (0-1): 2 x ReLU()\n  (2): Tanh()\n  (3-4): 2 x Linear(in_features=2, out_features=2, "
        "bias=True)\n  (5): Linear(in_features=2, out_features=3, bias=True)\n)")

    class Multi(nn.Module):
        def extra_repr(self):
            return "a=1\nb=2"

    m = Multi()
    assert repr(m) == "Multi(\n  a=1\n  b=2\n)"
    m.child = nn.ReLU()
    assert repr(m) == "Multi(\n  a=1\n  b=2\n  (child): ReLU()\n)"


def test_a_module_moved_after_a_forward_pass_trains_on_its_new_device():
    """Module.cuda() while an earlier graph is alive: the next backward reaches the moved
    parameters (their AccumulateGrad follows the new device, as PyTorch's set_data resets it)."""
    from tensorlib.backends import cuda as cuda_backend
    with cuda_backend.use_stand_in():
        m = nn.Linear(2, 2)
        earlier = m(torch.ones(1, 2))
        m.cuda()
        m(torch.ones(1, 2, device="cuda")).sum().backward()
        assert m.weight.grad.device.type == "cuda" and earlier.grad_fn is not None
        m.double()
        m.weight.grad = None
        m(torch.ones(1, 2, dtype=torch.float64, device="cuda")).sum().backward()
        assert m.weight.grad.dtype is torch.float64
