import {centralEntries, endRecordOffset, LOCAL} from "../ingest/zip.ts";

/**
 * exceljs stamps every zip entry with the current time, so two runs differ byte-wise. This
 * rewrites the DOS time and date of every local and central header to one fixed moment,
 * walking the central directory (found through the end-of-central-directory record).
 */
export function fixZipTimes(zip: Buffer, at: {year: number; month: number; day: number}): Buffer {
  const out = Buffer.from(zip);
  const dosDate = ((at.year - 1980) << 9) | (at.month << 5) | at.day;
  const dosTime = 0;
  const eocd = endRecordOffset(out);
  if (eocd < 0) throw new Error("not a zip file: no end-of-central-directory record");
  for (const p of centralEntries(out, out.readUInt32LE(eocd + 16), out.readUInt16LE(eocd + 10))) {
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL) throw new Error(`zip local header at ${local} is malformed`);
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
  }
  return out;
}
