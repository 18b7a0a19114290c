/**
 * Key terms of a group of tickets by TF-IDF against the whole warehouse. Each ticket counts a
 * term once (a long ticket repeating a word is no stronger evidence than a short one), so
 *   tf(t, G)  = tickets of G containing t / tickets of G
 *   idf(t)    = ln((N + 1) / (df(t) + 1)) + 1        (N tickets in the warehouse, df(t) containing t)
 *   score     = tf · idf
 * Terms in fewer than `minTickets` tickets of the group are noise (one caller's wording), and
 * so are terms found in a single ticket of the whole warehouse (`minDf`, once it holds 50
 * tickets): a word nobody else used is no topic, however high its idf.
 */

export interface DocumentFrequencies {
  /** Tickets in the warehouse. */
  count: number;
  /** Tickets containing each term. */
  df: Map<string, number>;
}

export interface KeyTerm {
  term: string;
  count_tickets: number;
  tf_idf: number;
}

export function idf(freq: DocumentFrequencies, term: string): number {
  return idfOf(freq.count, freq.df.get(term) ?? 0);
}

/** Smoothed idf of a term found in `df` of `total` tickets. */
const idfOf = (total: number, df: number): number => Math.log((total + 1) / (df + 1)) + 1;

/** Tickets of the group containing each term. */
export function termCounts(docs: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const terms of docs) for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** A term of a group with its ticket counts: in the group (`n`) and in the warehouse (`df`). */
export interface TermCount {
  term: string;
  n: number;
  df: number;
}

export interface KeyTermOptions {
  limit?: number;
  minTickets?: number;
  minDf?: number;
}

export function keyTerms(docs: readonly (readonly string[])[], freq: DocumentFrequencies, options: KeyTermOptions = {}): KeyTerm[] {
  const limit = options.limit ?? 10;
  const minTickets = options.minTickets ?? defaultMinTickets(docs.length);
  const minDf = options.minDf ?? defaultMinDf(freq.count);
  const out: KeyTerm[] = [];
  for (const [term, n] of termCounts(docs)) {
    if (n < minTickets || (freq.df.get(term) ?? n) < minDf) continue;
    out.push({term, count_tickets: n, tf_idf: (n / docs.length) * idf(freq, term)});
  }
  return byScore(out).slice(0, limit);
}

/**
 * The key terms of a group of `size` tickets from its term counts (as SQL aggregates them),
 * among `total` tickets in the warehouse. Counts may be pre-filtered to the likely top ones.
 */
export function rankTerms(counts: readonly TermCount[], size: number, total: number, options: KeyTermOptions = {}): KeyTerm[] {
  const limit = options.limit ?? 10;
  const minTickets = options.minTickets ?? defaultMinTickets(size);
  const minDf = options.minDf ?? defaultMinDf(total);
  const out: KeyTerm[] = [];
  for (const {term, n, df} of counts) {
    if (n < minTickets || df < minDf) continue;
    out.push({term, count_tickets: n, tf_idf: (n / size) * idfOf(total, df)});
  }
  return byScore(out).slice(0, limit);
}

/** Ties (common in small groups) break by the term itself so results are reproducible. */
function byScore(terms: KeyTerm[]): KeyTerm[] {
  return terms.sort((a, b) => b.tf_idf - a.tf_idf || b.count_tickets - a.count_tickets || (a.term < b.term ? -1 : 1));
}

export const defaultMinTickets = (size: number): number => (size >= 4 ? 2 : 1);
export const defaultMinDf = (total: number): number => (total >= 50 ? 2 : 1);
