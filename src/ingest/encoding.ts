import {isUtf8} from "node:buffer";
import {Transform} from "node:stream";

export type TextEncodingName = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/** How much of a file's head settles its encoding. */
export const PROBE_BYTES = 256 * 1024;

/**
 * Chinese offices export CSV as UTF-8 (often with a BOM) or as GBK/GB18030, and never say
 * which. A strict UTF-8 decode of the first 256 KiB (PROBE_BYTES) settles it: GB18030 text with any
 * Chinese in it is almost never valid UTF-8. GB18030 is a superset of GBK and GB2312.
 */
export function detectEncoding(prefix: Uint8Array): TextEncodingName {
  // Excel's "Unicode text" export is UTF-16 with a BOM.
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return "utf-16le";
  if (prefix[0] === 0xfe && prefix[1] === 0xff) return "utf-16be";
  try {
    new TextDecoder("utf-8", {fatal: true}).decode(prefix, {stream: true});
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

/** Decodes a byte stream to text chunks, keeping multi-byte characters split across chunks whole. */
export function decodeStream(encoding: TextEncodingName): Transform {
  if (encoding === "gb18030") return decodeMixedLines();
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

/**
 * A file that is not valid UTF-8 is decoded line by line: a line that is valid UTF-8 (a row
 * pasted in from another export, or every line but one Latin-1 byte) stays UTF-8, the rest
 * is GB18030. Decoding the whole file as GB18030 would garble every UTF-8 line, silently.
 * 0x0A is never part of a GB18030 character, so splitting at newline bytes is safe. A UTF-8
 * BOM in front is dropped.
 */
function decodeMixedLines(): Transform {
  const gb = new TextDecoder("gb18030");
  const utf8 = new TextDecoder("utf-8");
  let carry: Buffer = Buffer.alloc(0);
  let first = true;
  const decode = (bytes: Buffer) => (looksUtf8(bytes) ? utf8 : gb).decode(bytes);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      let bytes: Buffer = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      if (first && bytes.length >= 3) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      const end = bytes.lastIndexOf(0x0a) + 1;
      carry = Buffer.from(bytes.subarray(end));
      let text = "";
      let start = 0;
      while (start < end) {
        const next = bytes.indexOf(0x0a, start) + 1;
        text += decode(bytes.subarray(start, next));
        start = next;
      }
      done(null, text === "" ? undefined : text);
    },
    flush(done) {
      if (first && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) carry = carry.subarray(3);
      const text = carry.length ? decode(carry) : "";
      done(null, text === "" ? undefined : text);
    }
  });
}

/**
 * A line of a GB18030 file that is really UTF-8: valid UTF-8 whose characters are mostly
 * three- or four-byte ones (Chinese). A short GB18030 line can be valid UTF-8 by chance
 * (业 = D2 B5 = "ҵ"), but then as two-byte characters (Cyrillic, Greek...), which a Chinese
 * export does not hold.
 */
function looksUtf8(bytes: Uint8Array): boolean {
  if (!isUtf8(bytes)) return false;
  let wide = 0;
  let narrow = 0;
  for (const b of bytes) {
    if (b >= 0xe0) wide++;
    else if (b >= 0xc0) narrow++;
  }
  return wide > narrow;
}
