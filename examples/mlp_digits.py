"""Train a multi-layer perceptron on scikit-learn's handwritten digits with tensorlib.

The data set (1797 8x8 grey-scale images of the digits 0-9) ships with
scikit-learn, so nothing is downloaded.  ``Linear -> ReLU -> Dropout -> Linear ->
ReLU -> Linear`` is trained with Adam and cross-entropy (see digits.py for the
loop, the progress bar, the accuracy and the saved loss curve).

    python examples/mlp_digits.py [--epochs 20] [--out examples/output/mlp_digits_loss.png]
"""
import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.optim as optim

import digits


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


def main(argv=None):
    args = digits.parse_args("mlp_digits", __doc__.splitlines()[0], epochs=20, lr=1e-3, argv=argv)
    torch.manual_seed(args.seed)
    data = digits.load_data(args.seed, images=False)
    model = MLP()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)
    return digits.train_and_report(args, data, model, optimizer, "mlp", "MLP on sklearn digits (tensorlib)")


if __name__ == "__main__":
    main()
