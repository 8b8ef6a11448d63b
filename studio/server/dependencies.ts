/**
 * What a Yjs update depends on, and whether it changes anything, read from its decoded structs alone (no copy
 * of the document). The guard holds back an update with missing dependencies and re-checks it only once the
 * document (or the sender's own admitted updates) has reached what it needs; and it lets a frame that changes
 * nothing pass without the costly check, so such frames cost as much as they are long, whatever the document.
 */
import * as Y from "yjs";
import type {DecodedUpdate} from "./access.js";

/** Per client, the clock the document must have reached (`Y.getState`) for the update to apply completely. */
export type Needs = Map<number, number>;

/**
 * The update's dependencies: no gap before its first struct of each client (nor at a Skip), every item it
 * refers to (origin, right origin, parent) and every item it deletes, unless the update itself holds it. A need
 * that the update's own run of structs covers reduces to that run's start.
 */
export function needsOf({structs, ds}: DecodedUpdate): Needs {
  const first = new Map<number, number>();
  /** End of the run of structs from `first` without a Skip. */
  const reach = new Map<number, number>();
  const carried = new Map<number, Array<[number, number]>>();
  const raw: Array<[number, number]> = [];
  for (const struct of structs) {
    const {client, clock} = struct.id;
    const end = clock + struct.length;
    if (struct instanceof Y.Skip) {
      raw.push([client, end]);
      continue;
    }
    if (!first.has(client)) {
      first.set(client, clock);
      reach.set(client, end);
      raw.push([client, clock]);
    } else if (reach.get(client) === clock) reach.set(client, end);
    const list = carried.get(client) ?? [];
    list.push([clock, end]);
    carried.set(client, list);
  }
  const carries = (client: number, clock: number) => (carried.get(client) ?? []).some(([from, to]) => clock >= from && clock < to);
  const refer = (id: Y.ID | null) => {
    if (id && !carries(id.client, id.clock)) raw.push([id.client, id.clock + 1]);
  };
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    refer(struct.origin);
    refer(struct.rightOrigin);
    if (struct.parent instanceof Y.ID) refer(struct.parent);
  }
  for (const [client, ranges] of ds.clients) {
    for (const {clock, len} of ranges) if (len > 0 && !(carries(client, clock) && carries(client, clock + len - 1))) raw.push([client, clock + len]);
  }
  const needs: Needs = new Map();
  for (const [client, clock] of raw) {
    const start = first.get(client);
    const n = start !== undefined && clock <= reach.get(client)! ? start : clock;
    if (n > (needs.get(client) ?? 0)) needs.set(client, n);
  }
  return needs;
}

/** True when `state(client)` has reached every need. */
export function satisfied(needs: Needs, state: (client: number) => number): boolean {
  for (const [client, clock] of needs) if (state(client) < clock) return false;
  return true;
}

/**
 * True when applying the update to `doc` would change nothing: the document has every struct already and every
 * item it deletes is deleted. A provider's sync step 2 after a reconnect often is such an update (it repeats the
 * whole delete set). Costs the length of the update, not of the document.
 */
export function changesNothing(doc: Y.Doc, {structs, ds}: DecodedUpdate): boolean {
  const store = doc.store;
  for (const struct of structs) if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return false;
  for (const [client, ranges] of ds.clients) {
    const live = store.clients.get(client);
    for (const {clock, len} of ranges) {
      if (len === 0) continue;
      if (!live || clock + len > Y.getState(store, client)) return false;
      for (let i = Y.findIndexSS(live, clock); i < live.length && live[i].id.clock < clock + len; i++) {
        if (!live[i].deleted) return false;
      }
    }
  }
  return true;
}
