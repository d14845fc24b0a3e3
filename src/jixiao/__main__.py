"""``python -m jixiao`` runs the CLI."""

from .cli.app import main

main()
