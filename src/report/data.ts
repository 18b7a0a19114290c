import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {parseMonth} from "../month.ts";
import {monthPeriod, periodWords, type Period} from "../period.ts";
import {RATES} from "../scoring.ts";
import {predictionNote} from "./predictions.ts";

/**
 * A month's bulletin as data, read from the views (never recomputed here). The keys follow
 * data/reference/2023-04-figures.json; the extra keys carry what the Markdown needs.
 */

export interface UnitRow {
  unit: string;
  /** The appendix section the row is printed in: its grade (综合评价A类单位 ...). */
  group: string | null;
  /** The unit's evaluation group (考核分组), ranked and printed apart when the month has several; null for 合计. */
  eval_group: string | null;
  accepted: number;
  handled: number;
  completion_rate: number;
  on_time: number | null;
  on_time_rate: number;
  rework: number | null;
  rework_rate: number;
  dissatisfied: number | null;
  dissatisfied_rate: number;
  composite: number;
  grade: string | null;
  /** Late completions that, on time, would lift the unit a grade (unit_grade_distance); null for 合计. */
  tickets_to_next_grade: number | null;
  /** Satisfied return visits that, dissatisfied, would drop it a grade. */
  tickets_to_lower_grade: number | null;
  /** Valid return visits (有效回访) of the month, and the three-rate schemes' rates over them. */
  visits: number;
  responded_rate: number | null;
  resolved_rate: number | null;
  satisfied_rate: number | null;
  /** Below the scheme's minimum volume: 未评级, never graded or ranked. */
  below_minimum: boolean;
  /** A weighted scheme's composite re-weighted over these rates (scorecard names, e.g. satisfied_rate); null when every weighted rate was present. */
  rates_used: string[] | null;
  /** A deduction scheme's composite is not computed without these rates (scorecard names); null when none is missing. */
  missing_rates: string[] | null;
  /** 核减: assignments the ledger took out of the unit's score (合计: every unit's). */
  excluded: number;
  /** The composite without them (原始); null for 合计. */
  composite_original: number | null;
}

/** The scheme version that scored the month (config_scoring): what the appendix prints and notes. */
interface MonthScheme {
  kind: "deduction" | "weighted";
  /** The rates it weighs (scorecard column names, e.g. on_time_rate), in config order. */
  weighted: string[];
  minimum: {basis: "accepted" | "handled"; count: number};
  /** The composite's decimals. */
  decimals: number;
  /** The appendix prints each evaluation group apart. */
  by_group: boolean;
}

/** A unit on the month's red or black list (unit_lists). */
export interface ListedUnit {
  eval_group: string | null;
  unit: string;
  short_name: string;
  handled: number;
  composite: number;
  rank_in_group: number;
  rank_from_bottom: number;
  /** Places gained in the group since last month; null when not ranked then. */
  rank_change: number | null;
  black_streak: number | null;
  main_deduction: string | null;
  main_deduction_points: number | null;
}

export interface Adjustment {
  unit: string;
  short_name: string;
  points: number;
  reason: string | null;
  is_typical_case: boolean;
}

/** How the bulletin words the office's own things (its profile, src/profile.ts). */
interface Wording {
  /** The whole territory: 全市, 全区 ... */
  region: string;
  /** The hotline's name in titles. */
  hotline: string;
  /** The two volume rankings: the townships' kind and the departments' kind. */
  township_label: string;
  department_label: string;
  /** Returns from the level above (上级退回, 上级退回重办 ...). */
  returns_label: string;
  /** The bulletin opens with a red 版头 (the office's name and a red rule). */
  red_header: boolean;
}

