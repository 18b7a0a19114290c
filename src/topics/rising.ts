/**
 * Rising topics: a topic (a term, a cluster, a subcategory) is rising in month M when its
 * ticket count is improbably high given the trailing three months M-1..M-3:
 *
 *   expected λ = max(λ_min, N_M · Σ_T count / Σ_T N)      (the trailing share, scaled to M's volume)
 *   p          = P(X ≥ count_M), X ~ Poisson(λ)
 *   rising     ⇔ count_M ≥ min_count  ∧  p < α / m
 *
 * where N is the number of tickets of a month, m the number of topics of that kind with at least
 * min_count tickets in M (a Bonferroni correction: thousands of terms are tested each month),
 * α = 0.01, min_count = 5 and λ_min = 0.5 (a topic absent for three months is new, but five
 * tickets are needed before "new" means anything). Nothing is flagged unless all three trailing
 * months have tickets: without a baseline every topic would look new.
 */

export interface RisingOptions {
  alpha?: number;
  minCount?: number;
  minExpected?: number;
  /** Trailing months compared against. */
  window?: number;
}

const RISING_DEFAULTS: Required<RisingOptions> = {alpha: 0.01, minCount: 5, minExpected: 0.5, window: 3};

/** P(X ≥ x) for X ~ Poisson(λ), summed from x upwards so tiny tails keep their precision. */
export function poissonUpperTail(x: number, lambda: number): number {
  if (x <= 0) return 1;
  if (lambda <= 0) return 0;
  // log P(X = x) = −λ + x ln λ − ln x!
  let logFact = 0;
  for (let k = 2; k <= x; k++) logFact += Math.log(k);
  let term = Math.exp(-lambda + x * Math.log(lambda) - logFact);
  if (x <= lambda) {
    // The lower tail is the short sum here; 1 − lower keeps enough precision near 1.
    let lower = 0;
    let t = Math.exp(-lambda);
    for (let k = 0; k < x; k++) {
      lower += t;
      t *= lambda / (k + 1);
    }
    return Math.max(0, Math.min(1, 1 - lower));
  }
  let sum = 0;
  for (let k = x; term > 1e-300 && k < x + 100_000; k++) {
    sum += term;
    if (term < sum * 1e-17) break;
    term *= lambda / (k + 1);
  }
  return Math.min(1, sum);
}

export interface RisingTopic {
  topic: string;
  count_tickets: number;
  /** Tickets of the topic in the trailing months, oldest first. */
  trailing_counts: number[];
  expected: number;
  p_value: number;
  /** α / m: the p-value bar this month's topics had to pass. */
  threshold: number;
  is_new: boolean;
}

/**
 * `current`: the month's counts per topic; `trailing`: the same for M-1, M-2, M-3 (any order of
 * topics, oldest month first); `totals`: [N_{M-window}, ..., N_{M-1}, N_M].
 */
export function risingTopics(
  current: ReadonlyMap<string, number>,
  trailing: readonly ReadonlyMap<string, number>[],
  totals: readonly number[],
  options: RisingOptions = {}
): RisingTopic[] {
  const o = {...RISING_DEFAULTS, ...options};
  if (trailing.length < o.window || totals.length < o.window + 1) return [];
  const trailingTotals = totals.slice(0, o.window);
  if (trailingTotals.some((n) => !(n > 0))) return [];
  const total = totals[o.window]!;
  const base = trailingTotals.reduce((a, b) => a + b, 0);
  const tested = [...current].filter(([, n]) => n >= o.minCount);
  if (!tested.length) return [];
  const threshold = o.alpha / tested.length;
  const out: RisingTopic[] = [];
  for (const [topic, count] of tested) {
    const trailingCounts = trailing.map((m) => m.get(topic) ?? 0);
    const sum = trailingCounts.reduce((a, b) => a + b, 0);
    const expected = Math.max(o.minExpected, (total * sum) / base);
    const p = poissonUpperTail(count, expected);
    if (p < threshold) {
      out.push({topic, count_tickets: count, trailing_counts: trailingCounts, expected, p_value: p, threshold, is_new: sum === 0});
    }
  }
  out.sort((a, b) => a.p_value - b.p_value || b.count_tickets - a.count_tickets || (a.topic < b.topic ? -1 : 1));
  return out;
}
