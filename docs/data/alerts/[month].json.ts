// A month's alerts for the analyst panel of its page: the topics rising_topics flags (新出现
// when they had no ticket in the trailing three months, else 显著上升).
import {loaderParam, writeJson} from "../../../src/site/loader.ts";
import {Month} from "../../../src/month.ts";
import {readView} from "../../../src/site/warehouse.ts";

const month = Month.parse(loaderParam("month", /^\d{4}-\d{2}$/));
await writeJson(async (db) => ({month, rising: await readView(db, "rising_topics", "month = $1 ORDER BY kind, rank", [month])}));
