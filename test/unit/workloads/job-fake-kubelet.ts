/**
 * A tiny stand-in for scheduler + kubelet in the Job/CronJob tests, so they depend on nothing but the batch
 * controllers. Pods are bound to `test-worker` and started at once, Ready while running; each run lasts
 * `fake/run-ms` (default 5000) and exits with `fake/exit` (default 0), both read from pod annotations (so from
 * the Job's pod template). restartPolicy Never ends the pod Succeeded/Failed; OnFailure restarts a failed
 * container in place (restartCount + 1). A deleted pod stops after a second (exit 143) and is removed.
 */
import { rfc3339 } from "../../../src/apiserver/time";
import type { Change } from "../../../src/durable/store/kv-store";
import type { KObject } from "../../../src/kube/object";
import { type ControllerContext, declOf, parseKey } from "../../../src/reconcile/controller-context";
import type { Controller, ReconcileResult } from "../../../src/reconcile/engine";

type Obj = Record<string, any>;
const STOP_MS = 1000;

export function fakeKubelet(ctx: ControllerContext): Controller {
  const pods = declOf(ctx.registry, "", "pods");
  const writeStatus = (pod: KObject, status: Obj) =>
    ctx.store.update(
      pods,
      pod.metadata.namespace,
      String(pod.metadata.name),
      { ...pod, status },
      {
        dryRun: false,
        fieldManager: "kubelet",
        subresource: "status",
      },
    ).object;
  const containerNames = (pod: KObject) => ((pod.spec as Obj).containers as Obj[]).map((c) => String(c.name));
  const conditions = (ready: boolean, now: number) =>
    [
      ["PodScheduled", true],
      ["Initialized", true],
      ["ContainersReady", ready],
      ["Ready", ready],
    ].map(([type, ok]) => ({
      type,
      status: ok ? "True" : "False",
      lastProbeTime: null,
      lastTransitionTime: rfc3339(now),
    }));

  return {
    name: "fake-kubelet",
    keysFor: (ch: Change) => (ch.key.startsWith("core/pods/") && ch.type !== "DELETED" ? [ch.key] : []),
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      let pod = ctx.store.tryGet(pods, ref.namespace, ref.name);
      if (!pod) return undefined;
      const now = ctx.clock.now();
      const spec = pod.spec as Obj;
      const status = (pod.status ?? {}) as Obj;
      const ann = pod.metadata.annotations ?? {};
      const runMs = Number(ann["fake/run-ms"] ?? 5000);
      const exit = Number(ann["fake/exit"] ?? 0);
      const terminal = status.phase === "Succeeded" || status.phase === "Failed";
      if (pod.metadata.deletionTimestamp) {
        const since =
          Date.parse(pod.metadata.deletionTimestamp) - Number(pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        if (now < since + STOP_MS) return { requeueAfterMs: since + STOP_MS - now };
        if (!terminal && spec.nodeName) {
          pod = writeStatus(pod, {
            ...status,
            phase: "Failed",
            conditions: conditions(false, now),
            containerStatuses: containerNames(pod).map((name) => ({
              name,
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 143, reason: "Error", finishedAt: rfc3339(now) } },
            })),
          });
        }
        try {
          ctx.store.delete(pods, ref.namespace, ref.name, { dryRun: false, gracePeriodSeconds: 0 });
        } catch {
          // already gone
        }
        return undefined;
      }
      if (terminal) return undefined;
      if (!spec.nodeName) {
        pod = ctx.store.update(
          pods,
          ref.namespace,
          ref.name,
          { ...pod, spec: { ...spec, nodeName: "test-worker" } },
          { dryRun: false, fieldManager: "kube-scheduler", internal: true },
        ).object;
        writeStatus(pod, {
          phase: "Running",
          conditions: conditions(ann["fake/ready"] !== "false", now),
          startTime: rfc3339(now),
          containerStatuses: containerNames(pod).map((name) => ({
            name,
            ready: ann["fake/ready"] !== "false",
            restartCount: 0,
            state: { running: { startedAt: rfc3339(now) } },
          })),
        });
        return { requeueAfterMs: runMs };
      }
      const cs = (status.containerStatuses ?? []) as Obj[];
      const startedAt = Date.parse(cs[0]?.state?.running?.startedAt ?? status.startTime);
      if (now < startedAt + runMs) return { requeueAfterMs: startedAt + runMs - now };
      const terminated = {
        exitCode: exit,
        reason: exit === 0 ? "Completed" : "Error",
        startedAt: rfc3339(startedAt),
        finishedAt: rfc3339(now),
      };
      if (exit !== 0 && spec.restartPolicy === "OnFailure") {
        writeStatus(pod, {
          ...status,
          containerStatuses: cs.map((c) => ({
            ...c,
            restartCount: Number(c.restartCount ?? 0) + 1,
            lastState: { terminated },
            state: { running: { startedAt: rfc3339(now) } },
          })),
        });
        return { requeueAfterMs: runMs };
      }
      writeStatus(pod, {
        ...status,
        phase: exit === 0 ? "Succeeded" : "Failed",
        conditions: conditions(false, now),
        containerStatuses: cs.map((c) => ({ ...c, ready: false, state: { terminated } })),
      });
      return undefined;
    },
  };
}
