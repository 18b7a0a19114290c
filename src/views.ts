import {existsSync, readdirSync, readFileSync} from "node:fs";
import {basename, join, relative, sep} from "node:path";
import {parse as parseYaml} from "yaml";
import {z} from "zod";
import {literal, Warehouse} from "./db.ts";
import {HotlineError, issueMessage} from "./errors.ts";
import {VIEWS_DIR} from "./paths.ts";
import {loadMacros, MACROS_FOLDER} from "./views/macros.ts";
import {BASE_TABLES} from "./schema.ts";
import {CALENDAR_DIR, loadCalendar, type Calendar} from "./calendar.ts";
import type {Period} from "./period.ts";
import {CONFIG_TABLES, readProfile, writeConfigTables, type AdoptedProfile} from "./profile.ts";
import type {ScoringConfig} from "./scoring.ts";
import {createRelation, dataFingerprint, dropRelation, readState, recomputeMonths, refreshFingerprint, relationKinds, writeState} from "./views/materialize.ts";
import {computeMonthState, earliestChange, globalData, periodMonthState, readMonthState, recomputedRows, refreshPlan, refreshSummary, writeMonthState} from "./views/months.ts";
import {readRelations} from "./views/relations.ts";

/**
 * The view registry: every `views/<layer>/<name>.sql` holds one SELECT whose view is named
 * after the file, next to a `<name>.yml` sidecar documenting it. Views are created in
 * dependency order (found by DuckDB's parser), all in one transaction.
 */

const NAME = /^[a-z][a-z0-9_]*$/;
const Column = z.string().regex(NAME, "expected a column name");
const Columns = z.array(Column).min(1, "expected at least one column");

/**
 * Tests a sidecar declares about its view's rows, as dbt's generic tests: `unique` (no two rows
 * share these columns' values: the grain), `not_null` (these columns never NULL),
 * `accepted_values` (a column's non-NULL values are among these) and `expression` (true for
 * every row). One generic test runs them on the test warehouses.
 */
const Tests = z
  .object({
    unique: Columns.optional(),
    not_null: Columns.optional(),
    accepted_values: z.record(Column, z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, "expected at least one value")).optional(),
    expression: z.array(z.string().trim().min(1, "expected a SQL expression")).min(1).optional()
  })
  .strict();

type ViewTests = z.infer<typeof Tests>;

const Sidecar = z
  .object({
    description: z.string().trim().min(1, "expected a description"),
    // The site's 视图目录 is in Chinese: a short title and a description for its readers.
    title_zh: z.string().trim().min(1).optional(),
    description_zh: z.string().trim().min(1).optional(),
    grain: z.string().trim().min(1, "expected a grain (what one row is)"),
    columns: z.record(z.string(), z.string().trim().min(1, "expected a column description")),
    notes: z.string().optional(),
    // Store as a table rebuilt by every refresh (see src/views/materialize.ts).
    materialize: z.boolean().optional(),
    // The column holding the reporting month (YYYY-MM) of a materialised view whose rows of a
    // month are computed only from data of that month and earlier ones: a refresh recomputes
    // only the months from the earliest changed one (src/views/months.ts).
    incremental: Column.optional(),
    // With incremental, on a table of one row per ticket or assignment: the column of the time
    // its ticket was received. A period database (src/report/period.ts) then recomputes only
    // the rows of the months whose data changed, not every row of the period (src/views/months.ts).
    ticket_at: Column.optional(),
    // Offered to the site's notebooks (docs/data/notebooks): aggregates only, never a per-ticket
    // or per-caller row.
    publish: z.boolean().optional(),
    tests: Tests.optional()
  })
  .strict()
  .superRefine((sidecar, ctx) => {
    const {unique = [], not_null = [], accepted_values = {}} = sidecar.tests ?? {};
    const named: [string, string][] = [
      ...unique.map((c): [string, string] => ["unique", c]),
      ...not_null.map((c): [string, string] => ["not_null", c]),
      ...Object.keys(accepted_values).map((c): [string, string] => ["accepted_values", c])
    ];
    for (const [test, column] of named) {
      if (!(column in sidecar.columns)) ctx.addIssue({code: "custom", path: ["tests", test], message: `${column} is not one of the columns listed above`});
    }
    if (sidecar.incremental !== undefined) {
      if (!sidecar.materialize) ctx.addIssue({code: "custom", path: ["incremental"], message: "only a materialised view (materialize: true) is refreshed by month"});
      if (!(sidecar.incremental in sidecar.columns)) ctx.addIssue({code: "custom", path: ["incremental"], message: `${sidecar.incremental} is not one of the columns listed above`});
    }
    if (sidecar.ticket_at !== undefined) {
      if (sidecar.incremental === undefined) ctx.addIssue({code: "custom", path: ["ticket_at"], message: "only an incremental table (incremental: <month column>) is recomputed by its tickets' months"});
      if (!(sidecar.ticket_at in sidecar.columns)) ctx.addIssue({code: "custom", path: ["ticket_at"], message: `${sidecar.ticket_at} is not one of the columns listed above`});
    }
  });

