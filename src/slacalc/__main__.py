"""``python -m slacalc``: the same command line as ``slacalc``."""

from slacalc.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
