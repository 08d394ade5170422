"""Train a multi-layer perceptron on scikit-learn's handwritten digits with tensorlib.

The data set (1797 8x8 grey-scale images of the digits 0-9) ships with
scikit-learn, so nothing is downloaded.  The script splits it into train and
test sets (fixed seed), trains ``Linear -> ReLU -> Dropout -> Linear -> ReLU ->
Linear`` with Adam and cross-entropy, shows a tqdm progress bar, prints the
test accuracy and saves the loss curve as a PNG.

    python examples/mlp_digits.py [--epochs 20] [--out examples/output/mlp_digits_loss.png]

Written exactly as it would be for PyTorch: only the import differs.
"""
import argparse
import os
import time

import numpy as np

import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.optim as optim
from tensorlib.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=os.path.join(HERE, "output", "mlp_digits_loss.png"),
                        help="where to save the loss curve (PNG)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return parser.parse_args(argv)


def load_data(seed):
    """Digits scaled to [0, 1], split 75/25 (stratified, fixed seed), as tensors."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)  # pixel values are 0..16
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    return (torch.from_numpy(x_train), torch.from_numpy(y_train),
            torch.from_numpy(x_test), torch.from_numpy(y_test))


class MLP(nn.Module):
    def __init__(self, n_in=64, hidden=128, n_classes=10, p_drop=0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_in, hidden), nn.ReLU(), nn.Dropout(p_drop),
            nn.Linear(hidden, hidden // 2), nn.ReLU(),
            nn.Linear(hidden // 2, n_classes),
        )

    def forward(self, x):
        return self.net(x)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        pred = model(x).argmax(dim=1)
    model.train()
    return (pred == y).float().mean().item()


def save_loss_curve(step_losses, epoch_losses, steps_per_epoch, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(np.arange(1, len(step_losses) + 1), step_losses, lw=0.8, alpha=0.5, label="batch loss")
    ax.plot(np.arange(1, len(epoch_losses) + 1) * steps_per_epoch, epoch_losses, "o-", label="epoch mean")
    ax.set_xlabel("training step")
    ax.set_ylabel("cross-entropy loss")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv=None):
    from tqdm import tqdm

    args = parse_args(argv)
    torch.manual_seed(args.seed)
    x_train, y_train, x_test, y_test = load_data(args.seed)
    loader = DataLoader(TensorDataset(x_train, y_train), batch_size=args.batch_size, shuffle=True)

    model = MLP()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)

    start = time.perf_counter()
    step_losses, epoch_losses = [], []
    with tqdm(total=args.epochs * len(loader), desc="mlp", unit="batch", disable=args.no_progress) as bar:
        for epoch in range(args.epochs):
            total, count = 0.0, 0
            for xb, yb in loader:
                optimizer.zero_grad()
                loss = criterion(model(xb), yb)
                loss.backward()
                optimizer.step()
                value = loss.item()
                step_losses.append(value)
                total += value * len(yb)
                count += len(yb)
                bar.update(1)
                bar.set_postfix(epoch=epoch + 1, loss=f"{value:.4f}")
            epoch_losses.append(total / count)
    elapsed = time.perf_counter() - start

    train_acc = accuracy(model, x_train, y_train)
    test_acc = accuracy(model, x_test, y_test)
    save_loss_curve(step_losses, epoch_losses, len(loader), args.out, "MLP on sklearn digits (tensorlib)")
    print(f"epochs: {args.epochs}  final epoch loss: {epoch_losses[-1]:.4f}  training time: {elapsed:.1f}s")
    print(f"train accuracy: {train_acc:.4f}")
    print(f"test accuracy: {test_acc:.4f}")
    print(f"loss curve saved to {args.out}")
    return test_acc


if __name__ == "__main__":
    main()
