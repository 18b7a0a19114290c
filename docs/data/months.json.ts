// The months the warehouse has, for the explorer's month range (its data is one file a month).
import {writeJson} from "../../src/site/loader.ts";
import {listMonths} from "../../src/site/warehouse.ts";

await writeJson(async (db) => listMonths(db));