interface ViewColumn {
  name: string;
  description: string;
}

export interface ViewDefinition {
  name: string;
  /** The folder under views/: staging, intermediate, marts... */
  layer: string;
  description: string;
  title_zh?: string;
  description_zh?: string;
  grain: string;
  columns: ViewColumn[];
  notes?: string;
  /** Stored as a table, rebuilt by refreshViews, rather than a view computed on every read. */
  materialized: boolean;
  /** The month column of a table refreshViews recomputes by month (sidecar `incremental`). */
  incremental?: string;
  /** Of an incremental table of one row per ticket or assignment: its ticket's receipt time (sidecar `ticket_at`). */
  ticketAt?: string;
  /** Offered to the site's notebooks as a table of the same name. */
  published: boolean;
  /** The SELECT, as written (trailing semicolon removed). */
  sql: string;
  file: string;
  /** Other views this one reads, in order of first use. */
  dependencies: string[];
  /** Tables (not views, not CTEs) this one reads. */
  tables: string[];
  /** What the sidecar declares about the rows ({} when nothing). */
  tests: ViewTests;
}

/**
 * Tables a view may read besides other views: the base tables, the config tables, and the
 * predicted categories, whose writer (src/classify/refresh.ts) is always followed by a refresh.
 */
const KNOWN_TABLES: readonly string[] = [...BASE_TABLES, ...CONFIG_TABLES, "ticket_predictions"];

function listSqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== MACROS_FOLDER) out.push(...listSqlFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".sql")) out.push(path);
  }
  return out.sort();
}

const sidecarOf = (sqlFile: string) => sqlFile.replace(/\.sql$/, ".yml");

/** A view file's text and its sidecar's (null: no sidecar), as read once. */
interface ViewSource {
  sql: string;
  sidecar: string | null;
}

function readSource(file: string): ViewSource {
  const sidecar = sidecarOf(file);
  return {sql: readFileSync(file, "utf8"), sidecar: existsSync(sidecar) ? readFileSync(sidecar, "utf8") : null};
}

