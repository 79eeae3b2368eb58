"""A fund's accent colour as CSS custom properties, always readable.

Funds pick their colour freely; the stylesheet needs three variants of it:
--accent (borders, button background), --accent-ink (text on the accent: white or ink,
whichever contrasts more) and --accent-text (the accent darkened until it reaches 4.5:1 on
white, for links and outlined buttons).
"""

import re

INK = "#1b1f24"
WHITE = "#ffffff"
DEFAULT_ACCENT = "#1f4e79"
MIN_TEXT_CONTRAST = 4.5
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(colour: str) -> str:
    return WHITE if contrast_ratio(colour, WHITE) >= contrast_ratio(colour, INK) else INK


def darken_for_text(colour: str, background: str = WHITE) -> str:
    """The colour, darkened by steps of 5 % until it reads on `background` at 4.5:1."""
    r, g, b = _channels(colour)
    candidate = colour.lower()
    factor = 1.0
    while contrast_ratio(candidate, background) < MIN_TEXT_CONTRAST and factor > 0:
        factor -= 0.05
        candidate = "#{:02x}{:02x}{:02x}".format(*(max(0, round(c * factor)) for c in (r, g, b)))
    return candidate


def theme_css(accent: str) -> str:
    accent = accent.lower() if accent and _HEX.match(accent) else DEFAULT_ACCENT
    ink = readable_on(accent)
    if contrast_ratio(accent, ink) < MIN_TEXT_CONTRAST:
        # a mid-tone neither white nor ink reads on: buttons take a darker shade of it
        accent, ink = darken_for_text(accent), WHITE
    return (
        ":root {\n"
        f"  --accent: {accent};\n"
        f"  --accent-ink: {ink};\n"
        f"  --accent-text: {darken_for_text(accent)};\n"
        "}\n"
    )
