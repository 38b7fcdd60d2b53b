/**
 * Annotations that script a simulated pod's behaviour for failure demos, on the pod or its template.
 * Every one is optional; without them behaviour follows from the image and command. Documented in
 * docs/simulation.md.
 */
import type { KObject } from "../kube/object";

export const SIM = "sim.edgeplane.dev/";

export const ANNOTATIONS = {
  /** CPU the containers use while running, a quantity ("500m"): drives `kubectl top` and the HPA. */
  cpuLoad: `${SIM}cpu-load`,
  /**
   * CPU load shared by a workload's running pods, a quantity ("900m"): pods with the same value and the same
   * labels (a Deployment's replicas, whatever their pod-template-hash) split it evenly, so adding replicas
   * lowers each one's usage, as spreading real traffic does. The HPA demo's load.
   */
  cpuLoadShared: `${SIM}cpu-load-shared`,
  /** Steady memory of each container, a quantity ("64Mi"). */
  memory: `${SIM}memory`,
  /**
   * How fast each container's memory grows while it runs, a quantity per time unit ("10Mi/s", "512Ki/s",
   * "1Gi/h"; units s, m/min, h). With a memory limit the container is OOMKilled (exit 137) when it reaches it.
   */
  memoryGrowth: `${SIM}memory-growth`,
  /**
   * On a Node: "stopped" stops its kubelet (heartbeats stop; after 50 s the node goes NotReady/Unknown and
   * its pods are evicted after their tolerationSeconds).
   */
  kubelet: `${SIM}kubelet`,
} as const;

/**
 * Container-behaviour overrides (docs/simulation.md, "Container behaviour"). Each may also be given for one
 * container by appending `.<container name>` (`sim.edgeplane.dev/exit-code.app`), which wins over the
 * pod-wide key.
 */
export const CONTAINER_ANNOTATIONS = {
  /** Exit code the process exits with after `exit-after` (default at once), whatever its command does. */
  exitCode: `${SIM}exit-code`,
  /** Go duration ("30s") after which the process exits with `exit-code` (default 0). */
  exitAfter: `${SIM}exit-after`,
  /** Go duration after which the process crashes with exit code 1 (CrashLoopBackOff demos). */
  crashAfter: `${SIM}crash-after`,
  /** Go duration the image pull takes, instead of the 1–6 s derived from the image name. */
  pullDelay: `${SIM}pull-delay`,
  /** "fail": pulling the image fails with the registry's not-found / access-denied message. */
  imagePull: `${SIM}image-pull`,
} as const;

/** An annotation for one container: `<key>.<container>` wins over the pod-wide `<key>`. */
export function containerAnnotation(
  annotations: Record<string, string> | undefined,
  key: string,
  container?: string,
): string | undefined {
  if (!annotations) return undefined;
  if (container !== undefined) {
    const own = annotations[`${key}.${container}`];
    if (own !== undefined) return own;
  }
  return annotations[key];
}

/** Whether a Node's simulated kubelet is stopped (`sim.edgeplane.dev/kubelet: stopped`). */
export function kubeletStopped(node: KObject | undefined): boolean {
  return node?.metadata.annotations?.[ANNOTATIONS.kubelet] === "stopped";
}
