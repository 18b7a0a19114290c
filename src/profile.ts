import {createHash} from "node:crypto";
import {existsSync, readFileSync, statSync} from "node:fs";
import {dirname, isAbsolute, join, resolve} from "node:path";
import {parse as parseYaml} from "yaml";
import {z} from "zod";
import type {Warehouse} from "./db.ts";
import {HotlineError, issueMessage} from "./errors.ts";
import {TICKET_FIELD_ALIASES, type TicketField} from "./ingest/fields.ts";
import {ROOT} from "./paths.ts";
import {calendarTableSql, type Calendar} from "./calendar.ts";
import {DEFAULT_SCORING_PATH, loadScoringConfig, parseSchemeVersions, SCHEME_TABLES, SchemeFiles, schemeTablesSql, sqlNumber, sqlText, type SchemeVersion} from "./scoring.ts";
import {monthIndex, type Period} from "./period.ts";

/**
 * An office's own settings: who it is, how its bulletin words things, which of its export's
 * words mean what, and when its reporting month starts. Everything here is data: the same code
 * serves a county, a city or a district. With no profile the wording is neutral (本地区,
 * 12345热线, 上级退回). Recorded in the warehouse by ingest (`office_profile`), read back by
 * every later command, and written for the views as `config_profile` and friends.
 */

/** The file name ingest adopts when a folder it loads holds one. */
export const PROFILE_FILE = "profile.yaml";

const name = z.string().trim().min(1, "expected a non-empty text");
const names = z.array(name);
const percent = z.number().refine((n) => Number.isFinite(n) && n >= 0 && n <= 100, "expected a percentage between 0 and 100");

/**
 * A deadline rule (时限规则) for tickets whose export gives no 办理时限: the first rule whose
 * lists all hold the ticket's value applies; a rule without lists applies to every ticket.
 */
const deadlineRule = z
  .object({
    appeal_type: names.min(1, "expected at least one value").optional(),
    category: names.min(1, "expected at least one value").optional(),
    subcategory: names.min(1, "expected at least one value").optional(),
    channel: names.min(1, "expected at least one value").optional(),
    // Working days of the calendar (data/calendar): due at the end of the Nth working day after the start day.
    working_days: z.number().int("expected a whole number of working days").positive("expected 1 or more").optional(),
    // Or clock hours from the start.
    hours: z.number().positive("expected more than 0 hours").optional(),
    // From the ticket's 受理时间, or the unit's 派单时间 (受理时间 where the export has none).
    from: z.enum(["received", "dispatched"]).default("received")
  })
  .strict()
  .refine((r) => (r.working_days === undefined) !== (r.hours === undefined), "expected either working_days or hours");

/** One ranked unit kind: the directory's `kind` value and how the bulletin words the ranking. */
const rankedKind = (kind: string, label: string) => z.object({kind: name.default(kind), label: name.default(label)}).strict().prefault({});

