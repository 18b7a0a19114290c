/**
 * exceljs stamps every zip entry with the current time, so two runs differ byte-wise. This
 * rewrites the DOS time and date of every local and central header to one fixed moment,
 * walking the central directory (found through the end-of-central-directory record).
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function fixZipTimes(zip: Buffer, at: {year: number; month: number; day: number}): Buffer {
  const out = Buffer.from(zip);
  const dosDate = ((at.year - 1980) << 9) | (at.month << 5) | at.day;
  const dosTime = 0;
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 65535); i--) {
    if (out.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file: no end-of-central-directory record");
  const count = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    if (out.readUInt32LE(p) !== CENTRAL) throw new Error(`zip central directory entry ${k} is malformed`);
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL) throw new Error(`zip local header ${k} is malformed`);
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
