"""Linear regression twice, as the d2l book teaches it: first from scratch
(a hand-written data iterator, a model function, squared loss and minibatch SGD
under no_grad), then concisely with a DataLoader, nn.Sequential, nn.MSELoss and
optim.SGD.  The synthetic data comes from NumPy so that two libraries see the
same numbers."""
import numpy as np
import torch
from torch import nn
from torch.utils import data


def synthetic_data(w, b, num_examples, rng):
    X = torch.from_numpy(rng.standard_normal((num_examples, len(w))).astype(np.float32))
    y = torch.matmul(X, w) + b
    y += torch.from_numpy((0.01 * rng.standard_normal(num_examples)).astype(np.float32))
    return X, y.reshape((-1, 1))


def data_iter(batch_size, features, labels, order):
    for i in range(0, len(features), batch_size):
        batch_indices = torch.tensor(order[i: min(i + batch_size, len(features))])
        yield features[batch_indices], labels[batch_indices]


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


def main():
    rng = np.random.default_rng(3)
    true_w, true_b = torch.tensor([2, -3.4]), 4.2
    features, labels = synthetic_data(true_w, true_b, 1000, rng)
    print("features:", features[0], "\nlabel:", labels[0])
    w = torch.tensor((0.01 * rng.standard_normal((2, 1))).astype(np.float32), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    lr, batch_size = 0.03, 10
    for epoch in range(3):
        for X, y in data_iter(batch_size, features, labels, rng.permutation(len(features))):
            squared_loss(linreg(X, w, b), y).sum().backward()
            sgd([w, b], lr, batch_size)
        with torch.no_grad():
            train_l = squared_loss(linreg(features, w, b), labels)
            print(f"epoch {epoch + 1}, loss {float(train_l.mean()):.8f}")
    print(f"w error: {true_w - w.reshape(true_w.shape)}")
    print(f"b error: {true_b - b}")

    loader = data.DataLoader(data.TensorDataset(features, labels), batch_size, shuffle=False)
    net = nn.Sequential(nn.Linear(2, 1))
    net[0].weight.data.copy_(torch.from_numpy((0.01 * rng.standard_normal((1, 2))).astype(np.float32)))
    net[0].bias.data.fill_(0)
    loss = nn.MSELoss()
    trainer = torch.optim.SGD(net.parameters(), lr=0.03)
    for epoch in range(3):
        for X, y in loader:
            l = loss(net(X), y)
            trainer.zero_grad()
            l.backward()
            trainer.step()
        print(f"epoch {epoch + 1}, loss {loss(net(features), labels).item():.8f}")
    print("w estimate:", net[0].weight.data.reshape(true_w.shape), "b estimate:", net[0].bias.data)


if __name__ == "__main__":
    main()
