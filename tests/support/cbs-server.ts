/** One CBS fixture server per test file (or `describe`), started before its tests and closed after them. */
import {afterAll, beforeAll} from "vitest";
import {startCbsServer, type CbsServer, type CbsServerOptions} from "../fixtures/cbs-server.js";

/** The running fixture server and the environment that points the CBS client and the command at it. */
export interface CbsServerHandle {
  server: CbsServer;
  /** `CBS_ODATA_V3_URL` and `CBS_ODATA_V4_URL` set to the server. */
  env: Record<string, string>;
}

/**
 * Starts the fixture server with `options` in `beforeAll` and closes it in `afterAll` of the calling scope.
 * Read `server` and `env` inside tests and hooks, not at collection time.
 */
export function useCbsServer(options: CbsServerOptions | (() => CbsServerOptions)): CbsServerHandle {
  const t = {server: undefined as unknown as CbsServer, env: {} as Record<string, string>};
  beforeAll(async () => {
    t.server = await startCbsServer(typeof options === "function" ? options() : options);
    t.env = {CBS_ODATA_V3_URL: t.server.url, CBS_ODATA_V4_URL: t.server.url};
  });
  afterAll(async () => {
    await t.server?.close();
  });
  return t;
}
