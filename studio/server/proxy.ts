/**
 * Reverse proxy to Framework's preview server, so the editor and the rendered page share one origin and
 * one URL. Framework's pages use absolute paths (`/_observablehq/...`, `/_npm/...`) and a WebSocket for live
 * reload, so the proxy forwards every path Studio does not own, HTTP and upgrades alike.
 */
import {request as httpRequest, type IncomingMessage, type ServerResponse} from "node:http";
import {connect} from "node:net";
import type {Duplex} from "node:stream";

/** Forwards one HTTP request to `target` (e.g. http://127.0.0.1:4322). */
export function proxyRequest(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = httpRequest(
    {hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: {...req.headers, host: target.host}},
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    }
  );
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502, {"content-type": "text/plain; charset=utf-8"});
    res.end("Het voorbeeld is (nog) niet beschikbaar.");
  });
  req.pipe(upstream);
}

/** Forwards a WebSocket upgrade byte for byte. */
export function proxyUpgrade(target: URL, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const upstream = connect(Number(target.port), target.hostname, () => {
    const headers = Object.entries({...req.headers, host: target.host})
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
