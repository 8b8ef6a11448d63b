/**
 * `npm run studio`: the collaboration server, plus Framework's live preview on an origin of its own.
 *
 *   tsx studio/main.ts [--root .] [--host 127.0.0.1] [--port 4321] [--preview-port 0] [--users studio/users.json]
 *                      [--database <sqlite file>] [--no-preview] [--write-delay <ms>]
 *
 * Users come from STUDIO_USERS (JSON, fixed for the process) or the users file, which is watched (even before it
 * exists) and re-read whenever it changes; see studio/README.md. Without users, a one-off editor token for the
 * local user is generated and included in the printed URL, until the file names people. Several instances:
 * STUDIO_DATABASE_URL (PostgreSQL) and STUDIO_REDIS_URL. Publications build with the data folder
 * BUURTBOEK_DATA_DIR (default <root>/data) into <root>/published/.
 */
import {appendFileSync, mkdirSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {loadUsers, newToken, Users, watchUsers} from "./server/auth.js";
import {startStudio} from "./server/server.js";
import {freePort, prepareWorkspace, startPreview} from "./preview.js";

const {values} = parseArgs({
  options: {
    root: {type: "string", default: process.cwd()},
    host: {type: "string", default: process.env.STUDIO_HOST ?? "127.0.0.1"},
    port: {type: "string", default: process.env.STUDIO_PORT ?? "4321"},
    "preview-port": {type: "string", default: process.env.STUDIO_PREVIEW_PORT ?? "0"},
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

const fail = (message: string): never => {
  console.error(`Buurtboek Studio: ${message}`);
  process.exit(1);
};

const usersFile = resolve(root, values.users ?? "studio/users.json");
let users: Users | null = null;
try {
  users = loadUsers(usersFile);
} catch (error) {
  fail((error as Error).message);
}
let token: string | null = null;
let stopWatching = () => {};
if (!users || users.size === 0) {
  token = newToken();
  users = new Users([{id: "lokaal", name: process.env.USER ?? "Lokale gebruiker", role: "editor", token}]);
}
if (!process.env.STUDIO_USERS) {
  // Added, removed or re-roled users take effect at once; open sockets of changed users are re-checked. Also
  // when the file does not exist yet: the first users can be added without a restart (the one-off token then
  // stops working).
  console.log(`Buurtboek Studio: users from ${usersFile} (watched for changes)`);
  stopWatching = watchUsers(usersFile, users, {
    onError(message) {
      log(message);
      console.error(`Buurtboek Studio: ${message}`);
    },
    onReload(current) {
      const line = `users reloaded from ${usersFile}: ${current.size} ${current.size === 1 ? "person" : "people"}`;
      log(line);
      console.log(`Buurtboek Studio: ${line}`);
    }
  });
}

let previewUrl: string | null = null;
let preview: ReturnType<typeof startPreview> | null = null;
if (!values["no-preview"]) {
  await prepareWorkspace(root).catch((error: Error) => fail(error.message));
  const port = await freePort();
  preview = startPreview(root, port, log);
  previewUrl = `http://127.0.0.1:${port}`;
}

const env = process.env;
const studio = await startStudio({
  root,
  users,
  host: values.host,
  port: Number(values.port),
  previewUrl,
  previewPort: Number(values["preview-port"]),
  previewPublicUrl: env.STUDIO_PREVIEW_URL,
  database: values.database ? resolve(values.database) : undefined,
  databaseUrl: env.STUDIO_DATABASE_URL,
  redisUrl: env.STUDIO_REDIS_URL,
  instanceId: env.STUDIO_INSTANCE,
  leaseMs: env.STUDIO_LEASE_MS ? Number(env.STUDIO_LEASE_MS) : undefined,
  secret: env.STUDIO_SECRET,
  staleBuildMs: env.STUDIO_BUILD_STALE_MS ? Number(env.STUDIO_BUILD_STALE_MS) : undefined,
  files: values["write-delay"] ? {writeDelayMs: Number(values["write-delay"]), maxWriteDelayMs: Math.max(2000, Number(values["write-delay"]))} : undefined,
  log
}).catch((error: Error) => fail(error.message));

// The one line people need; tests parse it too.
console.log(`Buurtboek Studio: ${studio.url}${token ? `#token=${token}` : ""}`);

const stop = async () => {
  stopWatching();
  preview?.kill("SIGTERM");
  await studio.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
