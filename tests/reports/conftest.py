"""Make the shop book of ``tests/files/shop.py`` importable."""

import sys
from pathlib import Path

SHOP = str(Path(__file__).resolve().parent.parent / "files")
if SHOP not in sys.path:
    sys.path.insert(0, SHOP)
