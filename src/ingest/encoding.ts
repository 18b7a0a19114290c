import {open} from "node:fs/promises";
import {Transform} from "node:stream";

export type TextEncodingName = "utf-8" | "gb18030";

const PROBE_BYTES = 256 * 1024;

/**
 * Chinese offices export CSV as UTF-8 (often with a BOM) or as GBK/GB18030, and never say
 * which. A strict UTF-8 decode of the first 256 KiB settles it: GB18030 text with any
 * Chinese in it is almost never valid UTF-8. GB18030 is a superset of GBK and GB2312.
 */
export function detectEncoding(prefix: Uint8Array): TextEncodingName {
  try {
    new TextDecoder("utf-8", {fatal: true}).decode(prefix, {stream: true});
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

export async function detectFileEncoding(path: string): Promise<TextEncodingName> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(PROBE_BYTES);
    const {bytesRead} = await handle.read(buffer, 0, PROBE_BYTES, 0);
    return detectEncoding(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Decodes a byte stream to text chunks, keeping multi-byte characters split across chunks whole. */
export function decodeStream(encoding: TextEncodingName): Transform {
  // A UTF-8 BOM is dropped here; csv-parse would otherwise see it in the first header.
  const decoder = new TextDecoder(encoding, {ignoreBOM: false});
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const text = decoder.decode(chunk, {stream: true});
      done(null, text === "" ? undefined : text);
    },
    flush(done) {
      const text = decoder.decode();
      done(null, text === "" ? undefined : text);
    }
  });
}