export const OfficeProfile = z
  .object({
    office: z
      .object({
        name: name.default("12345热线管理办公室"),
        // How section one names the office that answers directly (处理方式 直接解答).
        short_name: name.default("热线办"),
        // The bulletin's 版头: the office's name in red over a red rule, as on its official documents.
        red_header: z.boolean().default(false)
      })
      .strict()
      .prefault({}),
    // The whole territory, as the bulletin's text says it: 全市, 全区 ...
    region: name.default("本地区"),
    // The hotline's name in titles: 12345 政务服务便民热线, 12345 公众服务热线 ...
    hotline: name.default("12345热线"),
    // Unit kinds are open (whatever the directory's 单位类型 says); these two are ranked by volume.
    unit_kinds: z
      .object({
        townships: rankedKind("乡镇", "乡镇"),
        departments: rankedKind("部门", "部门单位")
      })
      .strict()
      .prefault({}),
    // How returns from the level above (is_returned_by_city) are worded: 上级退回, 上级退回重办 ...
    returns: z.object({label: name.default("上级退回")}).strict().prefault({}),
    channels: z
      .object({
        // Letters (信件), not hotline tickets: counted apart and left out of every other figure.
        mailbox: names.default(["市长信箱"]),
        // The channel of an export that has no channel column.
        default: name.default("12345热线")
      })
      .strict()
      .prefault({}),
    statuses: z
      .object({
        // status: a ticket is 已办结 when its exported status is one of `completed` (a ticket
        // without a status falls back to month_end); month_end: completed by the end of the
        // reporting month it was received in.
        basis: z.enum(["status", "month_end"]).default("status"),
        completed: names.min(1, "expected at least one status").default(["已办结", "办结", "已归档", "已回访", "已完成"]),
        in_progress: names.default(["在办", "办理中", "处理中", "待办理"])
      })
      .strict()
      .prefault({}),
    reporting_month: z
      .object({
        // 1: the calendar month. 19: the period labelled 2023-05 runs 2023-04-19 00:00 to
        // 2023-05-18 24:00 (named by the month it ends in). At most 28, so every month has it.
        start_day: z.number().int("expected a whole day of the month").min(1, "expected a day from 1 to 28").max(28, "expected a day from 1 to 28").default(1)
      })
      .strict()
      .prefault({}),
    // Headers of the office's own exports, tried after the built-in aliases: {is_returned_by_city: [是否退回重办]}.
    header_aliases: z.partialRecord(z.enum(Object.keys(TICKET_FIELD_ALIASES) as [TicketField, ...TicketField[]]), names).default({}),
    // The evaluation scheme: a scoring file, relative to the profile's folder, or its versions
    // [{from: YYYY-MM, file}, …] from the oldest (each month is scored by the version in force
    // then); default the bundled one (data/config/scoring.yaml).
    scheme: SchemeFiles.optional(),
    // A rate whose denominator is 0 for a unit although the export has its input: this
    // percentage, or null to print —.
    empty_rate: percent.nullable().default(null),
    // A unit that handled nothing scores the scheme's zero_handled_score and the top grade.
    zero_handled_top: z.boolean().default(false),
    // A category predicted from the text (hotline classify) counts for a ticket whose export has
    // none only at this confidence or above; below it the ticket stays 未分类.
    classify: z.object({min_confidence: z.number().min(0, "expected 0 to 1").max(1, "expected 0 to 1").default(0.6)}).strict().prefault({}),
    // A hotspot cluster's heat (src/topics/heat.ts): likes weighs √(net likes) against
    // √(tickets × callers), dislikes is how many likes one dislike cancels, and an identical title
    // and content within dedup_days count once.
    heat: z
      .object({
        likes: z.number().min(0, "expected 0 or more").default(0.5),
        dislikes: z.number().min(0, "expected 0 or more").default(1),
        dedup_days: z.number().int("expected a whole number of days").min(0, "expected 0 or more").default(7)
      })
      .strict()
      .prefault({}),
    // Month-over-month and year-over-year changes print — below this many tickets in the base month.
    change_base_min: z.number().int("expected a whole number").nonnegative("expected 0 or more").default(30),
    // Deadlines for tickets whose export has none (规则时限), in order: the first matching rule applies.
    deadlines: z.array(deadlineRule).default([]),
    // 核减: the reasons a ticket may be taken out of a unit's score, and what leaves it: the whole
    // assignment (ticket) or only its return visit (visit).
    exclusions: z
      .object({
        reasons: z
          .record(name, z.enum(["ticket", "visit"], "expected ticket (the whole assignment leaves the score) or visit (only its return visit)"))
          .default({非职责范围: "ticket", 重复工单: "ticket", 恶意诉求: "ticket", 无效回访: "visit"})
      })
      .strict()
      .prefault({})
  })
  .strict();

export type OfficeProfile = z.infer<typeof OfficeProfile>;

/** A profile as the warehouse keeps it: the settings, the scheme versions they point to, and where they came from. */
export interface AdoptedProfile {
  profile: OfficeProfile;
  /** The evaluation scheme's versions, the oldest first. */
  schemes: SchemeVersion[];
  /** The file it was read from, or null for the neutral default. */
  source: string | null;
  /** sha256 of the settings and scheme as JSON: what changed when it changes. */
  hash: string;
}

export function parseProfile(data: unknown, file = "office profile"): OfficeProfile {
  const result = OfficeProfile.safeParse(data ?? {});
  if (result.success) return result.data;
  throw new HotlineError(`${file}: invalid office profile: ${result.error.issues.map((i) => issueMessage(i, data)).join("; ")}`, {file});
}

