/** Pods and Services for the core controller tests, with the status a kubelet would have written. */

import { rfc3339 } from "../../../src/apiserver/time";
import type { KObject } from "../../../src/kube/object";
import type { TestCluster } from "../harness/memory-cluster";

export interface PodOpts {
  labels?: Record<string, string>;
  node?: string;
  ip?: string;
  ready?: boolean;
  phase?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  requests?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KObject["metadata"]["ownerReferences"];
  tolerations?: unknown[];
  namespace?: string;
  hostname?: string;
  subdomain?: string;
  volumes?: unknown[];
  containerName?: string;
}

export function createPod(c: TestCluster, name: string, o: PodOpts = {}): KObject {
  const ns = o.namespace ?? "default";
  const containerName = o.containerName ?? "nginx";
  c.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: ns,
      labels: o.labels,
      annotations: o.annotations,
      ownerReferences: o.ownerReferences,
    },
    spec: {
      nodeName: o.node,
      hostname: o.hostname,
      subdomain: o.subdomain,
      tolerations: o.tolerations,
      volumes: o.volumes,
      containers: [
        {
          name: containerName,
          image: "nginx",
          ports: o.ports,
          resources: o.requests ? { requests: o.requests } : undefined,
        },
      ],
    },
  });
  return setPodStatus(c, name, o);
}

/** Writes the status a kubelet would: phase, IP, Ready/ContainersReady and a running container. */
export function setPodStatus(c: TestCluster, name: string, o: PodOpts = {}): KObject {
  const ns = o.namespace ?? "default";
  const decl = c.registry.byResource("", "pods")!;
  const cur = c.store.get(decl, ns, name);
  const now = rfc3339(c.now());
  const ready = o.ready ?? true;
  const containerName = o.containerName ?? "nginx";
  const cond = (type: string, status: boolean) => ({
    type,
    status: status ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  const phase = o.phase ?? (o.ip ? "Running" : "Pending");
  const next = {
    ...cur,
    status: {
      phase,
      ...(o.ip ? { podIP: o.ip, podIPs: [{ ip: o.ip }], hostIP: "172.18.0.3" } : {}),
      conditions: [
        cond("Initialized", true),
        cond("Ready", ready),
        cond("ContainersReady", ready),
        cond("PodScheduled", !!o.node),
      ],
      containerStatuses:
        phase === "Running"
          ? [
              {
                name: containerName,
                ready,
                restartCount: 0,
                image: "docker.io/library/nginx:latest",
                imageID: "docker.io/library/nginx@sha256:0",
                containerID: "containerd://0",
                started: true,
                state: { running: { startedAt: now } },
              },
            ]
          : undefined,
    },
  };
  return c.store.update(decl, ns, name, next, { dryRun: false, fieldManager: "kubelet", subresource: "status" }).object;
}

export function createService(
  c: TestCluster,
  name: string,
  spec: Record<string, unknown>,
  namespace = "default",
): KObject {
  return c.create({ apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec });
}
