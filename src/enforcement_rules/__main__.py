"""``python -m enforcement_rules``."""

from ._cli import console

console()
