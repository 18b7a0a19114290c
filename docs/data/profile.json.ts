// The office's wording (its profile, as the views were refreshed with): names, region word,
// unit-kind labels and the wording of returns from the level above.
import {writeJson} from "../../src/site/loader.ts";
import {readView} from "../../src/site/warehouse.ts";

await writeJson(async (db) => (await readView(db, "config_profile"))[0] ?? {});
