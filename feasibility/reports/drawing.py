"""The pictures drawn with matplotlib (``pip install 'feasibility[plot]'``), each from
its data (:mod:`~feasibility.reports.gantt`, :mod:`~feasibility.reports.load`,
:mod:`~feasibility.reports.verdict_picture`) as PNG bytes.

Figures are built with matplotlib's object API (no pyplot, no global state), so drawing
is safe beside other threads and needs no display.

Example:
    >>> from datetime import date
    >>> from feasibility.reports.load import LoadCell, LoadData
    >>> week = date(2026, 11, 30)
    >>> picture = draw_load(LoadData(("fit",), (week,), (LoadCell("fit", week, 30.0, 40.0),)))
    >>> picture[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from feasibility.reports.gantt import GanttData
from feasibility.reports.load import LoadData
from feasibility.reports.verdict_picture import VerdictData

INSTALL_PLOT = "pip install 'feasibility[plot]'"
SHADE_COLOURS = {"weekend": "#e6e6e6", "holiday": "#f3d9a4", "time off": "#c9dcef"}
HIGHLIGHT = "#d62728"
MAX_LABELS = 200
"""Bars labelled with their commitment and task (the longest, the highlighted first)."""
OTHERS = ("#4c72b0", "#55a868", "#8172b2", "#64b5cd", "#937860", "#8c8c8c")


def need_matplotlib() -> None:
    """An ``ImportError`` saying what to install, when matplotlib is not there."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ImportError(f"pictures need matplotlib ({INSTALL_PLOT})") from None


def figure(width: float, height: float) -> Any:
    """A new matplotlib figure."""
    need_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def draw_gantt(data: GanttData) -> bytes:
    """The Gantt chart: a row per person, bars by task, days off shaded."""
    need_matplotlib()
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Patch

    def date2num(day: date) -> int:
        return (day - data.first).days

    rows = len(data.people)
    days = (data.last - data.first).days + 1
    fig = figure(min(4 + days * 0.12, 24), min(1.5 + rows * 0.35, 30))
    ax = fig.add_subplot()
    row = {p: k for k, p in enumerate(data.people)}
    # one collection per layer, not an artist per bar: thousands of bars draw in a blink
    shades = [
        _box(date2num(s.first), date2num(s.last) + 1, row[s.person] - 0.5, row[s.person] + 0.5)
        for s in data.shades
    ]
    colours: dict[str, str] = {}
    faces = []
    faded = 0.95 if data.highlight is None else 0.5
    for bar in data.bars:
        if bar.highlighted:
            faces.append(to_rgba(HIGHLIGHT, 0.95))
        else:
            colour = colours.setdefault(bar.commitment, OTHERS[len(colours) % len(OTHERS)])
            faces.append(to_rgba(colour, faded))
    boxes = [
        _box(date2num(b.first), date2num(b.last) + 1, row[b.person] - 0.35, row[b.person] + 0.35)
        for b in data.bars
    ]
    ax.add_collection(
        PolyCollection(
            boxes,
            facecolors=faces,
            edgecolors="white",
            linewidths=0.5,
            zorder=2,
        )
    )
    # above the bars: a run of work goes on over days off, and they show through
    ax.add_collection(
        PolyCollection(
            shades,
            facecolors=[SHADE_COLOURS[s.why] for s in data.shades],
            edgecolors="none",
            alpha=0.75,
            zorder=4,
        )
    )
    long_bars = sorted(
        (b for b in data.bars if (b.last - b.first).days >= 2),
        key=lambda b: (not b.highlighted, b.first - b.last),
    )
    for bar in long_bars[:MAX_LABELS]:
        ax.text(
            date2num(bar.first) + 0.2,
            row[bar.person],
            f"{bar.commitment}/{bar.task}",
            va="center",
            fontsize=6,
            color="white",
            clip_on=True,
            zorder=3,
        )
    ax.set_yticks(range(rows), data.people)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlim(date2num(data.first), date2num(data.last + timedelta(days=1)))
    _week_ticks(ax, data.first, days)
    ax.grid(axis="x", color="#bbbbbb", linewidth=0.5)
    title = "Who works on what" + (f" ({data.highlight} highlighted)" if data.highlight else "")
    ax.set_title(title)
    legend = [Patch(facecolor=c, label=w) for w, c in SHADE_COLOURS.items()]
    if data.highlight:
        legend.insert(0, Patch(facecolor=HIGHLIGHT, label=data.highlight))
    ax.legend(
        handles=legend,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.06),
        fontsize=7,
        ncols=len(legend),
        frameon=False,
    )
    return png(fig)


def draw_load(data: LoadData) -> bytes:
    """The heat map: a row per skill, a column per week, coloured by booked/available."""
    need_matplotlib()
    import numpy as np

    shares = np.array([c.share for c in data.cells]).reshape(len(data.skills), len(data.weeks))
    fig = figure(min(3 + len(data.weeks) * 0.45, 30), 1.5 + len(data.skills) * 0.5)
    ax = fig.add_subplot()
    image = ax.imshow(shares, cmap="RdYlGn_r", vmin=0, vmax=1, aspect="auto")
    ax.set_yticks(range(len(data.skills)), data.skills)
    ax.set_xticks(range(len(data.weeks)), [f"{w:%d %b}" for w in data.weeks], rotation=90)
    if len(data.weeks) <= 30:
        for cell in data.cells:
            i, k = data.skills.index(cell.skill), data.weeks.index(cell.week)
            ax.text(
                k,
                i,
                f"{cell.booked:.0f}/{cell.available:.0f}",
                ha="center",
                va="center",
                fontsize=6,
            )
    fig.colorbar(image, ax=ax, label="booked / available hours")
    ax.set_title("Load per skill and week (booked / available hours)")
    return png(fig)


def draw_verdict(data: VerdictData) -> bytes:
    """The job's hours against the hours free for it, per skill, dates marked."""
    first = data.days[0]

    def date2num(day: date) -> int:
        return (day - first).days

    fig = figure(10, 1.2 + 2.2 * max(len(data.skills), 1))
    axes = fig.subplots(max(len(data.skills), 1), 1, sharex=True, squeeze=False)[:, 0]
    x = [date2num(d) for d in data.days]
    for ax, skill in zip(axes, data.skills, strict=False):
        ax.bar(x, data.free_hours[skill], width=0.9, color="#dddddd", label="free for the job")
        ax.bar(x, data.job_hours[skill], width=0.6, color="#4c72b0", label="the job")
        ax.set_ylabel(f"{skill} (h)")
        for day, colour, label in (
            (data.due, HIGHLIGHT, "requested"),
            (data.earliest, "#2ca02c", "earliest"),
        ):
            if day is not None:
                ax.axvline(date2num(day), color=colour, linestyle="--", label=f"{label} {day}")
        ax.legend(loc="upper right", fontsize=7)
    _week_ticks(axes[-1], first, len(data.days))
    answer = "feasible" if data.feasible else "not feasible"
    axes[0].set_title(f"{data.commitment}: {answer}")
    return png(fig)


def _week_ticks(ax: Any, first: date, days: int) -> None:
    """Ticks on the Mondays of a day axis counted from ``first``."""
    mondays = [k for k in range(days + 1) if (first + timedelta(days=k)).weekday() == 0]
    step = max(1, len(mondays) // 26)
    shown = mondays[::step]
    ax.set_xticks(shown, [f"{first + timedelta(days=k):%d %b}" for k in shown])


def _box(left: float, right: float, bottom: float, top: float) -> list[tuple[float, float]]:
    return [(left, bottom), (left, top), (right, top), (right, bottom)]
