"""The map of France as a tile grid: one square per département, roughly where it lies.

No map tiles, no outline to download: a fixed grid (column, row) that CSS lays out, each
square a link to the catalogue filtered on its département. Overseas départements sit in
the bottom row. Every metropolitan and overseas département appears exactly once (a test
checks it against territory.enums).
"""

from dataclasses import dataclass

# One line per row, one département code per column, "." for the sea.
GRID = """
.   .   .   .   .   .   .   62  59  .   .   .   .
.   .   .   .   .   76  80  02  08  .   .   .   .
.   .   50  14  27  60  95  93  51  55  57  .   .
.   .   .   61  78  92  75  94  77  54  67  .   .
29  22  35  53  72  28  91  10  52  88  68  .   .
.   56  44  49  37  41  45  89  21  70  90  .   .
.   .   .   85  79  86  36  18  58  71  39  25  .
.   .   .   17  16  87  23  03  42  69  01  74  .
.   .   .   33  24  19  63  43  07  38  73  .   .
.   .   .   40  47  46  15  48  26  05  .   .   .
.   .   .   64  32  82  12  30  84  04  06  .   .
.   .   .   .   65  31  81  34  13  83  .   .   2B
.   .   .   .   .   09  11  66  .   .   .   .   2A
.   .   .   .   .   .   .   .   .   .   .   .   .
971 972 973 974 976 .   .   .   .   .   .   .   .
"""

COLUMNS = 13
ROWS = 15
LEVELS = 4


def positions() -> dict[str, tuple[int, int]]:
    """Département code → (column, row), both from 1 as CSS grid lines count."""
    placed = {}
    for row, line in enumerate(GRID.strip("\n").splitlines(), start=1):
        for column, code in enumerate(line.split(), start=1):
            if code != ".":
                placed[code] = (column, row)
    return placed


POSITIONS = positions()


@dataclass(frozen=True)
class Cell:
    code: str
    name: str
    innovations: int
    reuses: int
    column: int
    row: int
    level: int  # 0 (none) to LEVELS (the most), for the colour

    @property
    def total(self) -> int:
        return self.innovations + self.reuses


def map_cells(counts) -> list[Cell]:
    """The squares with their counts; the colour level grows with innovations + reuses
    relative to the busiest département."""
    busiest = max((c.total for c in counts), default=0)
    cells = []
    for count in counts:
        if count.code not in POSITIONS:
            continue
        column, row = POSITIONS[count.code]
        level = 0 if not count.total else max(1, -(-LEVELS * count.total // busiest))
        cells.append(
            Cell(count.code, count.name, count.innovations, count.reuses, column, row, level)
        )
    return cells
