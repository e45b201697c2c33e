"""French display formats: prices, quantities, slugs."""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"  # non-breaking space: "3,49 €", "-20 %"
NNBSP = "\u202f"  # narrow non-breaking space: thousands separator "1 249,00 €"


def decimal_fr(value: float, decimals: int = 2) -> str:
    """``1249.5`` → ``"1 249,50"`` (narrow no-break thousands, decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def euros(value: float) -> str:
    """``3.49`` → ``"3,49 €"``."""
    return f"{decimal_fr(value)}{NBSP}€"


def per_unit(value: float, unit: str) -> str:
    """``6.98, "kg"`` → ``"6,98 € / kg"``."""
    return f"{euros(value)}{NBSP}/{NBSP}{unit}"


def percent_off(discount: int) -> str:
    """``20`` → ``"-20 %"``."""
    return f"-{discount}{NBSP}%"


def quantity_label(quantity: float, unit: str) -> str:
    """Pack size as printed on a label: ``500 g``, ``75 cl``, ``1,5 L``, ``la pièce``."""
    if unit == "kg" and quantity < 1:
        return f"{round(quantity * 1000)}{NBSP}g"
    if unit == "L" and quantity < 1:
        return f"{round(quantity * 100)}{NBSP}cl"
    if unit in {"kg", "L"}:
        return f"{decimal_fr(quantity, 1).removesuffix(',0')}{NBSP}{unit}"
    return "la pièce"


def slugify(text: str) -> str:
    """``"Fruits & légumes"`` → ``"fruits-legumes"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "produit"
