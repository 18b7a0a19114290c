// The evaluation scheme's versions exactly as the views score with them (config_scoring,
// config_grades: one row set per version, the oldest first), the months each version scored,
// and the settings taken from the latest version (config_commendable).
import {writeJson} from "../../src/site/loader.ts";
import {readView, readViewSorted} from "../../src/site/warehouse.ts";

await writeJson(async (db) => {
  const scored = await readView<{month: string; scheme_version: number}>(db, "unit_scorecard_total");
  const months = (version: number) => scored.filter((r) => r.scheme_version === version).map((r) => r.month).sort();
  const versions = await readViewSorted<{version: number} & Record<string, unknown>>(db, "config_scoring", "version");
  return {
    versions: versions.map((v) => ({...v, months: months(v.version)})),
    grades: await readViewSorted(db, "config_grades", "version, position"),
    commendable: (await readView(db, "config_commendable"))[0] ?? null
  };
});
