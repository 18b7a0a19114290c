import {HotlineError} from "../errors.ts";

/**
 * GB18030 encoding for the CSV export. Node ships a GB18030 decoder but no encoder, so the
 * table is built once by decoding every two-byte GBK code and inverting the result. Text
 * outside the two-byte range (rare CJK extensions, emoji) is refused rather than written
 * as a wrong byte sequence.
 */
let table: Map<number, number> | undefined;

function encodingTable(): Map<number, number> {
  if (table) return table;
  const decoder = new TextDecoder("gb18030", {fatal: false});
  const map = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      if (text.length !== 1) continue;
      const code = text.charCodeAt(0);
      if (code === 0xfffd || (code >= 0xe000 && code <= 0xf8ff)) continue; // unmapped or private use
      if (!map.has(code)) map.set(code, (lead << 8) | trail);
    }
  }
  table = map;
  return map;
}

export function encodeGb18030(text: string): Buffer {
  const map = encodingTable();
  const out = Buffer.alloc(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    const bytes = map.get(code);
    if (bytes === undefined) {
      throw new HotlineError(`cannot encode ${JSON.stringify(text[i])} (U+${code.toString(16).toUpperCase().padStart(4, "0")}) in GB18030 two-byte form; remove the character or write UTF-8`);
    }
    out[n++] = bytes >> 8;
    out[n++] = bytes & 0xff;
  }
  return out.subarray(0, n);
}