export interface MonthReport {
  month: string;
  office: string;
  office_short: string;
  wording: Wording;
  mailbox_channels: string[];
  tickets_received: number;
  /** A count the month's export cannot support is null (monthly_summary), never 0. */
  mailbox_letters: number | null;
  /** [category, count, share percent] */
  top_categories: [string, number, number][];
  direct_answers: number | null;
  praise_tickets: number | null;
  dispatched: number | null;
  completed: number | null;
  in_progress: number | null;
  top_townships_by_volume: string[];
  top_county_units_by_volume: string[];
  commendable_units: {unit: string; short_name: string; reason: string}[];
  /** short name → ticket IDs */
  overdue: Record<string, string[]>;
  returned_by_city: Record<string, string[]>;
  /** Whether the month's export has any deadline (else overdue is empty and not a claim: monthly_summary). */
  has_deadlines: boolean;
  /** Whether the export flags returns from the level above at all (else returned_by_city is not a claim). */
  has_returns: boolean;
  /** The channels of the hotline figures, most tickets first, and whether the profile's own (12345热线) is one of them. */
  channels: string[];
  is_via_hotline: boolean;
  /** short name → points, the typical-case adjustments section one announces */
  typical_case_adjustments: Record<string, number>;
  /** every adjustment of the month, typical-case or not */
  adjustments: Adjustment[];
  typical_cases: {ticket_id: string; unit: string; short_name: string; title: string | null; summary: string | null}[];
  /** [subcategory, count, share percent]: categories when the month has no subcategory (bulletin_hotspots); empty without any classification */
  hotspots: [string, number, number][];
  /** subcategory → "主要集中在……" when topic mining has run */
  hotspot_summaries: Record<string, string>;
  /** The paragraph after the hotspots: the month's new or rising topics with counts (view hotspot_rising). */
  hotspot_rising: string | null;
  unit_table: UnitRow[];
  unit_table_total: UnitRow | null;
  scheme: MonthScheme;
  red_list: ListedUnit[];
  black_list: ListedUnit[];
  /** The lists' settings (config_lists), for the bulletin's wording. */
  list_settings: {size: number; min_handled: number};
  /** 注 on the categories the text classifier predicted, when the month has any. */
  prediction_note: string | null;
  /** The export starts after the month does (month_completeness): its first day in the month, else null. */
  data_from: string | null;
  /** The export stops before the month ends: its last day of data, else null. */
  data_until: string | null;
  /** 核减 of the month by reason (exclusion_summary), largest first. */
  exclusions: {reason: string; scope: "ticket" | "visit"; count: number}[];
}

interface Bulletin {
  top_categories: number;
  top_townships: number;
  top_county_units: number;
  hotspots: number;
}

function byUnit(rows: {short_name: string; ticket_id: string}[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.short_name] ??= []).push(r.ticket_id);
  return out;
}

interface Profile extends Wording {
  office: string;
  office_short: string;
  township_kind: string;
  department_kind: string;
}

/** Rows grouped by unit: departments first, then townships, then others; more tickets first, ties by name; IDs ascending. */
const LISTED_ORDER = `CASE kind WHEN (SELECT department_kind FROM config_profile) THEN 1 WHEN (SELECT township_kind FROM config_profile) THEN 2 ELSE 3 END,
  count(*) OVER (PARTITION BY unit) DESC, unit, ticket_id`;

/**
 * A month's figures; or a period's, from a database whose views take the period as one month
 * (src/report/period.ts): they are read at its first month and carry its label.
 */
/** Where the export starts or stops inside the month (month_completeness), as YYYY-MM-DD. */
async function coverage(db: Warehouse, month: string): Promise<{data_from: string | null; data_until: string | null}> {
  const row = await db.one<{data_from: string | null; data_until: string | null}>(
    `SELECT CASE WHEN covered_from > starts_on THEN strftime(covered_from, '%Y-%m-%d') END AS data_from,
      CASE WHEN covered_until < ends_on THEN strftime(covered_until, '%Y-%m-%d') END AS data_until
    FROM month_completeness WHERE month = $1`,
    [month]
  );
  return {data_from: row?.data_from ?? null, data_until: row?.data_until ?? null};
}

