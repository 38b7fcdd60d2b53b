/**
 * The event recorder controllers and simulated kubelets use, shaped like client-go's: an Event per
 * (object, type, reason, message, source), created once and then counted (count, lastTimestamp) when it
 * repeats, which is what `kubectl describe` folds into "x3 over 2m".
 *
 * Repeats are found through an in-memory index (rebuilt lazily after a restart by looking the event up in
 * the store), so a busy controller does not scan the namespace's events on every call.
 */

import type { ResourceStore } from "../apiserver/resource-store";
import { rfc3339 } from "../apiserver/time";
import type { KObject } from "../kube/object";
import type { Registry } from "../kube/registry/registry";
import type { Clock } from "./clock";

export type EventType = "Normal" | "Warning";

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventRecorder {
  /** fieldPath points into the object, e.g. `spec.containers{nginx}` for a container's events. */
  record(obj: KObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void;
}

const MAX_INDEX = 5000;

type Involved = { uid?: string; fieldPath?: string };

function signature(
  namespace: string,
  uid: string | undefined,
  fieldPath: string | undefined,
  type: string,
  reason: string,
  component: string,
  host: string | undefined,
  message: string,
): string {
  return `${namespace}/${uid}/${fieldPath ?? ""}/${type}/${reason}/${component}/${host ?? ""}/${message}`;
}

export function eventRecorder(store: ResourceStore, registry: Registry, clock: Clock): EventRecorder {
  const index = new Map<string, string>();
  let loaded = false;
  let seq = 0;
  /** After a restart, the events already stored (at most an hour's worth: see event-ttl.ts) seed the index,
   * so repeats keep counting on the same Event instead of starting new ones. */
  const load = () => {
    loaded = true;
    const decl = registry.byResource("", "events");
    if (!decl) return;
    for (const e of store.list(decl, undefined, { filter: {} }).items) {
      const inv = (e.involvedObject ?? {}) as Involved;
      const src = (e.source ?? {}) as { component?: string; host?: string };
      const sig = signature(
        String(e.metadata.namespace),
        inv.uid,
        inv.fieldPath,
        String(e.type),
        String(e.reason),
        String(src.component ?? e.reportingComponent ?? ""),
        src.host,
        String(e.message),
      );
      if (index.size < MAX_INDEX) index.set(sig, String(e.metadata.name));
    }
  };
  return {
    record(obj, type, reason, message, source, fieldPath) {
      const decl = registry.byResource("", "events");
      if (!decl) return;
      if (!loaded) load();
      const meta = obj.metadata;
      const namespace = meta.namespace || "default";
      const now = clock.now();
      const ts = rfc3339(now);
      const sig = signature(namespace, meta.uid, fieldPath, type, reason, source.component, source.host, message);
      const existing = index.get(sig);
      if (existing) {
        const cur = store.tryGet(decl, namespace, existing);
        if (cur) {
          store.update(
            decl,
            namespace,
            existing,
            { ...cur, count: Number(cur.count ?? 1) + 1, lastTimestamp: ts },
            { dryRun: false, fieldManager: source.component, skipManagedFields: true },
          );
          return;
        }
      }
      // Event names are the object's name and a hex timestamp (client-go uses UnixNano).
      const nanos = BigInt(now) * 1_000_000n + BigInt(seq++ % 1_000_000);
      const name = `${meta.name}.${nanos.toString(16)}`;
      const event: KObject = {
        apiVersion: "v1",
        kind: "Event",
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: meta.name,
          namespace: meta.namespace,
          uid: meta.uid,
          resourceVersion: meta.resourceVersion,
          ...(fieldPath ? { fieldPath } : {}),
        },
        reason,
        message,
        source: source.host ? { component: source.component, host: source.host } : { component: source.component },
        firstTimestamp: ts,
        lastTimestamp: ts,
        count: 1,
        type,
        eventTime: null,
        reportingComponent: source.component,
        reportingInstance: source.host ?? "",
      };
      if (!meta.namespace) delete (event.involvedObject as Record<string, unknown>).namespace;
      try {
        store.create(decl, namespace, event, {
          dryRun: false,
          fieldManager: source.component,
          skipManagedFields: true,
        });
      } catch (e) {
        // Events are best effort, as in client-go: a terminating namespace or a full cluster drops them.
        if (!(e instanceof Error && "code" in e)) throw e;
        return;
      }
      if (index.size >= MAX_INDEX) index.delete(index.keys().next().value as string);
      index.set(sig, name);
    },
  };
}
