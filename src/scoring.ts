import {readFileSync} from "node:fs";
import {join} from "node:path";
import {parse as parseYaml} from "yaml";
import {z} from "zod";
import {HotlineError, issueMessage} from "./errors.ts";
import {ROOT} from "./paths.ts";

/**
 * Scoring and bulletin configuration: the weights, denominators, grade cut-offs and thresholds
 * the SQL views need. It reaches SQL as `config_*` tables (see `configTablesSql`), so views
 * only ever read tables.
 */

export const DEFAULT_SCORING_PATH = join(ROOT, "data", "config", "scoring.yaml");

/** What a rate may be divided by; each is a per-unit count of the month. */
export const DENOMINATORS = ["accepted", "handled", "replied", "visited", "visits"] as const;

/**
 * The rates a scheme may weigh, in the order the config tables and views list them. Rework and
 * dissatisfied count against a unit (a deduction scheme deducts the rate, a weighted one counts
 * 100 − rate); the others for it (a deduction scheme deducts their shortfall, 100 − rate).
 */
export const RATES = ["completion", "on_time", "rework", "dissatisfied", "responded", "resolved", "satisfied"] as const;

const finite = z.number().refine(Number.isFinite, "expected a finite number");
const percent = finite.refine((n) => n >= 0 && n <= 100, "expected a percentage between 0 and 100");
const count = z.number().int("expected a whole number").nonnegative("expected 0 or more");

const rate = (denominator: (typeof DENOMINATORS)[number]) =>
  z
    .object({
      weight: finite.refine((n) => n >= 0, "expected a weight of 0 or more"),
      denominator: z.enum(DENOMINATORS).default(denominator)
    })
    .strict();

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected a month as YYYY-MM");

const grade = z.object({grade: z.string().trim().min(1, "expected a grade name"), min: finite.optional()}).strict();

export const ScoringConfig = z
  .object({
    composite: z
      .object({
        // deduction: base − Σ weight × deduction (a composite lacking any weighted rate is not
        // computed); weighted: Σ weight × score / Σ weight over the weighted rates present (a
        // missing rate is left out and the rest re-weighted), score = rate, or 100 − rate for a bad one.
        kind: z.enum(["deduction", "weighted"]).default("deduction"),
        base: finite.default(100),
        decimals: count.max(6).default(1),
        zero_handled_score: finite.default(100),
        rates: z
          .object({
            completion: rate("replied").prefault({weight: 0}),
            on_time: rate("handled").prefault({weight: 0.3}),
            rework: rate("handled").prefault({weight: 0.2}),
            dissatisfied: rate("visits").prefault({weight: 0.2}),
            // The three rates of 接诉即办 schemes, each over valid return visits by default.
            responded: rate("visits").prefault({weight: 0}),
            resolved: rate("visits").prefault({weight: 0}),
            // (满意 + basic × 基本满意) / base.
            satisfied: rate("visits")
              .extend({basic: finite.refine((n) => n >= 0 && n <= 1, "expected a share from 0 to 1").default(0.9)})
              .prefault({weight: 0})
          })
          .strict()
          .prefault({}),
        rate_decimals: count.max(6).default(2)
      })
      .strict()
      .prefault({}),
    // The bulletin's appendix prints each evaluation group (the unit directory's 考核分组) apart,
    // each by grade, when the month has more than one; false: one table by grade, as the
    // reference prints it (its units' groups are still ranked apart: rank_in_group, 红黑榜).
    by_group: z.boolean().default(false),
    // A unit below this volume in the month (count of `basis`) is listed as 未评级: no grade, no rank.
    minimum: z
      .object({basis: z.enum(["accepted", "handled"]).default("handled"), count: count.default(0)})
      .strict()
      .prefault({}),
    grades: z.array(grade).min(1, "expected at least one grade").prefault([{grade: "A", min: 90}, {grade: "B"}]),
    typical_case_reason: z
      .string()
      .default("典型案例")
      .refine((s) => {
        try {
          new RegExp(s);
          return true;
        } catch {
          return false;
        }
      }, "expected a regular expression"),
    commendable: z
      .object({
        min_accepted: count.default(19),
        min_on_time_rate: percent.default(100),
        max_rework_rate: percent.default(2),
        max_dissatisfied_rate: percent.default(12.5),
        max_units: count.min(1, "expected at least 1").default(5)
      })
      .strict()
      .prefault({}),
    // 红黑榜: the best and worst `size` units of each evaluation group among those that handled
    // at least `min_handled` tickets (independent of any grading minimum).
    lists: z
      .object({
        size: count.min(1, "expected at least 1").default(5),
        min_handled: count.min(1, "expected at least 1").default(10)
      })
      .strict()
      .prefault({}),
    bulletin: z
      .object({
        top_categories: count.min(1).default(5),
        top_townships: count.min(1).default(3),
        top_county_units: count.min(1).default(5),
        hotspots: count.min(1).default(3)
      })
      .strict()
      .prefault({})
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.composite.kind === "weighted" && RATES.every((r) => config.composite.rates[r].weight === 0)) {
      ctx.addIssue({code: "custom", path: ["composite", "rates"], message: "a weighted scheme needs a rate with a weight above 0"});
    }
    const grades = config.grades;
    grades.forEach((g, i) => {
      const last = i === grades.length - 1;
      if (!last && g.min === undefined) {
        ctx.addIssue({code: "custom", path: ["grades", i, "min"], message: "expected a min: only the last grade may omit it"});
      }
      if (last && g.min !== undefined && grades.length > 1) {
        ctx.addIssue({code: "custom", path: ["grades", i, "min"], message: "the last grade takes every other score: remove its min"});
      }
      const previous = grades[i - 1];
      if (previous?.min !== undefined && g.min !== undefined && g.min >= previous.min) {
        ctx.addIssue({code: "custom", path: ["grades", i, "min"], message: `expected grades from the highest: ${g.min} is not below ${previous.min}`});
      }
      if (grades.findIndex((o) => o.grade === g.grade) !== i) {
        ctx.addIssue({code: "custom", path: ["grades", i, "grade"], message: `duplicate grade ${g.grade}`});
      }
    });
  });