export async function buildReport(db: Warehouse, of: string | Period): Promise<MonthReport> {
  const period = typeof of === "string" ? monthPeriod(parseMonth(of)) : of;
  const month = period.first;
  if (!(await db.hasRelation("monthly_summary"))) {
    throw new HotlineError(`the warehouse ${db.path} has no views yet: run \`hotline views\` on a writable warehouse first`);
  }
  const summary = await db.one<{
    tickets_received: number;
    mailbox_letters: number | null;
    direct_answers: number | null;
    praise_tickets: number | null;
    dispatched: number | null;
    completed: number | null;
    in_progress: number | null;
    has_deadlines: boolean;
    has_returns: boolean;
    channels: string[];
    is_via_hotline: boolean;
  }>("SELECT * EXCLUDE (month) FROM monthly_summary WHERE month = $1", [month]);
  if (!summary) {
    // A period's database names its periods by their first months, which are no months to offer.
    const months = await db.all<{month: string}>("SELECT month FROM monthly_summary ORDER BY month");
    const known = !months.length ? "the warehouse has no tickets: run `hotline ingest` first"
      : period.kind === "month" ? `months with tickets: ${months.map((m) => m.month).join(", ")}`
      : "no ticket was received in its months";
    throw new HotlineError(`no tickets for ${period.kind === "month" ? "month " : ""}${period.label} (${known})`);
  }
  const bulletin = (await db.one<Bulletin & Record<string, unknown>>("SELECT * FROM config_bulletin"))!;
  const profile = (await db.one<Profile & Record<string, unknown>>("SELECT * FROM config_profile"))!;
  const channels = await db.all<{channel: string}>("SELECT channel FROM config_channels WHERE is_mailbox ORDER BY rowid");

  const categories = await db.all<{category: string; count_tickets: number; share_pct: number}>(
    // Tickets the export left unclassified (未分类) are no category to rank.
    "SELECT category, count_tickets, share_pct FROM category_shares WHERE month = $1 AND category <> '未分类' ORDER BY rank, category LIMIT $2",
    [month, bulletin.top_categories]
  );
  const ranking = async (kind: string, limit: number) =>
    (
      await db.all<{short_name: string}>(
        "SELECT short_name FROM unit_volume_ranking WHERE month = $1 AND kind = $2 ORDER BY rank_in_kind, unit LIMIT $3",
        [month, kind, limit]
      )
    ).map((r) => r.short_name);
  const commendable = await db.all<{unit: string; short_name: string; reason: string}>(
    "SELECT unit, short_name, reason FROM commendable_units WHERE month = $1 ORDER BY position",
    [month]
  );
  const overdue = await db.all<{short_name: string; ticket_id: string}>(
    `SELECT short_name, ticket_id FROM overdue_tickets WHERE month = $1 ORDER BY ${LISTED_ORDER}`,
    [month]
  );
  const returned = await db.all<{short_name: string; ticket_id: string}>(
    `SELECT short_name, ticket_id FROM returned_tickets WHERE month = $1 ORDER BY ${LISTED_ORDER}`,
    [month]
  );
  const adjustments = await db.all<Adjustment & Record<string, unknown>>(
    "SELECT unit, short_name, points, reason, is_typical_case FROM unit_adjustments WHERE month = $1 ORDER BY points DESC, entry_no",
    [month]
  );
  const typicalCaseAdjustments: Record<string, number> = {};
  for (const a of adjustments) {
    if (a.is_typical_case) typicalCaseAdjustments[a.short_name] = Math.round(((typicalCaseAdjustments[a.short_name] ?? 0) + a.points) * 1e6) / 1e6;
  }
  const cases = await db.all<MonthReport["typical_cases"][number]>(
    "SELECT ticket_id, unit, short_name, title, summary FROM typical_cases WHERE month = $1 ORDER BY case_no",
    [month]
  );
  const hotspots = await db.all<{hotspot: string; count_tickets: number; share_pct: number}>(
    "SELECT hotspot, count_tickets, share_pct FROM bulletin_hotspots WHERE month = $1 ORDER BY rank, hotspot LIMIT $2",
    [month, bulletin.hotspots]
  );
  const hotspotSummaries: Record<string, string> = {};
  // A summary mined before the month's tickets changed (is_stale) no longer describes them.
  const summaries = await db.all<{subcategory: string; summary: string}>(
    "SELECT subcategory, summary FROM hotspot_summaries WHERE month = $1 AND summary IS NOT NULL AND NOT is_stale",
    [month]
  );
  for (const r of summaries) hotspotSummaries[r.subcategory] ??= r.summary;
  const rising = await db.one<{paragraph: string}>("SELECT paragraph FROM hotspot_rising WHERE month = $1", [month]);

  const unitRow = (r: Record<string, unknown>, group: string | null): UnitRow => ({
    unit: r.unit as string,
    group,
    eval_group: (r.eval_group as string | null | undefined) ?? null,
    accepted: r.count_accepted as number,
    handled: r.count_handled as number,
    completion_rate: r.completion_rate as number,
    on_time: r.count_on_time as number | null,
    on_time_rate: r.on_time_rate as number,
    rework: r.count_rework as number | null,
    rework_rate: r.rework_rate as number,
    dissatisfied: r.count_dissatisfied as number | null,
    dissatisfied_rate: r.dissatisfied_rate as number,
    composite: r.composite as number,
    grade: (r.grade as string | null) ?? null,
    tickets_to_next_grade: (r.tickets_to_next_grade as number | null | undefined) ?? null,
    tickets_to_lower_grade: (r.tickets_to_lower_grade as number | null | undefined) ?? null,
    visits: r.count_visits as number,
    responded_rate: r.responded_rate as number | null,
    resolved_rate: r.resolved_rate as number | null,
    satisfied_rate: r.satisfied_rate as number | null,
    below_minimum: r.is_below_minimum === true,
    rates_used: (r.rates_used as string[] | null | undefined) ?? null,
    missing_rates: r.rates_used ? null : ((r.missing_rates as string[] | null | undefined) ?? null),
    excluded: r.count_excluded as number,
    composite_original: (r.composite_original as number | null | undefined) ?? null
  });
  const table = await db.all(
    `SELECT s.*, d.tickets_to_next_grade, d.tickets_to_lower_grade
    FROM unit_scorecard AS s LEFT JOIN unit_grade_distance AS d USING (month, unit)
    WHERE month = $1 ORDER BY s.grade_position NULLS LAST, s.count_accepted DESC, s.count_handled DESC, s.unit`,
    [month]
  );
  const listed = async (flag: "on_red_list" | "on_black_list", rank: "rank_in_group" | "rank_from_bottom") =>
    db.all<ListedUnit & Record<string, unknown>>(
      `SELECT eval_group, unit, short_name, count_handled AS handled, composite, rank_in_group, rank_from_bottom, rank_change,
        black_streak, main_deduction, main_deduction_points
      FROM unit_lists WHERE month = $1 AND ${flag} ORDER BY eval_group NULLS LAST, ${rank}, unit`,
      [month]
    );
  const listSettings = (await db.one<{size: number; min_handled: number}>("SELECT size, min_handled FROM config_lists"))!;
  const total = await db.one("SELECT * FROM unit_scorecard_total WHERE month = $1", [month]);
  const scheme = (await db.one<Record<string, unknown>>("SELECT * FROM config_scoring WHERE version = scheme_version($1)", [month]))!;

  return {
    month: period.label,
    office: profile.office,
    office_short: profile.office_short,
    wording: {
      region: profile.region,
      hotline: profile.hotline,
      township_label: profile.township_label,
      department_label: profile.department_label,
      returns_label: profile.returns_label,
      // A warehouse whose views predate the setting has no column: no 版头, as before.
      red_header: profile.red_header === true
    },
    mailbox_channels: channels.map((c) => c.channel),
    tickets_received: summary.tickets_received,
    mailbox_letters: summary.mailbox_letters,
    top_categories: categories.map((c) => [c.category, c.count_tickets, c.share_pct]),
    direct_answers: summary.direct_answers,
    praise_tickets: summary.praise_tickets,
    dispatched: summary.dispatched,
    completed: summary.completed,
    in_progress: summary.in_progress,
    top_townships_by_volume: await ranking(profile.township_kind, bulletin.top_townships),
    top_county_units_by_volume: await ranking(profile.department_kind, bulletin.top_county_units),
    commendable_units: commendable,
    overdue: byUnit(overdue),
    returned_by_city: byUnit(returned),
    has_deadlines: summary.has_deadlines,
    has_returns: summary.has_returns,
    channels: summary.channels,
    is_via_hotline: summary.is_via_hotline,
    typical_case_adjustments: typicalCaseAdjustments,
    adjustments,
    typical_cases: cases,
    hotspots: hotspots.map((h) => [h.hotspot, h.count_tickets, h.share_pct]),
    hotspot_summaries: hotspotSummaries,
    hotspot_rising: rising?.paragraph ?? null,
    unit_table: table.map((r) => unitRow(r, (r.grade as string | null) ?? null)),
    unit_table_total: total ? unitRow(total, null) : null,
    scheme: {
      kind: scheme.kind as MonthScheme["kind"],
      weighted: RATES.filter((rate) => scheme[`weight_${rate}`] !== 0).map((rate) => `${rate}_rate`),
      minimum: {basis: scheme.minimum_basis as MonthScheme["minimum"]["basis"], count: scheme.minimum_count as number},
      decimals: scheme.decimals as number,
      by_group: scheme.by_group === true
    },
    red_list: await listed("on_red_list", "rank_in_group"),
    black_list: await listed("on_black_list", "rank_from_bottom"),
    list_settings: {size: listSettings.size, min_handled: listSettings.min_handled},
    prediction_note: await predictionNote(db, month, periodWords(period).current),
    ...(await coverage(db, month)),
    exclusions: await db.all<{reason: string; scope: "ticket" | "visit"; count: number}>(
      "SELECT reason, scope, count_assignments AS count FROM exclusion_summary WHERE month = $1 ORDER BY count DESC, reason",
      [month]
    )
  };
}
