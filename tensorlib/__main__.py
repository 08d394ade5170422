"""``python -m tensorlib tour [--lang zh|en]``: walk through the tutorial examples.
``python -m tensorlib run SCRIPT [ARGS...]``: run a PyTorch program unmodified, on tensorlib."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tensorlib")
    commands = parser.add_subparsers(dest="command", required=True)
    tour = commands.add_parser("tour", help="run the tutorial examples and print their results")
    tour.add_argument("--lang", choices=("zh", "en"), default="zh")
    tour.add_argument("--section", type=int, default=None, help="run only this section (1-based)")
    run = commands.add_parser("run", help="run a PyTorch program with tensorlib as torch")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command == "run":
        from .runner import run_script
        try:
            run_script(args.script, args.args)
        except FileNotFoundError as error:
            print(f"python -m tensorlib run: {error}", file=sys.stderr)
            return 2
        return 0
    from .tour import run_tour
    return run_tour(args.lang, args.section)


if __name__ == "__main__":
    sys.exit(main())
