// The unit list with each unit's latest bulletin month scorecard, for the units index (the
// unit pages load their own unit's file, data/units/<slug>.json of units.tar).
import {writeJson} from "../../src/site/loader.ts";
import {listMonths, listUnits, readView} from "../../src/site/warehouse.ts";

await writeJson(async (db) => {
  const latest = (await listMonths(db)).at(-1) ?? null;
  return {
    latest,
    units: await listUnits(db),
    scorecard: latest ? await readView(db, "unit_scorecard", "month = $1", [latest]) : []
  };
});
