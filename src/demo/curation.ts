import type {Built} from "./april.ts";
import type {Random} from "./random.ts";

/** The curation file of one month, as the office's editors write it. */
export interface Curation {
  month: string;
  typical_cases: {ticket_id: string; unit: string; title: string; summary: string}[];
  adjustments: {unit: string; points: number; reason: string}[];
}

/** Picks two or three well-handled tickets as typical cases and scores the units that sent them. */
export function monthCuration(rng: Random, month: string, tickets: Built[]): Curation {
  const candidates = tickets.filter((b) => b.t.visitResult === "满意" && b.t.disposition === "转办" && b.t.appealType !== "表扬" && b.t.reply);
  const chosen = rng.shuffle([...candidates]).slice(0, rng.int(2, 3));
  const typical = chosen.map(({t, d}) => {
    const date = new Date(t.receivedAt);
    const said = t.content.replace(/^[^：，]*[：，]/, "");
    return {ticket_id: t.id, unit: d.unit.short, title: t.title, summary: `${t.callerName}${date.getUTCMonth() + 1}月${date.getUTCDate()}日来电${t.appealType}：${said}${t.reply}`};
  });
  const adjustments = chosen.map(({d}) => ({unit: d.unit.short, points: 0.5, reason: "报送典型案例质量较高"}));
  const late = rng.shuffle([...new Set(tickets.map((b) => b.d.unit.short))]).slice(0, rng.int(0, 2));
  for (const unit of late) if (!adjustments.some((a) => a.unit === unit)) adjustments.push({unit, points: -0.5, reason: "未按期报送典型案例"});
  return {month, typical_cases: typical, adjustments};
}
