/**
 * A small static server for the built site (dist/) on 127.0.0.1: what `npm run serve` and the
 * browser test use. Serves `/reports/2023-04` from `reports/2023-04.html` as Framework's
 * clean URLs expect; never follows a path out of the root. Compresses (brotli, else gzip; each
 * file once, kept in memory), answers ETag revalidations with 304, and lets browsers keep
 * content-hashed and version-pinned files for a year (the README gives the same for nginx).
 */
import {createReadStream, existsSync, readFileSync, statSync} from "node:fs";
import {createServer, type IncomingMessage, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, resolve, sep} from "node:path";
import {brotliCompressSync, constants, gzipSync} from "node:zlib";
import {ROOT} from "../src/paths.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.stream",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ".tar": "application/x-tar"
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".csv", ".md", ".arrow", ".wasm", ".svg", ".txt", ".tar"]);

/** Framework names built assets `name.<8 hex>.ext` and npm files `/_npm/name@version/…`: both never change. */
function isImmutable(urlPath: string): boolean {
  return /\.[0-9a-f]{8}\.\w+$/.test(urlPath) || urlPath.startsWith("/_npm/");
}

function locate(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  const candidates = [full, `${full}.html`, join(full, "index.html")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function encodingOf(req: IncomingMessage): "br" | "gzip" | undefined {
  const accepted = String(req.headers["accept-encoding"] ?? "");
  return /\bbr\b/.test(accepted) ? "br" : /\bgzip\b/.test(accepted) ? "gzip" : undefined;
}

/** Whether `port` can be listened on, so a taken port is reported before any work is done. */
export async function portFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  const probe = createServer();
  return new Promise((ok) => {
    probe.once("error", () => ok(false));
    probe.listen(port, host, () => probe.close(() => ok(true)));
  });
}

export async function serveStatic(root = join(ROOT, "dist"), port = 0, host = "127.0.0.1"): Promise<{server: Server; url: string}> {
  const base = resolve(root);
  if (!existsSync(join(base, "index.html"))) throw new Error(`no built site in ${base}: run npm run build first`);
  // Compressed bodies by file, encoding, size and mtime: a rebuilt file is compressed again.
  const compressed = new Map<string, Buffer>();
  const server = createServer((req, res) => {
    const urlPath = (req.url ?? "/").split("?")[0]!;
    const file = locate(base, urlPath);
    if (!file) {
      const notFound = join(base, "404.html");
      res.writeHead(404, {"content-type": TYPES[".html"]});
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end("not found");
      return;
    }
    const stat = statSync(file);
    const ext = extname(file);
    const encoding = COMPRESSIBLE.has(ext) && stat.size > 1024 ? encodingOf(req) : undefined;
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ""}"`;
    const headers: Record<string, string> = {
      "content-type": TYPES[ext] ?? "application/octet-stream",
      "cache-control": isImmutable(urlPath) ? "public, max-age=31536000, immutable" : "no-cache",
      etag,
      vary: "accept-encoding"
    };
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    if (!encoding) {
      res.writeHead(200, {...headers, "content-length": String(stat.size)});
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
      return;
    }
    const key = `${file}|${etag}`;
    let body = compressed.get(key);
    if (!body) {
      const raw = readFileSync(file);
      // Quality 5 compresses DuckDB-Wasm's 36 MB in about a second, within 5% of the best.
      body = encoding === "br"
        ? brotliCompressSync(raw, {params: {[constants.BROTLI_PARAM_QUALITY]: raw.length > 1 << 20 ? 5 : 9, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length}})
        : gzipSync(raw, {level: 6});
      compressed.set(key, body);
    }
    res.writeHead(200, {...headers, "content-encoding": encoding, "content-length": String(body.length)});
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, ok);
  });
  const {port: bound} = server.address() as AddressInfo;
  return {server, url: `http://${host}:${bound}/`};
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const port = Number(process.env.PORT ?? 3000);
  const {url} = await serveStatic(join(ROOT, "dist"), port);
  console.log(`serving dist/ at ${url} (Ctrl-C to stop)`);
}
