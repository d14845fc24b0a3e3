"""Command-line interface (Typer + Rich): a thin client of the library."""
