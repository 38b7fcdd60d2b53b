/**
 * pods/log responses: plain text like the kubelet serves, and with `follow=true` a stream that keeps
 * emitting the container's lines as cluster time passes (polled every ~500 ms of wall time, so in virtual
 * clock mode lines appear when time is advanced) until the container stops, the pod goes away or the client
 * disconnects.
 */
import type { ResourceStore } from "../apiserver/resource-store";
import type { KObject } from "../kube/object";
import type { KindDeclaration } from "../kube/registry/kind";
import {
  formatLines,
  type LogQuery,
  limitBytes,
  linesBetween,
  logSource,
  pickContainer,
  podLogText,
  sinceOf,
} from "./logs";
import { KubeletTables } from "./state-store";
import type { Program } from "./types";

export const FOLLOW_POLL_MS = 500;

const TEXT_HEADERS = { "Content-Type": "text/plain", "Cache-Control": "no-cache, private" };

export function logResponse(
  store: ResourceStore,
  decl: KindDeclaration,
  program: Program,
  pod: KObject,
  q: LogQuery,
  now: () => number,
): Response {
  if (!q.follow) return new Response(podLogText(store.kv, program, pod, q, now()), { headers: TEXT_HEADERS });
  // Validation errors surface before the stream starts, as the API server answers them.
  const first = podLogText(store.kv, program, pod, q, now());
  const container = pickContainer(pod, q.container);
  const src = logSource(store.kv, program, pod, container, q.previous);
  const tables = new KubeletTables(store.kv);
  const encoder = new TextEncoder();
  let cursor = Math.max(now(), sinceOf(q, now()) ?? Number.NEGATIVE_INFINITY);
  let sent = encoder.encode(first).length;
  let timer: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (timer !== undefined) clearInterval(timer);
        timer = undefined;
        try {
          controller.close();
        } catch {
          // the client went away first
        }
      };
      const emit = (text: string) => {
        if (!text) return;
        const room = q.limitBytes === undefined ? undefined : q.limitBytes - sent;
        const cut = limitBytes(text, room);
        sent += encoder.encode(cut).length;
        controller.enqueue(encoder.encode(cut));
      };
      emit(first);
      if (q.limitBytes !== undefined && sent >= q.limitBytes) return close();
      const poll = () => {
        const t = now();
        const rec = tables.run(src.containerID);
        if (rec) {
          src.finishedAt = rec.finishedAt;
          src.sigtermAt = rec.sigtermAt;
        }
        if (t > cursor) {
          emit(formatLines(linesBetween(src, cursor, t), q.timestamps));
          cursor = t;
        }
        const cur = store.tryGet(decl, pod.metadata.namespace, String(pod.metadata.name));
        const gone = !cur || cur.metadata.uid !== pod.metadata.uid;
        const full = q.limitBytes !== undefined && sent >= q.limitBytes;
        if (gone || full || (src.finishedAt !== undefined && cursor > src.finishedAt)) close();
      };
      timer = setInterval(poll, FOLLOW_POLL_MS);
    },
    cancel() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
  });
  // `identity` keeps the platform from compressing the stream, which would hold lines back until the end
  // (the same reason watch responses set it).
  return new Response(stream, { headers: { ...TEXT_HEADERS, "Content-Encoding": "identity" } });
}
