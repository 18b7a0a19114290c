import type {Warehouse} from "../db.ts";
import {HotlineError} from "../errors.ts";
import {shanghaiNow} from "../ingest/dates.ts";
import {readProfile} from "../profile.ts";
import {buildReport, type MonthReport, type UnitRow} from "./data.ts";
import {renderDocx} from "./docx.ts";
import {bulletinOf, type Bulletin} from "./model.ts";

/**
 * Published months stay published. `hotline publish` freezes a month's bulletin as circulated
 * (its figures, its model and its Word file) with what the warehouse held then (the load batches
 * and the profile's hash). Later, `hotline report` and the site show that version, and when
 * today's data would print other figures, a 数据修订 section lists them and why.
 */

type Batch = {
  file_name: string;
  file_sha256: string;
  kind: string;
  loaded_at: string;
};

interface Published {
  month: string;
  version: number;
  published_at: string;
  figures: MonthReport;
  bulletin: Bulletin;
  batches: Batch[];
  profile_hash: string;
}

/** One figure that differs between the published bulletin and today's data. */
interface Revision {
  figure: string;
  published: string;
  current: string;
}

/** What a month's bulletin is now: the published one (with its revisions) or today's. */
export interface MonthBulletin {
  figures: MonthReport;
  bulletin: Bulletin;
  /** The version in force, or null when the month was never published. */
  published: {version: number; published_at: string; docx: Uint8Array} | null;
  revisions: Revision[];
}

const batchesSql = "SELECT file_name, file_sha256, kind, strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS loaded_at FROM load_batches ORDER BY file_name";
const profileHash = async (db: Warehouse) => (await readProfile(db)).hash;

/** Freezes `month` as a new version (1, 2, …; earlier versions are kept). */
export async function publishMonth(db: Warehouse, month: string, date: string): Promise<{version: number; published_at: string}> {
  const figures = await buildReport(db, month);
  if (!figures.tickets_received && !figures.unit_table.length) throw new HotlineError(`publish: the warehouse has no tickets for ${month}: load the month first`);
  const bulletin = bulletinOf(figures, date);
  const docx = await renderDocx(bulletin);
  const batches = await db.all<Batch>(batchesSql);
  // As every other time in the warehouse: Asia/Shanghai wall clock.
  const publishedAt = shanghaiNow();
  const version = await db.transaction(async () => {
    const version = ((await db.one<{v: number | null}>("SELECT max(version) AS v FROM published_bulletins WHERE month = $1", [month]))?.v ?? 0) + 1;
    await db.exec(
      `INSERT INTO published_bulletins (month, version, published_at, signed_on, figures, bulletin, batches, profile_hash, docx)
       VALUES ($1, $2, $3::TIMESTAMP, $4, $5, $6, $7, $8, from_base64($9))`,
      [month, version, publishedAt, date, JSON.stringify(figures), JSON.stringify(bulletin), JSON.stringify(batches), await profileHash(db), Buffer.from(docx).toString("base64")]
    );
    return version;
  });
  return {version, published_at: publishedAt.slice(0, 19)};
}

async function latestPublished(db: Warehouse, month: string): Promise<(Published & {docx: Uint8Array}) | null> {
  if (!(await db.hasRelation("published_bulletins"))) return null;
  const row = await db.one<{version: number; published_at: string; figures: string; bulletin: string; batches: string; profile_hash: string; docx: string}>(
    `SELECT version, strftime(published_at, '%Y-%m-%d %H:%M:%S') AS published_at, figures, bulletin, batches, profile_hash, to_base64(docx) AS docx
     FROM published_bulletins WHERE month = $1 ORDER BY version DESC LIMIT 1`,
    [month]
  );
  if (!row) return null;
  return {
    month,
    version: row.version,
    published_at: row.published_at,
    figures: JSON.parse(row.figures) as MonthReport,
    bulletin: JSON.parse(row.bulletin) as Bulletin,
    batches: JSON.parse(row.batches) as Batch[],
    profile_hash: row.profile_hash,
    docx: Buffer.from(row.docx, "base64")
  };
}

const SCALARS: [keyof MonthReport, string][] = [
  ["tickets_received", "受理热线工单"],
  ["mailbox_letters", "信件"],
  ["direct_answers", "直接解答"],
  ["praise_tickets", "表扬工单"],
  ["dispatched", "批转"],
  ["completed", "已办结"],
  ["in_progress", "在办"],
  ["hotspot_rising", "新出现和上升话题"]
];

const UNIT_FIGURES: [keyof UnitRow, string][] = [
  ["accepted", "受理案件数"],
  ["handled", "办理数"],
  ["completion_rate", "办结率"],
  ["on_time", "按期办理数"],
  ["on_time_rate", "按期办结率"],
  ["rework", "返工数"],
  ["rework_rate", "返工率"],
  ["dissatisfied", "回访不满意数"],
  ["dissatisfied_rate", "回访不满意率"],
  ["composite", "综合指标值"],
  ["grade", "等级评价"]
];

