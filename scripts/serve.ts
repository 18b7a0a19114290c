/**
 * A small static server for the built site (dist/) on 127.0.0.1: what `npm run serve` and the
 * browser test use. Serves `/reports/2023-04` from `reports/2023-04.html` as Framework's
 * clean URLs expect; never follows a path out of the root.
 */
import {createReadStream, existsSync, statSync} from "node:fs";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, resolve, sep} from "node:path";
import {ROOT} from "../src/paths.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".arrow": "application/vnd.apache.arrow.file",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8"
};

function locate(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return undefined;
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  const candidates = [full, `${full}.html`, join(full, "index.html")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

export async function serveStatic(root = join(ROOT, "dist"), port = 0, host = "127.0.0.1"): Promise<{server: Server; url: string}> {
  const base = resolve(root);
  if (!existsSync(join(base, "index.html"))) throw new Error(`no built site in ${base}: run npm run build first`);
  const server = createServer((req, res) => {
    const file = locate(base, req.url ?? "/");
    if (!file) {
      const notFound = join(base, "404.html");
      res.writeHead(404, {"content-type": TYPES[".html"]});
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end("not found");
      return;
    }
    res.writeHead(200, {"content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache"});
    createReadStream(file).pipe(res);
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
