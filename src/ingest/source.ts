import {createHash} from "node:crypto";
import {createReadStream} from "node:fs";
import {open} from "node:fs/promises";
import {basename} from "node:path";
import {Transform, type Readable} from "node:stream";
import {HotlineError} from "../errors.ts";

const HEAD_BYTES = 4096;
// Larger than the 64 KiB default: a CSV is scanned and hashed in one pass of its own, where
// fewer, larger chunks cost less per byte.
const CHUNK_BYTES = 1 << 20;

/**
 * One input file. A reader takes the file's bytes from `bytes()`, which hashes them as they
 * pass the first time, so the batch's content hash costs no second reading; `sha256()` reads
 * only what that first reading left (all of it for a reader that opens the path itself).
 */
export class FileSource {
  readonly name: string;
  /** The file's first bytes (up to 4 KiB), which say what it really is (see sniff.ts). */
  readonly head: Buffer;
  private readonly hash = createHash("sha256");
  private consumed = 0;
  private stream: Readable | undefined;

  private constructor(readonly path: string, head: Buffer) {
    this.name = basename(path);
    this.head = head;
  }

  /** Fails here, clearly, for a file that cannot be opened. */
  static async open(path: string): Promise<FileSource> {
    let head: Buffer;
    try {
      const handle = await open(path, "r");
      try {
        const {bytesRead, buffer} = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
        head = buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw new HotlineError(`${basename(path)}: cannot read (${(error as Error).message})`, {file: basename(path)});
    }
    return new FileSource(path, head);
  }

  /**
   * The file's bytes from the start, as Buffers. Only a CSV asks twice: once to check its
   * shape (see csv-scan.ts), then for its header rows, or all rows when DuckDB cannot take it.
   */
  bytes(): Readable {
    if (this.stream) return createReadStream(this.path);
    const source = this;
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        source.hash.update(chunk);
        source.consumed += chunk.length;
        done(null, chunk);
      }
    });
    const file = createReadStream(this.path, {highWaterMark: CHUNK_BYTES});
    file.on("error", (error) => hashing.destroy(error));
    hashing.on("close", () => file.destroy());
    this.stream = file.pipe(hashing);
    return this.stream;
  }

  /** The whole file's SHA-256, once the reader is done with it. */
  async sha256(): Promise<string> {
    // Nothing more passes the reader's stream once it is stopped here.
    this.stream?.destroy();
    for await (const chunk of createReadStream(this.path, {start: this.consumed})) this.hash.update(chunk as Buffer);
    return this.hash.digest("hex");
  }
}
