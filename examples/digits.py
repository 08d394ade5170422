"""What the two digits examples share: the data, the training loop, accuracy
and the loss-curve plot.  Each example only defines its model and optimiser.

Written exactly as it would be for PyTorch: only the import differs."""
import argparse
import os
import time

import numpy as np

import tensorlib as torch
import tensorlib.nn as nn
from tensorlib.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(name, description, epochs, lr, argv=None, **extra):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=lr)
    for option, default in extra.items():
        parser.add_argument("--" + option.replace("_", "-"), type=type(default), default=default)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=os.path.join(HERE, "output", f"{name}_loss.png"),
                        help="where to save the loss curve (PNG)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    return parser.parse_args(argv)


def load_data(seed, images):
    """Digits in [0, 1] — flat 64-vectors, or (N, 1, 8, 8) images — split 75/25
    (stratified, fixed seed), as tensors.  scikit-learn ships the data: no download."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    pixels = digits.images[:, None, :, :] if images else digits.data
    x = (pixels / 16.0).astype(np.float32)  # pixel values are 0..16
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    return (torch.from_numpy(x_train), torch.from_numpy(y_train),
            torch.from_numpy(x_test), torch.from_numpy(y_test))


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


def train_and_report(args, data, model, optimizer, label, title):
    """Trains with cross-entropy (tqdm bar), saves the loss curve, prints accuracies."""
    from tqdm import tqdm

    x_train, y_train, x_test, y_test = data
    loader = DataLoader(TensorDataset(x_train, y_train), batch_size=args.batch_size, shuffle=True)
    criterion = nn.CrossEntropyLoss()
    start = time.perf_counter()
    step_losses, epoch_losses = [], []
    with tqdm(total=args.epochs * len(loader), desc=label, unit="batch", disable=args.no_progress) as bar:
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
    save_loss_curve(step_losses, epoch_losses, len(loader), args.out, title)
    print(f"epochs: {args.epochs}  final epoch loss: {epoch_losses[-1]:.4f}  training time: {elapsed:.1f}s")
    print(f"train accuracy: {train_acc:.4f}")
    print(f"test accuracy: {test_acc:.4f}")
    print(f"loss curve saved to {args.out}")
    return test_acc
