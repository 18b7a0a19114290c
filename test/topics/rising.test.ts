import {describe, expect, it} from "vitest";
import {poissonUpperTail, risingTopics} from "../../src/topics/rising.ts";

describe("Poisson upper tail", () => {
  it("matches closed forms", () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonUpperTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 12);
    // Far tail: the first term dominates, P(X ≥ 30 | 0.5) ≈ e^-0.5 0.5^30 / 30!
    const first = Math.exp(-0.5 + 30 * Math.log(0.5) - logFactorial(30));
    expect(poissonUpperTail(30, 0.5) / first).toBeGreaterThan(1);
    expect(poissonUpperTail(30, 0.5) / first).toBeLessThan(1.02);
    expect(poissonUpperTail(5, 0)).toBe(0);
  });
});

function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

describe("rising rule", () => {
  // A steady background of 1000 tickets a month; 预付卡 is 1-2 a month, then 30.
  const months = [
    {background: 40, prepaid: 1},
    {background: 38, prepaid: 2},
    {background: 41, prepaid: 1},
    {background: 39, prepaid: 2},
    {background: 40, prepaid: 30},
    {background: 42, prepaid: 45}
  ];
  const series = months.map((m) => counts({噪音: m.background, 预付卡: m.prepaid, 停水: 5}));
  const totals = months.map(() => 1000);
  const flagged = (i: number) =>
    risingTopics(series[i]!, series.slice(i - 3, i), totals.slice(i - 3, i + 1)).map((r) => r.topic);

  it("flags a spike in its first month and not before", () => {
    expect(flagged(3)).toEqual([]);
    expect(flagged(4)).toEqual(["预付卡"]);
    const [r] = risingTopics(series[4]!, series.slice(1, 4), totals.slice(1, 5));
    expect(r).toMatchObject({topic: "预付卡", count_tickets: 30, trailing_counts: [2, 1, 2], is_new: false});
    expect(r!.expected).toBeCloseTo(5 / 3, 10);
    expect(r!.p_value).toBeLessThan(r!.threshold);
  });

  it("does not flag a wobble, nor growth that only follows the month's volume", () => {
    const wobble = risingTopics(counts({a: 9}), [counts({a: 5}), counts({a: 6}), counts({a: 4})], [100, 100, 100, 100]);
    expect(wobble).toEqual([]);
    const busier = risingTopics(counts({a: 20}), [counts({a: 10}), counts({a: 10}), counts({a: 10})], [100, 100, 100, 200]);
    expect(busier).toEqual([]);
  });

  it("needs a minimum count and a full baseline", () => {
    expect(risingTopics(counts({a: 4}), [counts({}), counts({}), counts({})], [100, 100, 100, 100])).toEqual([]);
    const fresh = risingTopics(counts({a: 12}), [counts({}), counts({}), counts({})], [100, 100, 100, 100]);
    expect(fresh).toMatchObject([{topic: "a", is_new: true, expected: 0.5}]);
    expect(risingTopics(counts({a: 12}), [counts({}), counts({}), counts({})], [0, 100, 100, 100])).toEqual([]);
  });

  it("corrects for the number of topics tested", () => {
    // p ≈ 0.003 passes alone (< 0.01) but not among ten tested topics (< 0.001).
    const p = poissonUpperTail(16, 7);
    expect(p).toBeLessThan(0.01);
    expect(p).toBeGreaterThan(0.001);
    const alone = risingTopics(counts({a: 16}), [counts({a: 7}), counts({a: 7}), counts({a: 7})], [100, 100, 100, 100]);
    expect(alone.map((r) => r.topic)).toEqual(["a"]);
    const many = counts(Object.fromEntries([["a", 16], ...Array.from({length: 9}, (_, i) => [`t${i}`, 7])]));
    const base = counts(Object.fromEntries([["a", 7], ...Array.from({length: 9}, (_, i) => [`t${i}`, 7])]));
    expect(risingTopics(many, [base, base, base], [100, 100, 100, 100])).toEqual([]);
  });
});
