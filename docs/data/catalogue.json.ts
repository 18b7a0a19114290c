// The views catalogue (from the .sql/.yml files) and the scoring configuration in force.
import {listViews} from "../../src/views.ts";
import {loadScoringConfig} from "../../src/scoring.ts";

process.stdout.write(JSON.stringify({views: await listViews(), scoring: loadScoringConfig()}));