const shown = (v: unknown): string => (v === null || v === undefined || v === "" ? "—" : typeof v === "string" ? v : JSON.stringify(v));
const listed = (items: unknown[]) => (items.length ? items.map(shown).join("；") : "—");
/** [name, count, share] as the bulletin prints it: 市场管理类 225 件 14.48%. */
const ranked = (items: [string, number, number][]) => listed(items.map(([name, count, share]) => `${name} ${count} 件 ${share}%`));
const counted = (groups: Record<string, string[]>) => {
  const entries = Object.entries(groups);
  return entries.length ? entries.map(([unit, ids]) => `${unit} ${ids.length} 件`).join("、") : "—";
};

/** Every printed figure of `then` that `now` prints otherwise, in the bulletin's order. */
function revisionsOf(then: MonthReport, now: MonthReport): Revision[] {
  const out: Revision[] = [];
  const add = (figure: string, a: string, b: string) => a !== b && out.push({figure, published: a, current: b});
  for (const [key, label] of SCALARS) add(label, shown(then[key]), shown(now[key]));
  add("分类排行", ranked(then.top_categories), ranked(now.top_categories));
  add("超期办结工单", counted(then.overdue), counted(now.overdue));
  add(then.wording.returns_label, counted(then.returned_by_city), counted(now.returned_by_city));
  add("典型案例", listed(then.typical_cases.map((c) => c.ticket_id)), listed(now.typical_cases.map((c) => c.ticket_id)));
  add("热点难点", ranked(then.hotspots), ranked(now.hotspots));
  add("红榜", listed(then.red_list.map((u) => u.short_name)), listed(now.red_list.map((u) => u.short_name)));
  add("黑榜", listed(then.black_list.map((u) => u.short_name)), listed(now.black_list.map((u) => u.short_name)));
  const rows = (r: MonthReport) => new Map([...r.unit_table.map((u) => [u.unit, u] as const), ...(r.unit_table_total ? [["合计", r.unit_table_total] as const] : [])]);
  const before = rows(then);
  const after = rows(now);
  for (const unit of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(unit);
    const b = after.get(unit);
    for (const [key, label] of UNIT_FIGURES) add(`附件 ${unit} ${label}`, a ? shown(a[key]) : "—", b ? shown(b[key]) : "—");
  }
  return out;
}

/** Why the figures moved: loads since publication (re-exports), changed return visits, another profile. */
async function causesOf(db: Warehouse, published: Published, revisions: Revision[]): Promise<string[]> {
  const causes: string[] = [];
  const then = new Map(published.batches.map((b) => [b.file_name, b]));
  const now = await db.all<Batch>(batchesSql);
  for (const b of now) {
    const old = then.get(b.file_name);
    if (!old) causes.push(`发布后新导入 ${b.file_name}（${b.loaded_at}）`);
    else if (old.file_sha256 !== b.file_sha256) causes.push(`发布后重新导入 ${b.file_name}（${b.loaded_at}，内容已变化）`);
  }
  const names = new Set(now.map((b) => b.file_name));
  for (const b of published.batches) if (!names.has(b.file_name)) causes.push(`发布时的 ${b.file_name} 已不在数据中`);
  if (revisions.some((r) => r.figure.includes("回访"))) causes.push("回访结果有补录或更正（迟到的回访）");
  if ((await profileHash(db)) !== published.profile_hash) causes.push("办公室设置或考核方案已更改");
  return causes;
}

/**
 * The month's bulletin as it stands: the latest published version (plus a 数据修订 section when
 * today's data would print other figures), or today's when it was never published or `current`.
 */
export async function monthBulletin(db: Warehouse, month: string, date: string, {current = false} = {}): Promise<MonthBulletin> {
  const now = await buildReport(db, month);
  const published = current ? null : await latestPublished(db, month);
  if (!published) return {figures: now, bulletin: bulletinOf(now, date), published: null, revisions: []};
  const revisions = revisionsOf(published.figures, now);
  const bulletin = structuredClone(published.bulletin);
  if (revisions.length) {
    const causes = await causesOf(db, published, revisions);
    bulletin.sections.push({
      id: "revision",
      heading: "数据修订说明",
      paragraphs: [
        `本通报于 ${published.published_at} 发布（第 ${published.version} 版），以上为发布时的数字。按当前数据重新计算，下列 ${revisions.length} 项数字已变化` +
          (causes.length ? `，原因：${causes.join("；")}。` : "。") +
          "如需发布修订版，请运行 hotline publish。"
      ],
      tables: [
        {
          id: "revisions",
          caption: null,
          columns: [
            {label: "数字", numeric: false},
            {label: "发布时", numeric: false},
            {label: "当前", numeric: false}
          ],
          blocks: [{label: null, rows: revisions.map((r) => ({unit: null, cells: [r.figure, r.published, r.current], hint: null}))}],
          total: null,
          notes: []
        }
      ]
    });
  }
  return {figures: published.figures, bulletin, published: {version: published.version, published_at: published.published_at, docx: published.docx}, revisions};
}
