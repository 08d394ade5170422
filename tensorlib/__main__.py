"""``python -m tensorlib tour [--lang zh|en]``: walk through the tutorial examples."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tensorlib")
    commands = parser.add_subparsers(dest="command", required=True)
    tour = commands.add_parser("tour", help="run the tutorial examples and print their results")
    tour.add_argument("--lang", choices=("zh", "en"), default="zh")
    tour.add_argument("--section", type=int, default=None, help="run only this section (1-based)")
    args = parser.parse_args(argv)
    from .tour import run_tour
    return run_tour(args.lang, args.section)


if __name__ == "__main__":
    sys.exit(main())
