"""Bar charts as inline SVG, drawn on the server (the console loads no script or font from anywhere else)."""

from __future__ import annotations

from typing import Sequence, Tuple

from markupsafe import Markup, escape

BAR, GAP, LABEL_WIDTH, WIDTH = 18, 6, 170, 640


def horizontal_bars(series: Sequence[Tuple[str, int]], title: str) -> Markup:
    """One bar per label, longest first as given; values written at the bars' ends."""
    top = max((value for _, value in series), default=0) or 1
    height = max(1, len(series)) * (BAR + GAP) + GAP
    room = WIDTH - LABEL_WIDTH - 60
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, (label, value) in enumerate(series):
        y = GAP + index * (BAR + GAP)
        width = round(room * value / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 5}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR}" rx="2"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + BAR - 5}">{value}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(series: Sequence[Tuple[str, int]], title: str, height: int = 160) -> Markup:
    """One column per label (days), labels under every seventh column."""
    top = max((value for _, value in series), default=0) or 1
    step = (WIDTH - 40) / max(1, len(series))
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height + 30}" width="{WIDTH}" '
             f'height="{height + 30}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for index, (label, value) in enumerate(series):
        bar = round(height * value / top)
        x = 30 + index * step
        parts.append(f'<rect x="{x:.1f}" y="{height - bar}" width="{step * 0.8:.1f}" height="{bar}">'
                     f'<title>{escape(label)}: {value}</title></rect>')
        if index % 7 == 0:
            parts.append(f'<text x="{x:.1f}" y="{height + 18}">{escape(label[5:])}</text>')
    parts.append(f'<text x="0" y="12">{top}</text></svg>')
    return Markup("".join(parts))
