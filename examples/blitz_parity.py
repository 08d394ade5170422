"""The "Deep Learning with PyTorch: a 60 minute blitz" training workflow, run
on tensorlib -- or on PyTorch itself, from the same initial weights and data,
to check that both print the same losses.

Workflow (as in the blitz's classifier tutorial): define a ``Net`` (two
conv + max-pool stages and three fully connected layers), a
``CrossEntropyLoss`` and ``SGD`` with momentum 0.9; train on mini-batches of 4
images for a few hundred steps, printing the running loss; then evaluate on
held-out images.  The images are synthetic (a fixed NumPy seed: every class is
a noisy copy of its own random prototype), so nothing is downloaded; initial
weights are drawn with NumPy too and copied into the network, so both
libraries start from identical numbers.

    python examples/blitz_parity.py                    # tensorlib
    python examples/blitz_parity.py --backend torch    # PyTorch (if installed)
    python examples/blitz_parity.py --compare          # both, and compare the printed lines
"""
import argparse
import importlib
import sys

import numpy as np

N_CLASSES = 10
IMAGE = (3, 32, 32)


def make_data(seed=0, n_train=400, n_test=100, noise=1.5):
    """Synthetic images: class k is prototype k plus Gaussian noise (float32 arrays)."""
    rng = np.random.default_rng(seed)
    prototypes = rng.standard_normal((N_CLASSES,) + IMAGE)

    def draw(n):
        labels = rng.integers(0, N_CLASSES, n)
        images = prototypes[labels] + noise * rng.standard_normal((n,) + IMAGE)
        return images.astype(np.float32), labels.astype(np.int64)

    x_train, y_train = draw(n_train)
    x_test, y_test = draw(n_test)
    return x_train, y_train, x_test, y_test


def define_net(torch):
    """The blitz's ``Net``, for the library ``torch`` (tensorlib or PyTorch)."""
    nn = torch.nn
    F = torch.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 6, 5)
            self.pool = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, N_CLASSES)

        def forward(self, x):
            x = self.pool(F.relu(self.conv1(x)))
            x = self.pool(F.relu(self.conv2(x)))
            x = torch.flatten(x, 1)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            return self.fc3(x)

    return Net


def init_weights(torch, net, seed=1):
    """Overwrite every parameter (in registration order) with NumPy draws from
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) -- PyTorch's default ranges."""
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        for name, p in net.named_parameters():
            shape = tuple(p.shape)
            if name.endswith("weight"):
                fan_in = int(np.prod(shape[1:]))
            else:
                fan_in = int(np.prod(tuple(getattr(net, name.split(".")[0]).weight.shape)[1:]))
            bound = 1.0 / np.sqrt(fan_in)
            values = rng.uniform(-bound, bound, shape).astype(np.float32)
            p.copy_(torch.from_numpy(values))


def run(torch, steps=300, batch_size=4, lr=0.005, momentum=0.9, print_every=25, data_seed=0, weight_seed=1,
        shuffle_seed=2, decimals=4, out=print):
    """Train and evaluate with ``torch`` (the tensorlib or the PyTorch module);
    prints (through ``out``, unless None) and returns the lines, with losses
    to ``decimals`` places."""
    importlib.import_module(torch.__name__ + ".nn")
    importlib.import_module(torch.__name__ + ".optim")
    lines = []

    def emit(text):
        lines.append(text)
        if out is not None:
            out(text)

    x_train, y_train, x_test, y_test = make_data(data_seed)
    net = define_net(torch)()
    init_weights(torch, net, weight_seed)
    criterion = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)

    order_rng = np.random.default_rng(shuffle_seed)  # the batch order, shared by both libraries
    order = np.empty(0, dtype=np.int64)
    running_loss = 0.0
    for step in range(1, steps + 1):
        if len(order) < batch_size:
            order = np.concatenate([order, order_rng.permutation(len(x_train))])
        idx, order = order[:batch_size], order[batch_size:]
        inputs = torch.from_numpy(x_train[idx])
        labels = torch.from_numpy(y_train[idx])

        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if step % print_every == 0:
            emit(f"[step {step:4d}] loss: {running_loss / print_every:.{decimals}f}")
            running_loss = 0.0

    with torch.no_grad():
        outputs = net(torch.from_numpy(x_test))
        test_loss = criterion(outputs, torch.from_numpy(y_test)).item()
        predicted = torch.argmax(outputs, 1)
        correct = int((predicted == torch.from_numpy(y_test)).sum().item())
    emit(f"test loss: {test_loss:.{decimals}f}")
    emit(f"test accuracy: {correct}/{len(y_test)}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description="The 60-minute-blitz workflow on tensorlib or PyTorch.")
    parser.add_argument("--backend", choices=("tensorlib", "torch"), default="tensorlib")
    parser.add_argument("--compare", action="store_true", help="run both and compare the printed lines")
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args(argv)
    if not args.compare:
        run(importlib.import_module(args.backend), steps=args.steps)
        return 0
    results = {}
    for name in ("tensorlib", "torch"):
        print(f"== {name}")
        results[name] = run(importlib.import_module(name), steps=args.steps)
    same = results["tensorlib"] == results["torch"]
    print("printed lines match" if same else "printed lines DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
