"""Command-line interface (click; Rich for tables and progress): a thin client of the library.

Each command imports what it uses when it runs (see :mod:`jixiao.cli.app`).
"""
