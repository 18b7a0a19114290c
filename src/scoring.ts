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

const grade = z.object({grade: z.string().trim().min(1, "expected a grade name"), min: finite.optional()}).strict();

export const ScoringConfig = z
  .object({
    composite: z
      .object({
        base: finite.default(100),
        decimals: count.max(6).default(1),
        zero_handled_score: finite.default(100),
        rates: z
          .object({
            completion: rate("replied").prefault({weight: 0}),
            on_time: rate("handled").prefault({weight: 0.3}),
            rework: rate("handled").prefault({weight: 0.2}),
            dissatisfied: rate("visits").prefault({weight: 0.2})
          })
          .strict()
          .prefault({}),
        rate_decimals: count.max(6).default(2)
      })
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

/**
 * Replaces the scheme's config tables with `config`'s values (the office's own settings are
 * src/profile.ts's). Built as literals (DDL takes no parameters); every value is a validated
 * number or a quoted string.
 */
export function schemeTablesSql(config: ScoringConfig): string[] {
  const c = config.composite;
  const r = c.rates;
  const s = sqlText;
  const n = sqlNumber;
  return [
    `CREATE OR REPLACE TABLE config_scoring AS SELECT
  ${n(c.base)}::DOUBLE AS base, ${n(c.decimals)}::INTEGER AS decimals, ${n(c.zero_handled_score)}::DOUBLE AS zero_handled_score,
  ${n(c.rate_decimals)}::INTEGER AS rate_decimals,
  ${n(r.completion.weight)}::DOUBLE AS weight_completion, ${s(r.completion.denominator)} AS denominator_completion,
  ${n(r.on_time.weight)}::DOUBLE AS weight_on_time, ${s(r.on_time.denominator)} AS denominator_on_time,
  ${n(r.rework.weight)}::DOUBLE AS weight_rework, ${s(r.rework.denominator)} AS denominator_rework,
  ${n(r.dissatisfied.weight)}::DOUBLE AS weight_dissatisfied, ${s(r.dissatisfied.denominator)} AS denominator_dissatisfied,
  ${s(config.typical_case_reason)} AS typical_case_reason`,
    `CREATE OR REPLACE TABLE config_grades (grade VARCHAR NOT NULL, min_composite DOUBLE, position INTEGER NOT NULL)`,
    ...config.grades.map((g, i) => `INSERT INTO config_grades VALUES (${s(g.grade)}, ${g.min === undefined ? "NULL" : n(g.min)}, ${i + 1})`),
    `CREATE OR REPLACE TABLE config_commendable AS SELECT
  ${n(config.commendable.min_accepted)}::INTEGER AS min_accepted, ${n(config.commendable.min_on_time_rate)}::DOUBLE AS min_on_time_rate,
  ${n(config.commendable.max_rework_rate)}::DOUBLE AS max_rework_rate, ${n(config.commendable.max_dissatisfied_rate)}::DOUBLE AS max_dissatisfied_rate,
  ${n(config.commendable.max_units)}::INTEGER AS max_units`,
    `CREATE OR REPLACE TABLE config_bulletin AS SELECT ${n(config.bulletin.top_categories)}::INTEGER AS top_categories, ${n(config.bulletin.top_townships)}::INTEGER AS top_townships,
  ${n(config.bulletin.top_county_units)}::INTEGER AS top_county_units, ${n(config.bulletin.hotspots)}::INTEGER AS hotspots`,
    `CREATE OR REPLACE TABLE config_lists AS SELECT ${n(config.lists.size)}::INTEGER AS size, ${n(config.lists.min_handled)}::INTEGER AS min_handled`
  ];
}
