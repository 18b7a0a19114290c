// The views catalogue (from the .sql/.yml files), and the office profile and the versions of its
// scoring scheme (the warehouse's, as the views were refreshed with).
import {listViews} from "../../src/views.ts";
import {readProfile} from "../../src/profile.ts";
import {openSiteDb} from "../../src/site/warehouse.ts";

const db = await openSiteDb();
try {
  const {profile, schemes} = await readProfile(db);
  process.stdout.write(JSON.stringify({views: await listViews(), schemes, profile}));
} finally {
  db.close();
}
