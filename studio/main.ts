/**
 * `npm run studio`: the collaboration server plus Framework's live preview behind one URL.
 *
 *   tsx studio/main.ts [--root .] [--host 127.0.0.1] [--port 4321] [--users studio/users.json] [--no-preview]
 *
 * Users come from STUDIO_USERS (JSON) or the users file; see studio/README.md. Without either, a one-off
 * editor token for the local user is generated and included in the printed URL.
 */
import {appendFileSync, mkdirSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {loadUsers, newToken, Users} from "./server/auth.js";
import {startStudio} from "./server/server.js";
import {freePort, startPreview} from "./preview.js";

const {values} = parseArgs({
  options: {
    root: {type: "string", default: process.cwd()},
    host: {type: "string", default: process.env.STUDIO_HOST ?? "127.0.0.1"},
    port: {type: "string", default: process.env.STUDIO_PORT ?? "4321"},
    users: {type: "string"},
    database: {type: "string"},
    "no-preview": {type: "boolean", default: false},
    "write-delay": {type: "string"}
  }
});

const root = resolve(values.root!);
const logDir = join(root, ".buurtboek");
mkdirSync(logDir, {recursive: true});
const logFile = join(logDir, "studio.log");
const log = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);

let users = loadUsers(resolve(root, values.users ?? "studio/users.json"));
let token: string | null = null;
if (!users || users.size === 0) {
  token = newToken();
  users = new Users([{id: "lokaal", name: process.env.USER ?? "Lokale gebruiker", role: "editor", token}]);
}

let previewUrl: string | null = null;
let preview: ReturnType<typeof startPreview> | null = null;
if (!values["no-preview"]) {
  const port = await freePort();
  preview = startPreview(root, port, log);
  previewUrl = `http://127.0.0.1:${port}`;
}

const studio = await startStudio({
  root,
  users,
  host: values.host,
  port: Number(values.port),
  previewUrl,
  database: values.database ? resolve(values.database) : undefined,
  files: values["write-delay"] ? {writeDelayMs: Number(values["write-delay"]), maxWriteDelayMs: Math.max(2000, Number(values["write-delay"]))} : undefined,
  log
});

// The one line people need; tests parse it too.
console.log(`Buurtboek Studio: ${studio.url}${token ? `#token=${token}` : ""}`);

const stop = async () => {
  preview?.kill("SIGTERM");
  await studio.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
