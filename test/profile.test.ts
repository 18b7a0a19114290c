import {mkdtempSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {Warehouse} from "../src/db.ts";
import {openWarehouse} from "../src/warehouse.ts";
import {HotlineError} from "../src/errors.ts";
import {
  adoptProfile, DEMO_PROFILE_PATH, findFolderProfile, loadProfile, parseProfile, readProfile, reportingMonthEndSql, reportingMonthRange, reportingMonthSql
} from "../src/profile.ts";

describe("office profile", () => {
  it("is neutral by default", () => {
    const p = parseProfile({});
    expect(p.office).toEqual({name: "12345热线管理办公室", short_name: "热线办", red_header: false});
    expect([p.region, p.hotline, p.returns.label, p.channels.default]).toEqual(["本地区", "12345热线", "上级退回", "12345热线"]);
    expect(p.reporting_month.start_day).toBe(1);
    expect(p.empty_rate).toBeNull();
    expect(p.zero_handled_top).toBe(false);
    expect(JSON.stringify(p)).not.toMatch(/岳阳|全县|县直单位|县热线办|县长信箱|市退回/);
  });

  it("names the bad key and value", () => {
    const bad = (data: unknown) => {
      try {
        parseProfile(data, "profile.yaml");
      } catch (error) {
        expect(error).toBeInstanceOf(HotlineError);
        return (error as Error).message;
      }
      throw new Error("expected a failure");
    };
    expect(bad({reporting_month: {start_day: 31}})).toMatch(/^profile\.yaml: invalid office profile: reporting_month\.start_day: expected a day from 1 to 28 \(got 31\)$/);
    expect(bad({channels: {mailbox: ["市长信箱", " "]}})).toMatch(/channels\.mailbox\[1\]: expected a non-empty text \(got " "\)/);
    expect(bad({empty_rate: 120})).toMatch(/empty_rate: expected a percentage.*\(got 120\)/);
    expect(bad({office: {full_name: "x"}})).toMatch(/office: .*full_name/);
  });

  it("reads the demo county's profile with its scheme", () => {
    const {profile, schemes, source} = loadProfile(DEMO_PROFILE_PATH);
    expect(profile.unit_kinds.departments).toEqual({kind: "县直单位", label: "县直单位"});
    expect(profile.channels.mailbox).toEqual(["市长信箱", "县长信箱"]);
    expect(schemes.map((v) => [v.from, v.config.grades])).toEqual([[null, [{grade: "A", min: 90}, {grade: "B"}]]]);
    expect(source).toBe(DEMO_PROFILE_PATH);
  });

  it("resolves its scheme relative to its folder, and says which file is bad", () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-profile-"));
    writeFileSync(join(dir, "scheme.yaml"), "grades: [{grade: 优, min: 95}, {grade: 良}]\n");
    writeFileSync(join(dir, "profile.yaml"), "region: 全区\nscheme: scheme.yaml\n");
    expect(loadProfile(join(dir, "profile.yaml")).schemes[0]!.config.grades).toEqual([{grade: "优", min: 95}, {grade: "良"}]);
    writeFileSync(join(dir, "scheme.yaml"), "grades: []\n");
    expect(() => loadProfile(join(dir, "profile.yaml"))).toThrow(/scheme\.yaml: invalid scoring config: grades: expected at least one grade/);
    expect(() => loadProfile(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot read the office profile/);
  });

  it("is adopted from a folder being loaded and read back from the warehouse", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hotline-profile-"));
    writeFileSync(join(dir, "profile.yaml"), "office: {name: 某区热线办}\nregion: 全区\nreporting_month: {start_day: 19}\n");
    expect(findFolderProfile([dir, join(dir, "none.xlsx")])).toBe(join(dir, "profile.yaml"));
    const db = await openWarehouse(":memory:");
    try {
      expect((await readProfile(db)).profile.region).toBe("本地区");
      expect(await adoptProfile(db, {paths: [tmpdir()]})).toBeNull();
      await adoptProfile(db, {paths: [dir]});
      const back = await readProfile(db);
      expect([back.profile.office.name, back.profile.region, back.profile.reporting_month.start_day]).toEqual(["某区热线办", "全区", 19]);
      // --profile wins over the folder's.
      await adoptProfile(db, {file: DEMO_PROFILE_PATH, paths: [dir]});
      expect((await readProfile(db)).profile.region).toBe("全县");
    } finally {
      db.close();
    }
  });
});

describe("reporting month", () => {
  const at = async (startDay: number, ts: string) => {
    const db = await Warehouse.open(":memory:");
    try {
      const t = `TIMESTAMP '${ts}'`;
      return await db.one(`SELECT ${reportingMonthSql(t, startDay)} AS month, strftime(${reportingMonthEndSql(t, startDay)}, '%Y-%m-%d %H:%M') AS ends`);
    } finally {
      db.close();
    }
  };

  it("is the calendar month by default", async () => {
    expect(await at(1, "2023-04-30 23:59:59")).toEqual({month: "2023-04", ends: "2023-05-01 00:00"});
    expect(await at(1, "2023-12-01 00:00:00")).toEqual({month: "2023-12", ends: "2024-01-01 00:00"});
    expect(reportingMonthRange("2023-12", 1)).toEqual(["TIMESTAMP '2023-12-01'", "TIMESTAMP '2024-01-01'"]);
  });

  it("with start day 19, 2023-05 runs from 2023-04-19 00:00 to 2023-05-18 24:00", async () => {
    expect(await at(19, "2023-04-18 23:59:59")).toEqual({month: "2023-04", ends: "2023-04-19 00:00"});
    expect(await at(19, "2023-04-19 00:00:00")).toEqual({month: "2023-05", ends: "2023-05-19 00:00"});
    expect(await at(19, "2023-05-18 23:59:59")).toEqual({month: "2023-05", ends: "2023-05-19 00:00"});
    expect(await at(19, "2023-12-25 08:00:00")).toEqual({month: "2024-01", ends: "2024-01-19 00:00"});
    expect(reportingMonthRange("2023-05", 19)).toEqual(["TIMESTAMP '2023-04-19'", "TIMESTAMP '2023-05-19'"]);
    expect(reportingMonthRange("2024-01", 19)).toEqual(["TIMESTAMP '2023-12-19'", "TIMESTAMP '2024-01-19'"]);
  });
});

describe("reporting month in the views", () => {
  it("buckets every month column by the profile's start day", async () => {
    const {fixtureWarehouse} = await import("./views/fixture.ts");
    const {refreshViews} = await import("../src/views.ts");
    const db = await fixtureWarehouse();
    try {
      await adoptProfile(db, {file: writeProfile("reporting_month: {start_day: 19}\n")});
      await refreshViews(db);
      // 1007 received 04-18 stays in April; 1003 received 04-20 is May's, and so is its completion on 05-03.
      expect(await db.all("SELECT ticket_id, month FROM stg_tickets WHERE ticket_id IN ('1003', '1007') ORDER BY 1")).toEqual([
        {ticket_id: "1003", month: "2023-05"},
        {ticket_id: "1007", month: "2023-04"}
      ]);
      expect(await db.one("SELECT received_month, completed_month, replied_month FROM assignment_facts WHERE ticket_id = '1003'")).toEqual({
        received_month: "2023-05", completed_month: "2023-05", replied_month: "2023-05"
      });
    } finally {
      db.close();
    }
  });
});

function writeProfile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "hotline-profile-")), "profile.yaml");
  writeFileSync(file, text);
  return file;
}
