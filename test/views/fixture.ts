import {literal, type Warehouse} from "../../src/db.ts";
import {openWarehouse} from "../../src/warehouse.ts";
import {ASSIGNMENT_COLUMNS} from "../../src/ingest/load-tickets.ts";
import {loadScoringConfig, type ScoringConfig} from "../../src/scoring.ts";
import {refreshViews} from "../../src/views.ts";
import {defaultProfile, parseProfile, recordProfile} from "../../src/profile.ts";

/**
 * A tiny warehouse whose every expected number is worked out by hand in the tests:
 *
 * 2023-04 hotline tickets: 1001 1002 1003 1004 1006 1007 (6); mailbox letter 1005.
 * 2023-03: 0901 (handled in April by 箕口镇人民政府 = 筻口镇), 0902, and 0903 (handled in March,
 * its return visit made in April). 2022-04: 2201 (visited, 满意). 1003 is still open on April 30 but its
 * exported status is 已办结.
 */

type Value = string | number | boolean | null;
const sql = (v: Value) => (v === null ? "NULL" : typeof v === "string" ? literal(v) : String(v));

export interface TicketRow {
  ticket_id: string;
  channel?: string;
  received_at: string;
  appeal_type?: string | null;
  category?: string | null;
  subcategory?: string | null;
  title?: string | null;
  content?: string | null;
  township?: string | null;
  address?: string | null;
  caller_name?: string | null;
  caller_phone?: string | null;
  disposition?: string | null;
  status?: string | null;
}

export interface AssignmentRow {
  ticket_id: string;
  seq?: number;
  unit: string;
  dispatched_at?: string | null;
  deadline?: string | null;
  replied_at?: string | null;
  completed_at?: string | null;
  is_returned_by_city?: boolean;
  rework_count?: number;
  visit_result?: string | null;
  visited_at?: string | null;
  is_responded?: boolean | null;
  is_resolved?: boolean | null;
}

export async function insertTicket(db: Warehouse, t: TicketRow): Promise<void> {
  const values: Value[] = [
    t.ticket_id, "fixture", 2, t.channel ?? "12345热线", t.received_at, t.appeal_type ?? "投诉", t.category ?? null,
    t.subcategory ?? null, t.title ?? null, t.content ?? null, t.township ?? null, t.address ?? null,
    t.caller_name ?? null, t.caller_phone ?? null, t.disposition ?? "转办", t.status ?? null, null, null, null, null
  ];
  await db.exec(`INSERT INTO tickets VALUES (${values.map(sql).join(", ")})`);
}

export async function insertAssignment(db: Warehouse, a: AssignmentRow): Promise<void> {
  const values: Value[] = [
    a.ticket_id, "fixture", a.seq ?? 1, a.unit, a.dispatched_at ?? null, a.deadline ?? null, a.replied_at ?? null, a.completed_at ?? null,
    a.is_returned_by_city ?? false, a.rework_count ?? 0, a.visit_result ?? null, a.visited_at ?? null, a.is_responded ?? null, a.is_resolved ?? null
  ];
  await db.exec(`INSERT INTO assignments (${ASSIGNMENT_COLUMNS.join(", ")}) VALUES (${values.map(sql).join(", ")})`);
}

export async function insertUnit(db: Warehouse, unit: string, short: string | null, aliases: string[], kind: string, group: string | null = null): Promise<void> {
  await db.exec(
    `INSERT INTO units VALUES (${sql(unit)}, ${sql(short)}, [${aliases.map(literal).join(", ")}]::VARCHAR[], ${sql(kind)}, ${sql(group)}, 'fixture')`
  );
}

async function insertCuration(
  db: Warehouse,
  row: {month: string; kind: "typical_case" | "adjustment"; ticket_id?: string; unit?: string; points?: number; reason?: string; summary?: string}
): Promise<void> {
  const values: Value[] = [row.month, row.kind, row.ticket_id ?? null, row.unit ?? null, row.points ?? null, row.reason ?? null, row.summary ?? null, "fixture"];
  await db.exec(`INSERT INTO curation VALUES (${values.map(sql).join(", ")})`);
}

/** The shipped default, data/config/scoring.yaml. */
export const DEFAULT_CONFIG: ScoringConfig = loadScoringConfig();

