/**
 * Reverse proxy to Framework's preview server, for the preview origin (preview-origin.ts) and `npm run dev`.
 * Framework's pages use absolute paths (`/_observablehq/...`, `/_npm/...`) and a WebSocket for live reload,
 * so every path is forwarded, HTTP and upgrades alike. HTML pages come back with `lang="nl"` and a zoomable
 * viewport, as the build's postbuild step makes them. Cookies and credentials are not forwarded: Framework
 * needs none, and it should never see Studio's.
 */
import {request as httpRequest, type IncomingMessage, type ServerResponse} from "node:http";
import {connect} from "node:net";
import type {Duplex} from "node:stream";
import {rewriteHtml} from "../../scripts/postbuild.js";

/** Forwards one HTTP request to `target` (e.g. http://127.0.0.1:4322). */
export function proxyRequest(target: URL, req: IncomingMessage, res: ServerResponse): void {
  // Uncompressed, so HTML can be rewritten.
  const {"accept-encoding": _encoding, ...headers} = upstreamHeaders(req, target);
  const upstream = httpRequest({hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers}, (up) => {
    if (!String(up.headers["content-type"] ?? "").startsWith("text/html")) {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    up.on("data", (c: Buffer) => chunks.push(c));
    up.on("end", () => {
      const body = rewriteHtml(Buffer.concat(chunks).toString("utf8"));
      const {"content-length": _length, ...upHeaders} = up.headers;
      res.writeHead(up.statusCode ?? 502, {...upHeaders, "content-length": Buffer.byteLength(body)});
      res.end(body);
    });
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, {"content-type": "text/plain; charset=utf-8"});
    res.end("Het voorbeeld is (nog) niet beschikbaar.");
  });
  req.pipe(upstream);
}

/** Forwards a WebSocket upgrade byte for byte. */
export function proxyUpgrade(target: URL, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const upstream = connect(Number(target.port), target.hostname, () => {
    const headers = Object.entries(upstreamHeaders(req, target))
      .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}: ${x}`) : [`${k}: ${v}`]))
      .join("\r\n");
    upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  const end = () => {
    upstream.destroy();
    socket.destroy();
  };
  upstream.on("error", end);
  socket.on("error", end);
  socket.on("close", end);
  upstream.on("close", end);
}

function upstreamHeaders(req: IncomingMessage, target: URL): IncomingMessage["headers"] {
  const {cookie: _cookie, authorization: _authorization, ...rest} = req.headers;
  return {...rest, host: target.host};
}
