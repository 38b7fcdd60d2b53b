import type { KObject } from "../../../src/kube/object";
import { createKubelet } from "../../../src/kubelet/kubelet-controller";
import type { Program } from "../../../src/kubelet/types";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { fakeProgram } from "./fake-program";

type J = Record<string, any>;

export const WORKER = "test-worker";

export function kubeletCluster(program: Program = fakeProgram): TestCluster {
  return createTestCluster({ controllers: [(ctx) => createKubelet(ctx, program)] });
}

/** A pod already bound to the worker (as the scheduler would leave it). */
export function podOn(name: string, spec: J, annotations?: Record<string, string>): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...(annotations ? { annotations } : {}) },
    spec: { nodeName: WORKER, ...spec },
  };
}

export const nginx = (extra: J = {}): J => ({ containers: [{ name: "nginx", image: "nginx:1.21", ...extra }] });

export function status(c: TestCluster, name: string): J {
  return (c.get("pods", "default", name)?.status ?? {}) as J;
}

export function cond(c: TestCluster, name: string, type: string): J | undefined {
  return ((status(c, name).conditions ?? []) as J[]).find((x) => x.type === type);
}

export function cstatus(c: TestCluster, name: string, container?: string): J {
  const list = (status(c, name).containerStatuses ?? []) as J[];
  return (container ? list.find((x) => x.name === container) : list[0]) as J;
}

/** "Reason: message" of the pod's events, oldest first. */
export function eventLines(c: TestCluster, name: string): string[] {
  return c.events("default", name).map((e) => `${e.reason}: ${e.message}`);
}
