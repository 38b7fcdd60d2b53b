/**
 * Watch: a chunked stream of newline-delimited JSON events (ADDED / MODIFIED / DELETED / BOOKMARK / ERROR),
 * as kube-apiserver streams them. Events come from the store's history (`rev > ? ORDER BY rev`) and then
 * live from its commit listener; both steps run in one synchronous section so no revision falls between.
 */

import { type Change, type KvStore, prefixRange, StoreError } from "../durable/store/kv-store";
import { StatusError } from "../kube/errors";
import type { KObject } from "../kube/object";
import { apiVersionOf, type KindDeclaration } from "../kube/registry/kind";
import { storageKey, storagePrefix } from "../kube/registry/registry";
import { type ListFilter, matchesFilter } from "./list-filter";
import type { Rendering } from "./negotiation";
import { renderTable } from "./render";
import { fromStorage } from "./resource-store";

export interface WatchOptions {
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  /** How often to send BOOKMARK events when allowed (kube: about once a minute). */
  bookmarkIntervalMs: number;
  /** Events queued for a slow client before the server gives up on it (kube closes such watches). */
  maxQueued?: number;
}

type EventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";

const encoder = new TextEncoder();

export function watchResponse(
  kv: KvStore,
  decl: KindDeclaration,
  namespace: string | undefined,
  filter: ListFilter,
  opts: WatchOptions,
  rendering: Rendering,
  now: () => number,
  headers: Record<string, string>,
): Response {
  const range = prefixRange(storagePrefix(decl, namespace));
  let firstTable = true;
  let unsubscribe: (() => void) | undefined;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let closed = false;
  let lastRev = 0;

  const render = (obj: KObject): unknown => {
    if (rendering.as === "table") {
      const t = renderTable(
        decl,
        [obj],
        now(),
        rendering,
        { resourceVersion: obj.metadata.resourceVersion ?? "" },
        firstTable,
      );
      firstTable = false;
      return t;
    }
    if (rendering.as === "metadata") {
      return { kind: "PartialObjectMetadata", apiVersion: `meta.k8s.io/${rendering.version}`, metadata: obj.metadata };
    }
    return obj;
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (type: EventType, object: unknown) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`${JSON.stringify({ type, object })}\n`));
        if (opts.maxQueued && (controller.desiredSize ?? 0) < -opts.maxQueued) close();
      };
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        for (const t of timers) clearTimeout(t);
        timers = [];
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const bookmark = (initialEnd = false) => {
        const metadata: Record<string, unknown> = { resourceVersion: String(Math.max(lastRev, kv.revision())) };
        if (initialEnd) metadata.annotations = { "k8s.io/initial-events-end": "true" };
        send("BOOKMARK", { kind: decl.kind, apiVersion: apiVersionOf(decl), metadata });
      };
      const deliver = (raw: Change) => {
        if (raw.rev <= lastRev) return;
        lastRev = raw.rev;
        const c: Change = decl.storedAs
          ? { ...raw, object: fromStorage(decl, raw.object), prev: raw.prev && fromStorage(decl, raw.prev) }
          : raw;
        const now = matchesFilter(decl, c.object, filter);
        const before = c.prev !== undefined && c.type !== "ADDED" && matchesFilter(decl, c.prev, filter);
        // A selector turns transitions into ADDED/DELETED, as kube's filtered watches do.
        if (c.type === "DELETED") {
          if (before || (c.prev === undefined && now)) send("DELETED", render(c.object));
        } else if (c.type === "ADDED") {
          if (now) send("ADDED", render(c.object));
        } else if (now && before) send("MODIFIED", render(c.object));
        else if (now) send("ADDED", render(c.object));
        else if (before) send("DELETED", render(c.object));
      };

      // 1. Starting point.
      const rvParam = opts.resourceVersion;
      let from: number;
      try {
        if (!rvParam || rvParam === "0" || opts.sendInitialEvents) {
          // "Get state and start at most recent": synthetic ADDED for every current object.
          from = kv.revision();
          let afterKey: string | undefined;
          for (;;) {
            const page = kv.list(range, { afterKey, limit: 500 });
            for (const it of page.items) {
              afterKey = storageKey(decl, it.object.metadata.namespace, it.object.metadata.name ?? "");
              const obj = fromStorage(decl, it.object);
              if (matchesFilter(decl, obj, filter)) send("ADDED", render(obj));
            }
            if (!page.more) break;
          }
          lastRev = from;
          if (opts.sendInitialEvents && opts.allowBookmarks) bookmark(true);
        } else {
          from = Number(rvParam);
          if (!Number.isInteger(from) || from < 0) {
            throw new StatusError(400, "BadRequest", `invalid resource version: ${JSON.stringify(rvParam)}`);
          }
          lastRev = from;
          // 2. History after the starting revision, then live changes (same synchronous section).
          for (;;) {
            const batch = kv.changesSince(lastRev, range, 1000);
            for (const c of batch) deliver(c);
            if (batch.length < 1000) break;
          }
          lastRev = Math.max(lastRev, kv.revision());
        }
      } catch (e) {
        if (e instanceof StoreError && e.code === "Compacted") {
          send("ERROR", {
            kind: "Status",
            apiVersion: "v1",
            metadata: {},
            status: "Failure",
            message: `too old resource version: ${rvParam} (${kv.compactedRevision()})`,
            reason: "Expired",
            code: 410,
          });
        } else if (e instanceof StatusError) {
          send("ERROR", e.toStatus());
        } else {
          throw e;
        }
        close();
        return;
      }
      unsubscribe = kv.subscribe((changes) => {
        for (const c of changes) {
          if (c.key >= range.start && c.key < range.end) deliver(c);
        }
      });

      // 3. Timeout (kube picks 30-60 minutes when the client gives none) and periodic bookmarks.
      const timeoutMs = (opts.timeoutSeconds ?? 1800 * (1 + Math.random())) * 1000;
      timers.push(
        setTimeout(() => {
          if (opts.allowBookmarks) bookmark();
          close();
        }, timeoutMs),
      );
      if (opts.allowBookmarks && opts.bookmarkIntervalMs > 0 && opts.bookmarkIntervalMs < timeoutMs) {
        const tick = () => {
          if (closed) return;
          bookmark();
          timers.push(setTimeout(tick, opts.bookmarkIntervalMs));
        };
        timers.push(setTimeout(tick, opts.bookmarkIntervalMs));
      }
    },
    cancel() {
      closed = true;
      unsubscribe?.();
      for (const t of timers) clearTimeout(t);
    },
  });

  return new Response(stream, {
    status: 200,
    // `identity` keeps every proxy on the way (wrangler's dev server, Cloudflare's edge) from gzip-compressing
    // the stream, which would hold events back until a compression block fills.
    headers: {
      "Content-Type": "application/json",
      "Content-Encoding": "identity",
      "Cache-Control": "no-cache, private",
      ...headers,
    },
  });
}