export type ScoringConfig = z.infer<typeof ScoringConfig>;

/** A scheme version: the config in force from `from` (YYYY-MM; null: from the first month on). */
export interface SchemeVersion {
  from: string | null;
  config: ScoringConfig;
}

/**
 * The versions of a scheme as a profile names them (`scheme:`): one file, or a list of
 * `{from: YYYY-MM, file}` from the oldest; the first may omit `from`. The first version also
 * scores every month before its `from`.
 */
export const SchemeFiles = z.union([
  z.string().trim().min(1, "expected a file name"),
  z
    .array(z.object({from: month.optional(), file: z.string().trim().min(1, "expected a file name")}).strict())
    .min(1, "expected at least one version")
    .superRefine((versions, ctx) => {
      versions.forEach((v, i) => {
        if (i > 0 && v.from === undefined) ctx.addIssue({code: "custom", path: [i, "from"], message: "expected a from month: only the first version may omit it"});
        const previous = versions[i - 1]?.from;
        if (previous !== undefined && v.from !== undefined && v.from <= previous) {
          ctx.addIssue({code: "custom", path: [i, "from"], message: `expected versions from the oldest: ${v.from} is not after ${previous}`});
        }
      });
    })
]);

/** Stored versions (office_profile.scheme): a list of {from, config}, or one config as older warehouses kept it. */
export function parseSchemeVersions(data: unknown, file: string): SchemeVersion[] {
  if (!Array.isArray(data)) return [{from: null, config: parseScoringConfig(data, file)}];
  return data.map((v: {from?: string | null; config?: unknown}) => ({from: v.from ?? null, config: parseScoringConfig(v.config, file)}));
}

/** Validates parsed config data; errors name the file, the key and the bad value. */
export function parseScoringConfig(data: unknown, file = "scoring config"): ScoringConfig {
  const result = ScoringConfig.safeParse(data ?? {});
  if (result.success) return result.data;
  throw new HotlineError(`${file}: invalid scoring config: ${result.error.issues.map((i) => issueMessage(i, data)).join("; ")}`, {file});
}

