/** Moved to tests/fixtures/kwb-test.ts; re-exported for branches written before the move. */
export * from "../fixtures/kwb-test.js";
