/**
 * Annotations that script a simulated pod's behaviour for failure demos, on the pod or its template.
 * Every one is optional; without them behaviour follows from the image and command. Documented in
 * docs/simulation.md.
 */
export const SIM = "sim.edgeplane.dev/";

export const ANNOTATIONS = {
  /** CPU the containers use while running, a quantity ("500m"): drives `kubectl top` and the HPA. */
  cpuLoad: `${SIM}cpu-load`,
  /** Steady memory of each container, a quantity ("64Mi"). */
  memory: `${SIM}memory`,
} as const;