function adopted(profile: OfficeProfile, schemes: SchemeVersion[], source: string | null): AdoptedProfile {
  const hash = createHash("sha256").update(JSON.stringify({profile, schemes})).digest("hex");
  return {profile, schemes, source, hash};
}

/** The neutral profile, with the bundled scheme. */
export function defaultProfile(): AdoptedProfile {
  return adopted(parseProfile({}), [{from: null, config: loadScoringConfig()}], null);
}

/** The scheme versions a profile at `path` names, each file relative to its folder. */
function loadSchemes(profile: OfficeProfile, path: string): SchemeVersion[] {
  const resolved = (file: string) => (isAbsolute(file) ? file : resolve(dirname(path), file));
  const files = profile.scheme === undefined ? DEFAULT_SCORING_PATH : profile.scheme;
  if (typeof files === "string") return [{from: null, config: loadScoringConfig(files === DEFAULT_SCORING_PATH ? files : resolved(files))}];
  return files.map((v) => ({from: v.from ?? null, config: loadScoringConfig(resolved(v.file))}));
}

/** Reads and validates a profile file and the scheme it names (relative to its folder). */
export function loadProfile(path: string): AdoptedProfile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new HotlineError(`${path}: cannot read the office profile (check the path)`, {file: path});
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new HotlineError(`${path}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, {file: path});
  }
  const profile = parseProfile(data, path);
  return adopted(profile, loadSchemes(profile, path), resolve(path));
}

/** The demo county's profile, kept with the demo. */
export const DEMO_PROFILE_PATH = join(ROOT, "data", "demo", "county", PROFILE_FILE);

const PROFILE_TABLE = "office_profile";

/** Records `p` as the warehouse's profile (one row; the last adopted wins). */
export async function recordProfile(db: Warehouse, p: AdoptedProfile): Promise<void> {
  await db.exec(`DELETE FROM ${PROFILE_TABLE}`);
  await db.exec(`INSERT INTO ${PROFILE_TABLE} VALUES ($1, $2, $3, $4, now()::TIMESTAMP)`, [
    JSON.stringify(p.profile),
    JSON.stringify(p.schemes),
    p.source,
    p.hash
  ]);
}

/**
 * The warehouse's profile, or the neutral default when none was recorded. Stored JSON is
 * validated again: a profile recorded by an older version gains the defaults of new keys.
 */
export async function readProfile(db: Warehouse): Promise<AdoptedProfile> {
  const row = await db.one<{profile: string; scheme: string; source: string | null}>(`SELECT profile, scheme, source FROM ${PROFILE_TABLE} LIMIT 1`);
  if (!row) return defaultProfile();
  const where = `${db.path}: ${PROFILE_TABLE}`;
  return adopted(parseProfile(JSON.parse(row.profile), where), parseSchemeVersions(JSON.parse(row.scheme), where), row.source);
}

/** The profile in force: `override` (a --profile file) if given, else the warehouse's. */
async function profileFor(db: Warehouse, override?: string): Promise<AdoptedProfile> {
  return override ? loadProfile(override) : readProfile(db);
}

/**
 * The reporting month (YYYY-MM) of a TIMESTAMP expression: the calendar month for start day 1;
 * else the period from day `startDay` of the previous month, named by the month it ends in.
 * The one formula the views (macro `reporting_month`) and the topic refresh both use.
 */
export function reportingMonthSql(ts: string, startDay: number): string {
  if (startDay === 1) return `strftime(${ts}, '%Y-%m')`;
  return `strftime(date_trunc('month', ${ts} - INTERVAL ${startDay - 1} DAY) + INTERVAL 1 MONTH, '%Y-%m')`;
}

/** The first instant after the reporting month that holds `ts` (its period end, exclusive). */
export function reportingMonthEndSql(ts: string, startDay: number): string {
  return `(date_trunc('month', ${ts} - INTERVAL ${startDay - 1} DAY) + INTERVAL 1 MONTH + INTERVAL ${startDay - 1} DAY)`;
}

/** The first instant of the reporting month `month` (YYYY-MM) and of the next, as SQL literals. */
export function reportingMonthRange(month: string, startDay: number): [string, string] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const at = (year: number, monthIndex: number) => {
    const d = new Date(Date.UTC(year, monthIndex, startDay));
    return `TIMESTAMP '${d.toISOString().slice(0, 10)}'`;
  };
  // Start day 1: the month itself; otherwise the period starts in the previous month.
  const shift = startDay === 1 ? 0 : 1;
  return [at(y, m - 1 - shift), at(y, m - shift)];
}

const PROFILE_TABLES = [
  "config_profile",
  "config_channels",
  "config_completed_statuses",
  "config_in_progress_statuses",
  "config_deadline_rules",
  "config_calendar",
  "config_exclusion_reasons"
] as const;
export const CONFIG_TABLES = [...SCHEME_TABLES, ...PROFILE_TABLES] as const;

/**
 * The profile as tables and macros the views read (the scheme's tables included): its words
 * and settings as data, so no view spells an office's words.
 */
export function configTablesSql(p: AdoptedProfile, calendar: Calendar, period?: Period): string[] {
  const {profile: o} = p;
  const s = sqlText;
  const n = sqlNumber;
  const day = o.reporting_month.start_day;
  return [
    ...schemeTablesSql(p.schemes),
    `CREATE OR REPLACE TABLE config_profile AS SELECT
  ${s(o.office.name)} AS office, ${s(o.office.short_name)} AS office_short, ${s(o.region)} AS region, ${s(o.hotline)} AS hotline,
  ${s(o.unit_kinds.townships.kind)} AS township_kind, ${s(o.unit_kinds.townships.label)} AS township_label,
  ${s(o.unit_kinds.departments.kind)} AS department_kind, ${s(o.unit_kinds.departments.label)} AS department_label,
  ${s(o.returns.label)} AS returns_label, ${s(o.channels.default)} AS default_channel,
  ${s(o.statuses.basis)} AS completed_basis, ${n(day)}::INTEGER AS month_start_day,
  ${n(o.empty_rate)}::DOUBLE AS empty_rate, ${o.zero_handled_top} AS zero_handled_top, ${n(o.change_base_min)}::INTEGER AS change_base_min,
  ${n(o.classify.min_confidence)}::DOUBLE AS classify_min_confidence, ${o.office.red_header} AS red_header`,
    `CREATE OR REPLACE TABLE config_channels (channel VARCHAR NOT NULL, is_mailbox BOOLEAN NOT NULL)`,
    ...o.channels.mailbox.map((ch) => `INSERT INTO config_channels VALUES (${s(ch)}, true)`),
    `CREATE OR REPLACE TABLE config_completed_statuses (status VARCHAR NOT NULL)`,
    ...o.statuses.completed.map((st) => `INSERT INTO config_completed_statuses VALUES (${s(st)})`),
    `CREATE OR REPLACE TABLE config_in_progress_statuses (status VARCHAR NOT NULL)`,
    ...o.statuses.in_progress.map((st) => `INSERT INTO config_in_progress_statuses VALUES (${s(st)})`),
    `CREATE OR REPLACE TABLE config_deadline_rules (position INTEGER NOT NULL, appeal_types VARCHAR[], categories VARCHAR[],
  subcategories VARCHAR[], channels VARCHAR[], working_days INTEGER, hours DOUBLE, start_from VARCHAR NOT NULL)`,
    ...o.deadlines.map((r, i) => {
      const values = (v: string[] | undefined) => (v ? `[${v.map(s).join(", ")}]::VARCHAR[]` : "NULL");
      return `INSERT INTO config_deadline_rules VALUES (${i + 1}, ${values(r.appeal_type)}, ${values(r.category)}, ${values(r.subcategory)},
  ${values(r.channel)}, ${n(r.working_days ?? null)}, ${n(r.hours ?? null)}, ${s(r.from)})`;
    }),
    calendarTableSql(calendar),
    `CREATE OR REPLACE TABLE config_exclusion_reasons (reason VARCHAR NOT NULL, scope VARCHAR NOT NULL)`,
    ...Object.entries(o.exclusions.reasons).map(([reason, scope]) => `INSERT INTO config_exclusion_reasons VALUES (${s(reason)}, ${s(scope)})`),
    // Macros take no table reads cheaply, so the start day is written into them as a literal.
    ...periodMacrosSql(day, period)
  ];
}

/**
 * The reporting month of a timestamp and its end, for the views. A period report (src/report/period.ts)
 * takes every run of `period.months` months aligned on the period's first month as one "month",
 * named by its first: the views then compute a quarter as they compute a month, and
 * month_shift steps a period at a time (`period_months`). data_month is always the month
 * itself: the month whose data a row of one ticket is computed from, in a period as in a month.
 */
function periodMacrosSql(day: number, period: Period | undefined): string[] {
  const n = period?.months ?? 1;
  const month = reportingMonthSql("ts", day);
  const end = reportingMonthEndSql("ts", day);
  if (n === 1) {
    return [
      "CREATE OR REPLACE MACRO period_months() AS 1",
      "CREATE OR REPLACE MACRO period_of(month) AS month",
      `CREATE OR REPLACE MACRO data_month(ts) AS ${month}`,
      `CREATE OR REPLACE MACRO reporting_month(ts) AS ${month}`,
      `CREATE OR REPLACE MACRO reporting_month_end(ts) AS ${end}`
    ];
  }
  const anchor = monthIndex(period!.first) % n;
  // In month indexes (year × 12 + month − 1), integers all the way: a label's characters are
  // written once, at the end. Parsing the data month's label back (left, right and printf, with
  // the macros inlined eight times in a filter) cost 1 µs a row, the bulk of a refresh's filter
  // on a period's tickets.
  const index = (m: string) => `(left(${m}, 4)::INTEGER * 12 + right(${m}, 2)::INTEGER - 1)`;
  const shifted = day === 1 ? "ts" : `(ts - INTERVAL ${day - 1} DAY)`;
  const dataIndex = `(year(${shifted}) * 12 + month(${shifted}) - 1${day === 1 ? "" : " + 1"})`;
  // How many months index `i` lies after the start of its period (0 … n − 1).
  const offset = (i: string) => `(((${i} - ${anchor}) % ${n} + ${n}) % ${n})`;
  const label = (i: string) => `strftime(make_date((${i} - ${offset(i)}) // 12, (${i} - ${offset(i)}) % 12 + 1, 1), '%Y-%m')`;
  return [
    `CREATE OR REPLACE MACRO period_months() AS ${n}`,
    `CREATE OR REPLACE MACRO period_of(month) AS ${label(index("month"))}`,
    `CREATE OR REPLACE MACRO data_month(ts) AS ${month}`,
    `CREATE OR REPLACE MACRO reporting_month(ts) AS ${label(dataIndex)}`,
    `CREATE OR REPLACE MACRO reporting_month_end(ts) AS ${end} + to_months(${n - 1} - ${offset(dataIndex)})`
  ];
}

export async function writeConfigTables(db: Warehouse, p: AdoptedProfile, calendar: Calendar, period?: Period): Promise<void> {
  for (const sql of configTablesSql(p, calendar, period)) await db.exec(sql);
}

/** The profile.yaml of the folders among `paths`; two different ones are an error. */
export function findFolderProfile(paths: readonly string[]): string | null {
  const found = paths.filter((p) => existsSync(p) && statSync(p).isDirectory()).map((p) => join(p, PROFILE_FILE)).filter((f) => existsSync(f));
  const distinct = [...new Set(found.map((f) => readFileSync(f, "utf8")))];
  if (distinct.length > 1) throw new HotlineError(`the folders hold different office profiles (${found.join(", ")}): load them into separate warehouses, or pass --profile`);
  return found[0] ?? null;
}

/**
 * Records the profile a load brings: `file` (--profile) if given, else a profile.yaml in a
 * folder being loaded. Returns what was adopted, or null when the warehouse keeps its own.
 */
export async function adoptProfile(db: Warehouse, options: {file?: string; paths?: readonly string[]}): Promise<AdoptedProfile | null> {
  const file = options.file ?? findFolderProfile(options.paths ?? []);
  if (!file) return null;
  const p = loadProfile(file);
  await recordProfile(db, p);
  return p;
}
