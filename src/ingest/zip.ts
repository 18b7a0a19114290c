import {createReadStream} from "node:fs";
import {open} from "node:fs/promises";
import {Readable} from "node:stream";
import {createInflateRaw} from "node:zlib";

/**
 * Just enough of the zip format to stream the parts of an .xlsx: the central directory read
 * from the end of the file, then one part at a time through node's own inflate. No part is
 * ever held whole, however large the sheet.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
export const LOCAL = 0x04034b50;
// The end record is 22 bytes plus a comment of up to 65,535.
const TAIL = 22 + 0xffff;

/** Where the end of central directory record starts in `tail`, the file's last bytes; -1 when none. */
export function endRecordOffset(tail: Buffer): number {
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - TAIL); i--) if (tail.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** The offset of each of the `count` central directory entries in `dir`, the first at `start`. */
export function* centralEntries(dir: Buffer, start: number, count: number): Generator<number> {
  for (let p = start, i = 0; i < count; i++) {
    if (dir.readUInt32LE(p) !== CENTRAL) throw new Error(`a damaged central directory (entry ${i + 1})`);
    yield p;
    p += 46 + dir.readUInt16LE(p + 28) + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
}

/** The entries of the zip at `path`, by name. */
export async function zipEntries(path: string): Promise<Map<string, ZipEntry>> {
  const handle = await open(path, "r");
  try {
    const {size} = await handle.stat();
    const tailSize = Math.min(size, TAIL);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    const end = endRecordOffset(tail);
    if (end < 0) throw new Error("not a zip file (no end of central directory)");
    const count = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw new Error("a zip64 archive (over 4 GB), which Excel does not write for a sheet of tickets");
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const entries = new Map<string, ZipEntry>();
    for (const p of centralEntries(dir, 0, count)) {
      const name = dir.toString("utf8", p + 46, p + 46 + dir.readUInt16LE(p + 28));
      entries.set(name, {name, method: dir.readUInt16LE(p + 10), compressedSize: dir.readUInt32LE(p + 20), localHeaderOffset: dir.readUInt32LE(p + 42)});
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** One entry's uncompressed bytes, streamed. */
export async function entryStream(path: string, entry: ZipEntry): Promise<Readable> {
  const handle = await open(path, "r");
  let start: number;
  try {
    const local = Buffer.alloc(30);
    await handle.read(local, 0, 30, entry.localHeaderOffset);
    if (local.readUInt32LE(0) !== LOCAL) throw new Error(`a damaged entry ${entry.name}`);
    start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`${entry.name} is compressed with method ${entry.method}, not deflate`);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, {start, end: start + entry.compressedSize - 1, highWaterMark: 1 << 20});
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw({chunkSize: 1 << 20});
  raw.on("error", (error) => inflate.destroy(error));
  return raw.pipe(inflate);
}
