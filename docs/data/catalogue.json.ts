// The views catalogue (from the .sql/.yml files), and the office profile and scoring scheme in
// force (the warehouse's, as the views were refreshed with).
import {listViews} from "../../src/views.ts";
import {readProfile} from "../../src/profile.ts";
import {openSiteDb} from "../../src/site/warehouse.ts";

const db = await openSiteDb();
try {
  const {profile, scheme} = await readProfile(db);
  process.stdout.write(JSON.stringify({views: await listViews(), scoring: scheme, profile}));
} finally {
  db.close();
}
