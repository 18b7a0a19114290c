import {describe, expect, it} from "vitest";
import {parseProfile} from "../../src/profile.ts";
import {clusterHeat, heatFormulaZh} from "../../src/topics/heat.ts";

const ticket = (received_at: string, caller_id: string | null, likes = 0, dislikes = 0) => ({received_at, title: received_at, content: null, caller_id, likes, dislikes});

describe("an office's own heat weights", () => {
  it("are validated where the profile is read, naming the key", () => {
    expect(parseProfile({}).heat).toEqual({likes: 0.5, dislikes: 1, dedup_days: 7});
    expect(parseProfile({heat: {likes: 2}}).heat).toEqual({likes: 2, dislikes: 1, dedup_days: 7});
    expect(() => parseProfile({heat: {likes: -1}}, "p.yaml")).toThrow(/p\.yaml.*heat\.likes/);
    expect(() => parseProfile({heat: {dedup_days: 1.5}}, "p.yaml")).toThrow(/heat\.dedup_days/);
    expect(() => parseProfile({heat: {weight: 1}}, "p.yaml")).toThrow(/heat/);
  });

  it("change the heat as the printed formula says", () => {
    const weights = parseProfile({heat: {likes: 2, dislikes: 0.5, dedup_days: 0}}).heat;
    // Two copies of one text a minute apart: with dedup_days 0 both count.
    const tickets = [ticket("2023-09-01 09:00:00", "A", 100, 40), ticket("2023-09-01 09:00:00", "B", 0, 0)];
    const h = clusterHeat({tickets, trailing: [1, 0, 2], concentration: 0.8}, weights);
    // support = √(2·2) + 2·√(100 − 0.5·40) = 2 + 2·√80; growth = 3 / (1 + 1) = 1.5
    expect(h.tickets).toBe(2);
    expect(h.heat).toBeCloseTo((2 + 2 * Math.sqrt(80)) * (1 + Math.log(1.5)) * 0.8, 9);
    const text = heatFormulaZh(weights).join("\n");
    expect(text).toContain("热度 = (√(工单数 × 来电人数) + 2 × √max(0, 点赞数 − 0.5 × 点踩数)) × (1 + ln max(1, 增长倍数)) × 集中度");
    expect(text).toContain("前3个月");
    expect(text).not.toContain("天内重复");
  });

  it("print the defaults plainly, and drop the likes term when likes weigh nothing", () => {
    const text = heatFormulaZh(parseProfile({}).heat).join("\n");
    expect(text).toContain("+ 0.5 × √max(0, 点赞数 − 点踩数)");
    expect(text).toContain("7 天内重复提交的工单只计一次");
    expect(heatFormulaZh(parseProfile({heat: {likes: 0}}).heat)[0]).toBe("热度 = (√(工单数 × 来电人数)) × (1 + ln max(1, 增长倍数)) × 集中度");
  });
});
