import {HotlineError} from "../errors.ts";
import type {Cell, RawRow} from "./cells.ts";
import type {FileSource} from "./source.ts";

export type JsonContent = {kind: "rows"; headers: string[]; rows: Record<string, unknown>[]} | {kind: "object"; value: Record<string, unknown>};

/** A JSON file is either an array of row objects (Chinese or canonical keys) or one object (curation). */
export async function readJsonFile(source: FileSource): Promise<JsonContent> {
  const name = source.name;
  const chunks: Buffer[] = [];
  for await (const chunk of source.bytes()) chunks.push(chunk as Buffer);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (error) {
    throw new HotlineError(`${name}: not valid JSON (${(error as Error).message})`, {file: name});
  }
  if (Array.isArray(value)) {
    const headers = new Set<string>();
    value.forEach((item, i) => {
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw new HotlineError(`${name}: element ${i + 1} is not an object; expected an array of row objects`, {file: name, row: i + 1});
      }
      for (const key of Object.keys(item)) headers.add(key);
    });
    return {kind: "rows", headers: [...headers], rows: value as Record<string, unknown>[]};
  }
  if (value !== null && typeof value === "object") return {kind: "object", value: value as Record<string, unknown>};
  throw new HotlineError(`${name}: expected an array of row objects or a curation object with "month"`, {file: name});
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** JSON rows as spreadsheet rows: a virtual header row 1, then element i at row i + 1. */
export async function* jsonRows(headers: string[], rows: Record<string, unknown>[]): AsyncGenerator<RawRow> {
  yield {row: 1, cells: headers};
  for (let i = 0; i < rows.length; i++) {
    yield {row: i + 2, cells: headers.map((h) => toCell(rows[i][h]))};
  }
}
