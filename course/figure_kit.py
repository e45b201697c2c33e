"""Drawing kit shared by the lessons' figure scripts (``course/*/figures/make_figures.py``).

Deterministic and offline: matplotlib's Agg backend, fixed fonts and sizes, no wall-clock
metadata in the PNG files. Colours from the Okabe-Ito palette (colour-blind friendly),
with light fills for boxes.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

DPI = 110
BLUE, ORANGE, GREEN, RED, GREY, PURPLE = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#555555", "#CC79A7")
FILL = {BLUE: "#DCEBF7", ORANGE: "#FCEFD2", GREEN: "#D5F0E7", RED: "#F8DDCF",
        GREY: "#EEEEEE", PURPLE: "#F5E1EC", "white": "#FFFFFF"}

plt.rcParams.update({
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "svg.hashsalt": "labkit",
})


def canvas(width: float, height: float, xmax: float | None = None,
           ymax: float | None = None):
    """A blank figure; data coordinates run 0..xmax, 0..ymax (inches by default)."""
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_xlim(0, width if xmax is None else xmax)
    ax.set_ylim(0, height if ymax is None else ymax)
    ax.axis("off")
    return fig, ax


def box(ax, x, y, w, h, text, color=BLUE, size=11, weight="normal", ha="center") -> None:
    """A rounded box with centred (or left-aligned) text."""
    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.02,rounding_size=0.12",
                                linewidth=1.6, edgecolor=color, facecolor=FILL[color]))
    tx = x + w / 2 if ha == "center" else x + 0.15
    ax.text(tx, y + h / 2, text, ha=ha, va="center", fontsize=size, weight=weight,
            color="#111111", linespacing=1.35)


def arrow(ax, x1, y1, x2, y2, color=GREY, text=None, dy=0.12, style="-|>", ls="-",
          size=9.5, rad=0.0) -> None:
    """An arrow, optionally labelled above its middle."""
    ax.add_patch(FancyArrowPatch((x1, y1), (x2, y2), arrowstyle=style, mutation_scale=16,
                                 linewidth=1.6, color=color, linestyle=ls,
                                 connectionstyle=f"arc3,rad={rad}"))
    if text:
        ax.text((x1 + x2) / 2, (y1 + y2) / 2 + dy, text, ha="center", va="bottom",
                fontsize=size, color=color)


def title(ax, fig_w, y, text, size=13.5) -> None:
    ax.text(fig_w / 2, y, text, ha="center", va="center", fontsize=size, weight="bold")


def save(fig, folder: Path, name: str) -> Path:
    """Write ``folder/name`` (PNG, white background) and close the figure."""
    path = folder / name
    fig.savefig(path, dpi=DPI, bbox_inches="tight", pad_inches=0.15, facecolor="white",
                metadata={"Software": None})
    plt.close(fig)
    return path
