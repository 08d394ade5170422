"""Train a small convolutional network on scikit-learn's handwritten digits with tensorlib.

The 8x8 digit images (bundled with scikit-learn, no download) go through
``Conv2d -> ReLU -> MaxPool2d -> Conv2d -> ReLU -> MaxPool2d -> Flatten ->
Linear``, trained with SGD + momentum and cross-entropy (see digits.py for the
loop, the progress bar, the accuracy and the saved loss curve).

    python examples/cnn_digits.py [--epochs 12] [--out examples/output/cnn_digits_loss.png]
"""
import tensorlib as torch
import tensorlib.nn as nn
import tensorlib.optim as optim

import digits


class ConvNet(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16 x 4 x 4
            nn.Conv2d(16, 32, kernel_size=3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 32 x 2 x 2
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(32 * 2 * 2, n_classes))

    def forward(self, x):
        return self.classifier(self.features(x))


def main(argv=None):
    args = digits.parse_args("cnn_digits", __doc__.splitlines()[0], epochs=12, lr=0.05, argv=argv,
                             momentum=0.9)
    torch.manual_seed(args.seed)
    data = digits.load_data(args.seed, images=True)
    model = ConvNet()
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    return digits.train_and_report(args, data, model, optimizer, "cnn", "CNN on sklearn digits (tensorlib)")


if __name__ == "__main__":
    main()
