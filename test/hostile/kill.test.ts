// Atomic loads: a load killed with SIGKILL half-way (the process gets no chance to roll back)
// leaves the warehouse exactly as it was before the load began.
import {spawn} from "node:child_process";
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, expect, it} from "vitest";
import type {Warehouse} from "../../src/db.ts";
import {withWarehouse} from "../../src/warehouse.ts";
import {ingestPaths} from "../../src/ingest/ingest.ts";
import {ROOT} from "../../src/paths.ts";
import {ticket, toCsv} from "../ingest/helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "hotline-kill-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const TABLES = ["tickets", "assignments", "load_batches", "quarantine", "units", "curation"] as const;

/** Row count and an order-independent checksum of every row of each table. */
async function state(db: Warehouse): Promise<Record<string, {n: number; md5: string}>> {
  const out: Record<string, {n: number; md5: string}> = {};
  for (const table of TABLES) {
    out[table] = (await db.one<{n: number; md5: string}>(
      `SELECT count(*) AS n, coalesce(md5(string_agg(r::VARCHAR, '|' ORDER BY r::VARCHAR)), '') AS md5 FROM ${table} AS r`
    ))!;
  }
  return out;
}

/** A large export (one row a ticket), big enough that loading it takes seconds. */
function bigCsv(path: string, rows: number): void {
  const head = "工单编号,来源渠道,受理时间,事件分类,工单标题,诉求内容,承办单位,联系电话\r\n";
  const lines: string[] = [head];
  for (let i = 0; i < rows; i++) {
    lines.push(`K${i},12345热线,2023-04-${String((i % 30) + 1).padStart(2, "0")} 08:${String(i % 60).padStart(2, "0")}:00,市场管理类,第${i}号工单,"市民反映小区门口道路积水严重，影响出行，请尽快处理",县市场局,138${String(i).padStart(8, "0")}\r\n`);
  }
  writeFileSync(path, lines.join(""));
}

it("a load killed with SIGKILL mid-way leaves the previous state, byte for byte", async () => {
  const db = join(dir, "warehouse.duckdb");
  const previous = join(dir, "previous");
  const big = join(dir, "big");
  mkdirSync(previous);
  mkdirSync(big);
  // The previous state: a batch under the very name the big load will replace, a duplicate,
  // a quarantined row and a unit directory.
  writeFileSync(join(previous, "tickets-2023-04.csv"), toCsv([ticket("1"), ticket("2"), ticket("2"), ticket("3", {受理时间: "2023-02-30"})]));
  writeFileSync(join(previous, "units.csv"), "单位名称,简称,别名,单位类型\r\n县市场监督管理局,县市场局,,县直单位\r\n");
  writeFileSync(join(previous, "other.csv"), toCsv([ticket("9")]));
  const before = await withWarehouse(db, {}, async (w) => {
    await ingestPaths(w, [previous]);
    return state(w);
  });
  expect(before.tickets.n).toBe(3);
  expect(before.quarantine.n).toBe(2);

  bigCsv(join(big, "tickets-2023-04.csv"), 200_000);
  // Node itself with tsx's loader, not the tsx wrapper: the signal must hit the process that loads.
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "test", "hostile", "kill-child.ts"), db, join(big, "tickets-2023-04.csv")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"]
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on("exit", (code, signal) => resolve({code, signal})));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (stdout.includes("progress ")) {
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", () => reject(new Error(`child exited before its first progress report:\n${stdout}\n${stderr}`)));
  });
  const {signal} = await exited;
  expect(signal).toBe("SIGKILL");
  expect(stdout).not.toContain("done");

  const after = await withWarehouse(db, {}, (w) => state(w));
  expect(after).toEqual(before);
  // And the warehouse takes the next load as usual.
  writeFileSync(join(big, "next.csv"), toCsv([ticket("K1"), ticket("1")]));
  const reports = await withWarehouse(db, {}, (w) => ingestPaths(w, [join(big, "next.csv")]));
  expect(reports[0]).toMatchObject({read: 2, loaded: 1, quarantined: 1});
}, 120_000);