export function loadScoringConfig(path: string = DEFAULT_SCORING_PATH): ScoringConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new HotlineError(`${path}: cannot read the scoring config (create it or pass another path)`, {file: path});
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new HotlineError(`${path}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, {file: path});
  }
  return parseScoringConfig(data, path);
}

export const SCHEME_TABLES = ["config_scoring", "config_grades", "config_commendable", "config_bulletin", "config_lists"] as const;

export const sqlText = (v: string) => `'${v.replaceAll("'", "''")}'`;
export const sqlNumber = (v: number | null) => (v === null ? "NULL" : String(v));

/** Columns of config_scoring for one rate: its weight and denominator (and the satisfied rate's basic share). */
function rateColumns(config: ScoringConfig): string {
  const r = config.composite.rates;
  return RATES.map((name) => `${sqlNumber(r[name].weight)}::DOUBLE AS weight_${name}, ${sqlText(r[name].denominator)} AS denominator_${name}`)
    .concat(`${sqlNumber(r.satisfied.basic)}::DOUBLE AS basic_satisfied_weight`)
    .join(",\n  ");
}

/**
 * Replaces the scheme's config tables with the versions' values (the office's own settings are
 * src/profile.ts's). config_scoring and config_grades hold a row set per version (`version`, 1
 * the oldest, and its `from_month`); the macro scheme_version(month) names the version in force
 * in a month, so each month is scored by its own. The commendable, list and bulletin settings
 * are the latest version's. Built as literals (DDL takes no parameters); every value is a
 * validated number or a quoted string.
 */
export function schemeTablesSql(versions: readonly SchemeVersion[]): string[] {
  const s = sqlText;
  const n = sqlNumber;
  const latest = versions.at(-1)!.config;
  const scoring = versions.map(({from, config}, i) => {
    const c = config.composite;
    return `SELECT ${i + 1}::INTEGER AS version, ${from === null ? "NULL::VARCHAR" : s(from)} AS from_month, ${s(c.kind)} AS kind,
  ${n(c.base)}::DOUBLE AS base, ${n(c.decimals)}::INTEGER AS decimals, ${n(c.zero_handled_score)}::DOUBLE AS zero_handled_score,
  ${n(c.rate_decimals)}::INTEGER AS rate_decimals,
  ${rateColumns(config)},
  ${s(config.minimum.basis)} AS minimum_basis, ${n(config.minimum.count)}::INTEGER AS minimum_count, ${config.by_group} AS by_group,
  ${s(config.typical_case_reason)} AS typical_case_reason`;
  });
  // Newest first: the first version whose start the month reaches; the oldest takes the rest.
  const inForce = versions
    .map((v, i) => ({from: v.from, version: i + 1}))
    .slice(1)
    .reverse()
    .map((v) => `WHEN m >= ${s(v.from!)} THEN ${v.version}`);
  return [
    `CREATE OR REPLACE TABLE config_scoring AS ${scoring.join("\nUNION ALL ")}`,
    `CREATE OR REPLACE TABLE config_grades (version INTEGER NOT NULL, grade VARCHAR NOT NULL, min_composite DOUBLE, position INTEGER NOT NULL)`,
    ...versions.flatMap(({config}, v) =>
      config.grades.map((g, i) => `INSERT INTO config_grades VALUES (${v + 1}, ${s(g.grade)}, ${g.min === undefined ? "NULL" : n(g.min)}, ${i + 1})`)
    ),
    `CREATE OR REPLACE MACRO scheme_version(m) AS ${inForce.length ? `CASE ${inForce.join(" ")} ELSE 1 END` : "1"}`,
    `CREATE OR REPLACE TABLE config_commendable AS SELECT
  ${n(latest.commendable.min_accepted)}::INTEGER AS min_accepted, ${n(latest.commendable.min_on_time_rate)}::DOUBLE AS min_on_time_rate,
  ${n(latest.commendable.max_rework_rate)}::DOUBLE AS max_rework_rate, ${n(latest.commendable.max_dissatisfied_rate)}::DOUBLE AS max_dissatisfied_rate,
  ${n(latest.commendable.max_units)}::INTEGER AS max_units`,
    `CREATE OR REPLACE TABLE config_bulletin AS SELECT ${n(latest.bulletin.top_categories)}::INTEGER AS top_categories, ${n(latest.bulletin.top_townships)}::INTEGER AS top_townships,
  ${n(latest.bulletin.top_county_units)}::INTEGER AS top_county_units, ${n(latest.bulletin.hotspots)}::INTEGER AS hotspots`,
    `CREATE OR REPLACE TABLE config_lists AS SELECT ${n(latest.lists.size)}::INTEGER AS size, ${n(latest.lists.min_handled)}::INTEGER AS min_handled`
  ];
}