export async function fixtureWarehouse(config: ScoringConfig = DEFAULT_CONFIG, path = ":memory:"): Promise<Warehouse> {
  const db = await openWarehouse(path);
  await insertUnit(db, "县市场监督管理局", "县市场局", ["市场监管局"], "县直单位", "县直");
  await insertUnit(db, "筻口镇人民政府", "筻口镇", ["篾口镇", "篡口镇", "箕口镇", "箕口镇人民政府"], "乡镇", "乡镇");
  await insertUnit(db, "公田镇人民政府", "公田镇", [], "乡镇", "乡镇");
  await insertUnit(db, "岳阳县热线办", "县热线办", [], "其他");

  // April 2023
  await insertTicket(db, {
    ticket_id: "1001", received_at: "2023-04-03 09:00:00", category: "市场管理类", subcategory: "消费维权类",
    title: "网购商品货不对板", content: "联系我13812345678或0730-8881234，身份证430621199001011234，卡号6222021234567890123，邮箱ab.c@qq.com",
    address: "荣家湾镇建设路1号", caller_name: "刘德华", caller_phone: "13812345678", township: "荣家湾镇"
  });
  await insertAssignment(db, {ticket_id: "1001", unit: "县市场局", deadline: "2023-04-10 18:00:00", replied_at: "2023-04-07 10:00:00", completed_at: "2023-04-08 10:00:00", visit_result: "满意"});
  await insertTicket(db, {ticket_id: "1002", received_at: "2023-04-05 10:00:00", category: "市场管理类", subcategory: "消费维权类", caller_name: "王女士"});
  await insertAssignment(db, {
    ticket_id: "1002", unit: "县市场监督管理局", deadline: "2023-04-12 18:00:00", completed_at: "2023-04-15 10:00:00",
    visit_result: "不满意", rework_count: 1, is_returned_by_city: true
  });
  await insertTicket(db, {ticket_id: "1003", received_at: "2023-04-20 11:00:00", status: "已办结", appeal_type: "求助", category: "城乡建设类", subcategory: "道路", caller_name: "欧阳锋先生"});
  await insertAssignment(db, {ticket_id: "1003", unit: "篡口镇", deadline: "2023-05-05 18:00:00", replied_at: "2023-04-30 12:00:00", completed_at: "2023-05-03 09:00:00"});
  await insertTicket(db, {ticket_id: "1004", received_at: "2023-04-28 15:00:00", appeal_type: "表扬", category: "社情民意类", subcategory: "表扬", disposition: "直接解答", caller_name: "匿名"});
  await insertAssignment(db, {ticket_id: "1004", unit: "岳阳县热线办", deadline: "2023-04-30 18:00:00", completed_at: "2023-04-28 15:10:00", visit_result: "未回访"});
  await insertTicket(db, {ticket_id: "1005", channel: "市长信箱", received_at: "2023-04-06 08:00:00", appeal_type: "咨询", category: "市场管理类", subcategory: "消费维权类"});
  await insertAssignment(db, {ticket_id: "1005", unit: "县市场局", completed_at: "2023-04-09 08:00:00", visit_result: "不满意", rework_count: 2});
  await insertTicket(db, {ticket_id: "1006", received_at: "2023-04-12 08:30:00", category: "城乡建设类", subcategory: "道路"});
  await insertAssignment(db, {ticket_id: "1006", unit: "公田镇", deadline: "2023-04-26 18:00:00"});
  await insertTicket(db, {ticket_id: "1007", received_at: "2023-04-18 08:30:00", category: "城乡建设类", subcategory: "噪音"});
  await insertAssignment(db, {ticket_id: "1007", unit: " 县 环保局 ", deadline: "2023-04-25 18:00:00", completed_at: "2023-04-20 10:00:00", visit_result: "满意"});

  // March 2023
  await insertTicket(db, {ticket_id: "0901", received_at: "2023-03-25 09:00:00", category: "市场管理类", subcategory: "消费维权类"});
  await insertAssignment(db, {ticket_id: "0901", unit: "箕口镇人民政府", deadline: "2023-04-02 18:00:00", completed_at: "2023-04-01 10:00:00", visit_result: "基本满意"});
  await insertTicket(db, {ticket_id: "0902", received_at: "2023-03-10 09:00:00", category: "城乡建设类", subcategory: "道路"});
  await insertAssignment(db, {ticket_id: "0902", unit: "公田镇人民政府", deadline: "2023-03-20 18:00:00", completed_at: "2023-03-12 10:00:00", visit_result: "不满意"});

  await insertTicket(db, {ticket_id: "0903", received_at: "2023-03-15 09:00:00", category: "市场管理类", subcategory: "消费维权类"});
  await insertAssignment(db, {ticket_id: "0903", unit: "筻口镇", deadline: "2023-03-25 18:00:00", completed_at: "2023-03-20 10:00:00", visit_result: "满意", visited_at: "2023-04-02 10:00:00"});

  // April 2022
  await insertTicket(db, {ticket_id: "2201", received_at: "2022-04-15 09:00:00", category: "市场管理类", subcategory: "消费维权类"});
  await insertAssignment(db, {ticket_id: "2201", unit: "县市场局", deadline: "2022-04-25 18:00:00", completed_at: "2022-04-20 10:00:00", visit_result: "满意"});

  await insertCuration(db, {month: "2023-04", kind: "adjustment", unit: "县市场局", points: -0.5, reason: "未按期报送典型案例"});
  await insertCuration(db, {month: "2023-04", kind: "adjustment", unit: "篾口镇", points: 0.5, reason: "报送典型案例质量较高"});
  await insertCuration(db, {month: "2023-04", kind: "adjustment", unit: "县市场监督管理局", points: -1.2, reason: "与公布的综合评价表对齐"});
  await insertCuration(db, {month: "2023-04", kind: "typical_case", ticket_id: "1001", unit: "县市场局", reason: "消费维权及时处置", summary: "刘先生 4 月 3 日来电投诉：网购商品货不对板。"});

  // The reference's rules (empty_rate 0 %, the zero-handled rule on), which the hand counts
  // assume, and changes against any base however small (its months hold a few tickets).
  await recordProfile(db, {...defaultProfile(), profile: parseProfile({empty_rate: 0, zero_handled_top: true, change_base_min: 0})});
  await refreshViews(db, {config});
  return db;
}

/** Rows of `view` for `month`, ordered by the given columns. */
export async function rows(db: Warehouse, view: string, where = "true", order = "1"): Promise<Record<string, unknown>[]> {
  return db.all(`SELECT * FROM ${view} WHERE ${where} ORDER BY ${order}`);
}
