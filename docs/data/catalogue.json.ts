// The views catalogue (from the .sql/.yml files), and the office profile and the versions of its
// scoring scheme (the warehouse's, as the views were refreshed with).
import {readProfile} from "../../src/profile.ts";
import {siteViews} from "../../src/site/catalogue.ts";
import {PieceCache} from "../../src/site/pieces.ts";
import {openSiteDb} from "../../src/site/warehouse.ts";

const db = await openSiteDb();
const pieces = new PieceCache("catalogue");
try {
  const {profile, schemes} = await readProfile(db);
  process.stdout.write(JSON.stringify({views: await siteViews(pieces), schemes, profile}));
} finally {
  db.close();
}
pieces.report();
