// The 热点 page: each month's hottest clusters with their monthly counts, the whole period's
// largest clusters, rising topics, likely duplicates and repeat callers in aggregate (never a
// caller). Straight from the views; the limits only keep the file small at city scale.
import {readProfile} from "../../src/profile.ts";
import {writeJson} from "../../src/site/loader.ts";
import {heatFormulaZh} from "../../src/topics/heat.ts";
import {listMonths, readView} from "../../src/site/warehouse.ts";

const CLUSTERS_PER_MONTH = 12;
const TOTALS = 20;
const DUPLICATES_PER_MONTH = 50;

await writeJson(async (db) => {
  const months = await listMonths(db);
  const clusters = await readView(db, "hotspot_clusters", `rank <= ${CLUSTERS_PER_MONTH}`);
  const totals = await db.all(
    `SELECT * EXCLUDE (ticket_ids) FROM cluster_totals WHERE rank <= ${TOTALS} ORDER BY rank, cluster_id`
  );
  return {
    months,
    latest: months.at(-1) ?? null,
    // The formula with the office's weights, as `hotline topics` computed the heat shown.
    heatFormula: heatFormulaZh((await readProfile(db)).profile.heat),
    clusters,
    totals,
    // Every month a shown cluster had tickets in; the page fills the others with 0.
    trends: await readView(
      db,
      "cluster_monthly",
      `cluster_id IN (SELECT cluster_id FROM hotspot_clusters WHERE rank <= ${CLUSTERS_PER_MONTH} UNION SELECT cluster_id FROM cluster_totals WHERE rank <= ${TOTALS})`
    ),
    rising: await readView(db, "rising_topics"),
    duplicates: await db.all(
      `SELECT * FROM duplicate_tickets QUALIFY row_number() OVER (PARTITION BY month ORDER BY similarity DESC, ticket_id, duplicate_of) <= ${DUPLICATES_PER_MONTH}`
    ),
    duplicateCounts: await db.all("SELECT month, count(*) AS count_pairs FROM duplicate_tickets GROUP BY month"),
    repeat: await readView(db, "repeat_caller_summary")
  };
});