function parseSidecar(sqlFile: string, text: string | null): z.infer<typeof Sidecar> {
  const file = sidecarOf(sqlFile);
  if (text === null) throw new HotlineError(`${file}: missing sidecar: every view needs a .yml with description, grain and columns`, {file});
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new HotlineError(`${file}: not valid YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, {file});
  }
  const result = Sidecar.safeParse(data);
  if (!result.success) {
    throw new HotlineError(`${file}: ${issueMessage(result.error.issues[0]!)}`, {file});
  }
  return result.data;
}

type ParsedView = Omit<ViewDefinition, "dependencies" | "tables"> & {references: string[]; ctes: string[]};

async function readView(parser: Warehouse, dir: string, file: string, source: ViewSource): Promise<ParsedView> {
  const name = basename(file, ".sql");
  if (!NAME.test(name)) throw new HotlineError(`${file}: a view file name must be lower_snake_case (it names the view)`, {file});
  const sql = source.sql.trim().replace(/;\s*$/, "");
  if (!sql) throw new HotlineError(`${file}: empty view file: write one SELECT`, {file});
  if (/^\s*create\b/i.test(sql.replace(/^(--[^\n]*\n|\s)*/, ""))) {
    throw new HotlineError(`${file}: write only the SELECT; the registry creates the view named after the file`, {file});
  }
  const sidecar = parseSidecar(file, source.sidecar);
  const layer = relative(dir, file).split(sep).slice(0, -1).join("/") || ".";
  const read = await readRelations(parser, sql);
  if ("error" in read) throw new HotlineError(`${file}: not one SELECT DuckDB can parse: ${read.error}`, {file});
  return {
    name,
    layer,
    description: sidecar.description,
    ...(sidecar.title_zh ? {title_zh: sidecar.title_zh} : {}),
    ...(sidecar.description_zh ? {description_zh: sidecar.description_zh} : {}),
    grain: sidecar.grain,
    columns: Object.entries(sidecar.columns).map(([column, description]) => ({name: column, description})),
    ...(sidecar.notes ? {notes: sidecar.notes} : {}),
    materialized: sidecar.materialize ?? false,
    ...(sidecar.incremental ? {incremental: sidecar.incremental} : {}),
    ...(sidecar.ticket_at ? {ticketAt: sidecar.ticket_at} : {}),
    published: sidecar.publish ?? false,
    tests: sidecar.tests ?? {},
    sql,
    file,
    references: read.relations,
    ctes: read.ctes
  };
}

/**
 * Views parsed in this process, by folder and file, with the text of the view and its sidecar
 * they were parsed from: a site build refreshes several databases (its period databases) from
 * the same files, and parsing them (the sidecars' YAML, DuckDB's parser) cost more than a
 * period's whole refresh of unchanged months. A changed file is parsed again.
 */
const parsed = new Map<string, {text: string; view: ParsedView}>();

/** Every view file under `dir` with its sidecar and the relations it reads (parsed by an in-memory DuckDB). */
async function readViews(dir: string): Promise<ParsedView[]> {
  if (!existsSync(dir)) throw new HotlineError(`${dir}: no views folder`);
  let parser: Warehouse | undefined;
  try {
    const views: ParsedView[] = [];
    for (const file of listSqlFiles(dir)) {
      const key = `${dir}\0${file}`;
      const source = readSource(file);
      const text = `${source.sql}\0${source.sidecar}`;
      let view = parsed.get(key)?.text === text ? parsed.get(key)!.view : undefined;
      if (!view) {
        view = await readView((parser ??= await Warehouse.open(":memory:")), dir, file, source);
        parsed.set(key, {text, view});
      }
      views.push(view);
    }
    return views;
  } finally {
    parser?.close();
  }
}

/**
 * Reads every view under `dir` and returns them in creation order (dependencies first; ties
 * by layer order then name). A reference to a relation that is neither a view, a CTE nor one
 * of `tables` is an error naming the file, and so is a dependency cycle.
 */
export async function loadViews(dir: string = VIEWS_DIR, tables: readonly string[] = KNOWN_TABLES): Promise<ViewDefinition[]> {
  return resolveViews(await readViews(dir), dir, tables);
}

function resolveViews(raw: ParsedView[], dir: string, tables: readonly string[]): ViewDefinition[] {
  const byName = new Map<string, ParsedView>();
  for (const view of raw) {
    const other = byName.get(view.name);
    if (other) throw new HotlineError(`${view.file}: view ${view.name} is also defined in ${other.file}`, {file: view.file});
    byName.set(view.name, view);
  }
  const known = new Set(tables.map((t) => t.toLowerCase()));
  const views = new Map<string, ViewDefinition>();
  for (const view of raw) {
    const dependencies: string[] = [];
    const used: string[] = [];
    for (const ref of view.references) {
      if (view.ctes.includes(ref)) continue;
      if (ref === view.name) throw new HotlineError(`${view.file}: view ${view.name} reads itself`, {file: view.file});
      if (byName.has(ref)) dependencies.push(ref);
      else if (known.has(ref)) used.push(ref);
      else throw new HotlineError(`${view.file}: unknown relation ${ref} (not a view under ${dir}, nor a warehouse table)`, {file: view.file});
    }
    const {references: _r, ctes: _c, ...rest} = view;
    views.set(view.name, {...rest, dependencies, tables: used});
  }
  const order = topologicalOrder(views);
  checkMaterialized(order);
  return order;
}

/**
 * A materialised view is only rebuilt by refreshViews, so it may only read what a refresh
 * follows: the base tables (each ingest refreshes) and the config tables (each refresh
 * writes). Topic tables, written by `hotline topics` without a refresh in the bench order,
 * must stay behind plain views.
 */
function checkMaterialized(order: ViewDefinition[]): void {
  const refreshed = new Set<string>(KNOWN_TABLES);
  const reads = new Map<string, Set<string>>();
  for (const view of order) {
    const tables = new Set(view.tables);
    for (const dep of view.dependencies) for (const t of reads.get(dep) ?? []) tables.add(t);
    reads.set(view.name, tables);
    const outside = [...tables].filter((t) => !refreshed.has(t));
    if (view.materialized && outside.length) {
      throw new HotlineError(`${view.file}: materialize: true, but it reads ${outside.join(", ")}, which a view refresh does not follow: leave it a view`, {file: view.file});
    }
  }
}

const LAYER_ORDER = ["staging", "intermediate", "marts"];

function topologicalOrder(views: Map<string, ViewDefinition>): ViewDefinition[] {
  const rank = (v: ViewDefinition) => {
    const i = LAYER_ORDER.indexOf(v.layer);
    return i < 0 ? LAYER_ORDER.length : i;
  };
  const sorted = [...views.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const order: ViewDefinition[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (view: ViewDefinition, path: string[]) => {
    const s = state.get(view.name);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(view.name)), view.name];
      throw new HotlineError(`${view.file}: dependency cycle: ${cycle.join(" → ")}`, {file: view.file});
    }
    state.set(view.name, "visiting");
    for (const dep of view.dependencies) visit(views.get(dep)!, [...path, view.name]);
    state.set(view.name, "done");
    order.push(view);
  };
  for (const view of sorted) visit(view, []);
  return order;
}

export interface RefreshOptions {
  dir?: string;
  /** The office profile (default: the warehouse's, see src/profile.ts). */
  profile?: AdoptedProfile;
  /** An evaluation scheme (one version) in place of the profile's. */
  config?: ScoringConfig;
  /** Rebuild every table whole, even when nothing it is computed from looks changed. */
  force?: boolean;
  /** Compute every run of the period's months as one reporting month (src/report/period.ts). */
  period?: Period;
  /**
   * With `period`: the month state (view_months) of the warehouse the period's data is read
   * from. A period database kept between builds then recomputes its periods by month as a
   * warehouse does its months, from the period of the earliest changed month (its rows of one
   * ticket from that month itself, sidecar `ticket_at`); without, it is computed whole.
   */
  months?: string;
}

/**
 * Writes the config tables and (re)creates every view, in one transaction. Materialised ones
 * are computed now, as tables, unless nothing they are computed from changed since the last
 * refresh (see src/views/materialize.ts); when only data of some months changed, the
 * month-incremental ones recompute only the months from the earliest changed one
 * (src/views/months.ts). Views the registry created before whose file is gone are dropped;
 * relations it never created are left alone.
 */
export async function refreshViews(db: Warehouse, options: RefreshOptions = {}): Promise<ViewDefinition[]> {
  const adopted = options.profile ?? (await readProfile(db));
  const profile = options.config ? {...adopted, schemes: [{from: null, config: options.config}]} : adopted;
  const kinds = await relationKinds(db);
  const catalogued = kinds.has("view_catalog") ? (await db.all<{name: string}>("SELECT name FROM view_catalog")).map((r) => r.name) : [];
  // A table this registry materialised is not a warehouse table a view may read.
  const tables = [...kinds].filter(([name, kind]) => kind === "TABLE" && !catalogued.includes(name)).map(([name]) => name);
  const views = await loadViews(options.dir ?? VIEWS_DIR, [...KNOWN_TABLES, ...tables]);
  const macros = loadMacros(options.dir ?? VIEWS_DIR);
  const data = await dataFingerprint(db);
  const calendar = loadCalendar();
  const fingerprint = refreshFingerprint(await globalData(db), [...macros.map((m) => [m.name, m.sql]), ...views.map((v) => [v.name, v.materialized, v.sql])], {
    profile: profile.profile,
    schemes: profile.schemes,
    calendar,
    period: options.period
  });
  // Plain views are always recreated (cheap, and undoes a hand-made replacement); the tables
  // only when what they are computed from changed, by month where only months changed.
  const current = views.every((v) => !v.materialized || kinds.get(v.name) === "TABLE");
  const whole = options.force || !current || (await readState(db))?.fingerprint !== fingerprint;
  const before = await readMonthState(db);
  await db.transaction(async () => {
    await writeConfigTables(db, profile, calendar, options.period);
    await db.exec(`CREATE TABLE IF NOT EXISTS view_catalog (
  name VARCHAR NOT NULL, layer VARCHAR NOT NULL, position INTEGER NOT NULL, description VARCHAR NOT NULL,
  grain VARCHAR NOT NULL, columns JSON NOT NULL, dependencies VARCHAR[] NOT NULL, file VARCHAR NOT NULL)`);
    const names = new Set(views.map((v) => v.name));
    for (const name of catalogued) if (!names.has(name)) await dropRelation(db, name, kinds.get(name));
    for (const macro of macros) await db.exec(macro.sql);
    // A period's state is its warehouse's; without one, it is made whole. There the earliest
    // changed month's period is where recomputing starts, except for rows of one ticket.
    const months = options.period
      ? options.months ? await periodMonthState(db, options.months) : []
      : await computeMonthState(db, profile.profile.reporting_month.start_day, macros.map((m) => m.name));
    const fromData = whole || !before || (options.period && !options.months) ? "all" : earliestChange(before, months);
    const from = fromData === "all" || fromData === null ? fromData : (await db.one<{month: string}>("SELECT period_of($1) AS month", [fromData]))!.month;
    const plan = refreshPlan(views, from);
    for (const view of views) {
      const how = plan.get(view.name);
      if (how === "month") await recomputeMonths(db, view.name, view.sql, recomputedRows(view, from as string, fromData as string, profile.profile.reporting_month.start_day));
      else if (how === "whole" || !view.materialized) await createRelation(db, view.name, view.sql, view.materialized ? "TABLE" : "VIEW", kinds.get(view.name));
    }
    await db.exec("DELETE FROM view_catalog");
    for (const [i, view] of views.entries()) {
      await db.exec(
        `INSERT INTO view_catalog VALUES (${literal(view.name)}, ${literal(view.layer)}, ${i + 1}, ${literal(view.description)},
  ${literal(view.grain)}, ${literal(JSON.stringify(view.columns))}, [${view.dependencies.map(literal).join(", ")}]::VARCHAR[], ${literal(view.file)})`
      );
    }
    await assertCalendarCovers(db, profile, calendar);
    await writeState(db, {fingerprint, data_fingerprint: data, ...refreshSummary(plan, from)});
    await writeMonthState(db, months);
  });
  return views;
}

/** A working-day deadline rule needs every day it counts in the calendar (data/calendar). */
async function assertCalendarCovers(db: Warehouse, profile: AdoptedProfile, calendar: Calendar): Promise<void> {
  if (!profile.profile.deadlines.some((r) => r.working_days !== undefined)) return;
  const missing = await db.one<{ticket_id: string; start_at: string}>(
    "SELECT ticket_id, strftime(start_at, '%Y-%m-%d') AS start_at FROM assignment_deadlines WHERE is_calendar_missing ORDER BY start_at DESC, ticket_id LIMIT 1"
  );
  if (!missing) return;
  const covered = calendar.years.length ? `covers ${calendar.years[0]}–${calendar.years.at(-1)}` : "is empty";
  throw new HotlineError(
    `ticket ${missing.ticket_id}: a deadline rule counts working days from ${missing.start_at}, but the working-day calendar ${covered}: ` +
      `add the year's holidays and 调休 working days as ${CALENDAR_DIR}/<year>.yaml (as the State Council publishes them), or give the rule hours instead`
  );
}

export interface ViewInfo {
  name: string;
  layer: string;
  description: string;
  title_zh?: string;
  description_zh?: string;
  grain: string;
  columns: ViewColumn[];
  dependencies: string[];
  published: boolean;
}

/** The catalogue of views from the files (no warehouse needed), in creation order. */
export async function listViews(dir: string = VIEWS_DIR): Promise<ViewInfo[]> {
  const raw = await readViews(dir);
  // Tables are not checked here: the catalogue must list even views whose tables a given
  // warehouse lacks.
  const named = raw.flatMap((v) => v.references);
  return resolveViews(raw, dir, [...KNOWN_TABLES, ...named]).map(({name, layer, description, title_zh, description_zh, grain, columns, dependencies, published}) => ({
    name,
    layer,
    description,
    ...(title_zh ? {title_zh} : {}),
    ...(description_zh ? {description_zh} : {}),
    grain,
    columns,
    dependencies,
    published
  }));
}
