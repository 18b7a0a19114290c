import type {Command} from "commander";
import {register as ingest} from "./ingest.ts";
import {register as query} from "./query.ts";
import {register as quarantine} from "./quarantine.ts";
import {register as topics} from "./topics.ts";
import {register as views} from "./views.ts";
import {register as report} from "./report.ts";
import {register as demo} from "./demo.ts";

/** Each command lives in its own module and adds itself to the program. */
export type Register = (program: Command) => void;

export const COMMANDS: Register[] = [ingest, query, quarantine, topics, views, report, demo];
