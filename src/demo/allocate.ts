/**
 * Splits counts over a two-way table with fixed integer margins: rows (units) × columns
 * (subcategories), where `affinity[r][c] > 0` says a cell is plausible. Iterative
 * proportional fitting gives real cells matching both margins; rounding then keeps both
 * margins exact, preferring plausible cells with the largest fractional parts.
 */
export function allocate(rowTotals: readonly number[], colTotals: readonly number[], affinity: readonly (readonly number[])[]): number[][] {
  const rows = rowTotals.length;
  const cols = colTotals.length;
  const sumR = rowTotals.reduce((a, b) => a + b, 0);
  const sumC = colTotals.reduce((a, b) => a + b, 0);
  if (sumR !== sumC) throw new Error(`allocate: row totals ${sumR} != column totals ${sumC}`);
  // A faint weight on implausible cells keeps the fit feasible when plausible cells cannot meet the margins.
  const x = affinity.map((row) => row.map((w) => (w > 0 ? w : 1e-6)));
  for (let iter = 0; iter < 5000; iter++) {
    for (let r = 0; r < rows; r++) {
      const s = x[r]!.reduce((a, b) => a + b, 0);
      if (s > 0) for (let c = 0; c < cols; c++) x[r]![c]! *= rowTotals[r]! / s;
    }
    let worst = 0;
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += x[r]![c]!;
      if (s > 0) for (let r = 0; r < rows; r++) x[r]![c]! *= colTotals[c]! / s;
      worst = Math.max(worst, Math.abs(s - colTotals[c]!));
    }
    if (worst < 1e-9) break;
  }
  for (let r = 0; r < rows; r++) {
    const s = x[r]!.reduce((a, b) => a + b, 0);
    if (s > 0) for (let c = 0; c < cols; c++) x[r]![c]! *= rowTotals[r]! / s;
  }
  const out = x.map((row) => row.map((v) => Math.floor(v)));
  const rowLeft = rowTotals.map((t, r) => t - out[r]!.reduce((a, b) => a + b, 0));
  const colLeft = colTotals.map((t, c) => t - out.reduce((a, row) => a + row[c]!, 0));
  const cells: {r: number; c: number; frac: number}[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({r, c, frac: x[r]![c]! - out[r]![c]! + (affinity[r]![c]! > 0 ? 1 : 0)});
  cells.sort((a, b) => b.frac - a.frac || a.r - b.r || a.c - b.c);
  let left = rowLeft.reduce((a, b) => a + b, 0);
  while (left > 0) {
    const cell = cells.find(({r, c}) => rowLeft[r]! > 0 && colLeft[c]! > 0);
    if (!cell) throw new Error("allocate: margins cannot be met");
    out[cell.r]![cell.c]!++;
    rowLeft[cell.r]!--;
    colLeft[cell.c]!--;
    cell.frac -= 1;
    cells.sort((a, b) => b.frac - a.frac || a.r - b.r || a.c - b.c);
    left--;
  }
  return out;
}
