/**
 * Entity concentration of a group of tickets and the bulletin's "主要集中在……" sentence, from
 * the text alone: an entity is named when a large enough share of the group's tickets names it.
 */

export type EntityKind = "platform" | "place" | "unit" | "problem";

/** A group's key term, as `rankedTermsSql` (mine-sql.ts) ranks it. */
export type KeyTerm = {
  term: string;
  count_tickets: number;
  tf_idf: number;
  /** 1 for the best. */
  rank: number;
};

export interface Concentration {
  kind: EntityKind;
  entity: string;
  count_tickets: number;
  /** Percent of the group's tickets naming it, 2 decimals. */
  share_pct: number;
}

const KINDS: EntityKind[] = ["platform", "place", "unit", "problem"];

/** An entity and the number of a group's tickets naming it (as SQL aggregates them). */
export interface EntityCount {
  kind: EntityKind;
  entity: string;
  n: number;
}

/** Every entity the group names, from counts: kinds in their fixed order, most frequent first within each. */
export function concentrationOf(counts: readonly EntityCount[], groupSize: number): Concentration[] {
  const out: Concentration[] = [];
  for (const kind of KINDS) {
    const rows = counts
      .filter((c) => c.kind === kind)
      .map((c) => ({kind, entity: c.entity, count_tickets: c.n, share_pct: Math.round((c.n / groupSize) * 10000) / 100}));
    rows.sort((a, b) => b.count_tickets - a.count_tickets || (a.entity < b.entity ? -1 : 1));
    out.push(...rows);
  }
  return out;
}

export interface SummaryOptions {
  /** An entity is named when at least this percent of the group's tickets names it. */
  minSharePct?: number;
  /** ... and at least this many tickets (one caller's wording is no hotspot). */
  minTickets?: number;
  limits?: Partial<Record<EntityKind, number>>;
}

const LIMITS: Record<EntityKind, number> = {platform: 3, place: 2, unit: 2, problem: 3};

/** The entities a summary names, by kind. */
function dominant(entities: readonly Concentration[], groupSize: number, options: SummaryOptions = {}): Record<EntityKind, string[]> {
  const minShare = options.minSharePct ?? 10;
  const minTickets = options.minTickets ?? Math.min(2, groupSize);
  const limits = {...LIMITS, ...options.limits};
  const out: Record<EntityKind, string[]> = {platform: [], place: [], unit: [], problem: []};
  for (const e of entities) {
    if (e.share_pct >= minShare && e.count_tickets >= minTickets && out[e.kind].length < limits[e.kind]) out[e.kind].push(e.entity);
  }
  return out;
}

/**
 * "主要集中在货不对板、退款等问题，多涉及淘宝、抖音、拼多多等平台，地点集中在工业大道科研楼。"
 * Problem phrases lead; when the group names too few of them, its key terms that are not
 * entities fill in. Returns null for a group with nothing to say.
 */
export function summarize(
  entities: readonly Concentration[],
  keyTerms: readonly KeyTerm[],
  groupSize: number,
  options: SummaryOptions = {},
  /** The group's place, platform and unit names, when `entities` lists only some of them. */
  named: ReadonlySet<string> = new Set(entities.filter((e) => e.kind !== "problem").map((e) => e.entity))
): string | null {
  if (!groupSize) return null;
  const d = dominant(entities, groupSize, options);
  const problems = [...d.problem];
  for (const k of keyTerms) {
    if (problems.length >= 3) break;
    if (!named.has(k.term) && !problems.includes(k.term)) problems.push(k.term);
  }
  const parts: string[] = [];
  if (problems.length) parts.push(`主要集中在${problems.join("、")}等问题`);
  if (d.platform.length) parts.push(`多涉及${d.platform.join("、")}等平台`);
  if (d.place.length) parts.push(`地点集中在${d.place.join("、")}`);
  if (d.unit.length) parts.push(`涉及${d.unit.join("、")}`);
  if (!parts.length) return null;
  if (!problems.length) parts[0] = `主要集中在${parts[0]!.replace(/^(多涉及|地点集中在|涉及)/, "")}`;
  return parts.join("，") + "。";
}
