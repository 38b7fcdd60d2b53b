import { describe, expect, it } from "vitest";
import {
  admitPod,
  admitPodDefaultTolerationSeconds,
  admitPodPriority,
  admitPodServiceAccount,
  defaultPod,
  defaultPodSpec,
  defaultResourceList,
  imageTag,
  randomSuffix,
} from "../../../src/kube/defaults/pod";
import { podQOSClass } from "../../../src/kube/defaults/qos";
import type { KObject } from "../../../src/kube/object";

const newPod = (spec: Record<string, unknown>): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "nginx", namespace: "default" },
  spec: structuredClone(spec),
});

describe("defaultPod + admitPod", () => {
  it("gives a minimal pod what `kubectl get pod -o yaml` shows", () => {
    const p = newPod({ containers: [{ name: "nginx", image: "nginx" }] });
    defaultPod(p);
    expect(admitPod(p, { randomSuffix: () => "x7k2p" })).toBeUndefined();
    expect(p.spec).toEqual({
      containers: [
        {
          image: "nginx",
          imagePullPolicy: "Always",
          name: "nginx",
          resources: {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
          volumeMounts: [
            {
              mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
              name: "kube-api-access-x7k2p",
              readOnly: true,
            },
          ],
        },
      ],
      dnsPolicy: "ClusterFirst",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      serviceAccount: "default",
      serviceAccountName: "default",
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { effect: "NoExecute", key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 },
        { effect: "NoExecute", key: "node.kubernetes.io/unreachable", operator: "Exists", tolerationSeconds: 300 },
      ],
      volumes: [
        {
          name: "kube-api-access-x7k2p",
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
              {
                downwardAPI: {
                  items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
                },
              },
            ],
          },
        },
      ],
    });
  });

  it("keeps user values", () => {
    const p = newPod({
      containers: [
        {
          name: "c",
          image: "busybox:1.36",
          imagePullPolicy: "Never",
          terminationMessagePolicy: "FallbackToLogsOnError",
        },
      ],
      restartPolicy: "OnFailure",
      dnsPolicy: "Default",
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      schedulerName: "custom",
    });
    defaultPod(p);
    const spec = p.spec as Record<string, unknown>;
    expect([
      spec.restartPolicy,
      spec.dnsPolicy,
      spec.terminationGracePeriodSeconds,
      spec.enableServiceLinks,
      spec.schedulerName,
    ]).toEqual(["OnFailure", "Default", 0, false, "custom"]);
    const c = (spec.containers as Record<string, unknown>[])[0];
    expect([c.imagePullPolicy, c.terminationMessagePolicy]).toEqual(["Never", "FallbackToLogsOnError"]);
  });

  it("defaults ports, env fieldRefs, probes and lifecycle handlers", () => {
    const p = newPod({
      containers: [
        {
          name: "c",
          image: "app:v1",
          ports: [{ containerPort: 80 }],
          env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
          livenessProbe: { httpGet: { port: 80 } },
          readinessProbe: { grpc: { port: 9000 }, periodSeconds: 5 },
          lifecycle: { preStop: { httpGet: { port: 80, path: "/stop" } } },
        },
      ],
    });
    defaultPod(p);
    const c = ((p.spec as Record<string, unknown>).containers as Record<string, unknown>[])[0];
    expect(c.imagePullPolicy).toBe("IfNotPresent");
    expect(c.ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
    expect(c.env).toEqual([{ name: "N", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "metadata.name" } } }]);
    expect(c.livenessProbe).toEqual({
      httpGet: { path: "/", port: 80, scheme: "HTTP" },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.readinessProbe).toEqual({
      grpc: { port: 9000, service: "" },
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.lifecycle).toEqual({ preStop: { httpGet: { port: 80, path: "/stop", scheme: "HTTP" } } });
  });

  it("copies limits into missing requests and canonicalizes quantities", () => {
    const p = newPod({
      containers: [
        { name: "c", image: "x", resources: { limits: { cpu: 1, memory: "128Mi" }, requests: { cpu: "0.5" } } },
      ],
    });
    defaultPod(p);
    const c = ((p.spec as Record<string, unknown>).containers as Record<string, unknown>[])[0];
    expect(c.resources).toEqual({ limits: { cpu: "1", memory: "128Mi" }, requests: { cpu: "500m", memory: "128Mi" } });
  });

  it("defaults volumes", () => {
    const p = newPod({
      containers: [{ name: "c", image: "x" }],
      volumes: [
        { name: "scratch" },
        { name: "cfg", configMap: { name: "cfg" } },
        { name: "sec", secret: { secretName: "s" } },
        { name: "host", hostPath: { path: "/var/log" } },
        { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }] } },
      ],
    });
    defaultPod(p);
    expect((p.spec as Record<string, unknown>).volumes).toEqual([
      { name: "scratch", emptyDir: {} },
      { name: "cfg", configMap: { name: "cfg", defaultMode: 420 } },
      { name: "sec", secret: { secretName: "s", defaultMode: 420 } },
      { name: "host", hostPath: { path: "/var/log", type: "" } },
      {
        name: "info",
        downwardAPI: {
          defaultMode: 420,
          items: [{ path: "labels", fieldRef: { apiVersion: "v1", fieldPath: "metadata.labels" } }],
        },
      },
    ]);
  });

  it("copies containerPort to hostPort for host-network pods", () => {
    const p = newPod({ hostNetwork: true, containers: [{ name: "c", image: "x", ports: [{ containerPort: 8080 }] }] });
    defaultPod(p);
    const c = ((p.spec as Record<string, unknown>).containers as Record<string, unknown>[])[0];
    expect(c.ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: "TCP" }]);
  });

  it("does not give templates pod-only defaults", () => {
    const spec: Record<string, unknown> = {
      containers: [{ name: "c", image: "x", resources: { limits: { cpu: "1" } } }],
    };
    defaultPodSpec(spec);
    expect(spec.enableServiceLinks).toBeUndefined();
    expect((spec.containers as Record<string, unknown>[])[0].resources).toEqual({ limits: { cpu: "1" } });
  });
});

describe("imagePullPolicy from the image tag", () => {
  it.each([
    ["nginx", "latest"],
    ["nginx:latest", "latest"],
    ["nginx:1.27", "1.27"],
    ["localhost:5000/nginx", "latest"],
    ["localhost:5000/nginx:v2", "v2"],
    ["nginx@sha256:0123", ""],
    ["nginx:1.2@sha256:0123", "1.2"],
    ["", ""],
  ])("%s → %s", (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});

describe("admission plugins", () => {
  it("does not mount a token when automount is off, and reuses an existing mount path", () => {
    const p = newPod({ automountServiceAccountToken: false, containers: [{ name: "c", image: "x" }] });
    admitPodServiceAccount(p);
    expect((p.spec as Record<string, unknown>).volumes).toBeUndefined();
    const q = newPod({ serviceAccountName: "builder", containers: [{ name: "c", image: "x" }] });
    admitPodServiceAccount(q, { serviceAccount: { metadata: {}, automountServiceAccountToken: false } as KObject });
    expect((q.spec as Record<string, unknown>).serviceAccount).toBe("builder");
    expect((q.spec as Record<string, unknown>).volumes).toBeUndefined();
  });

  it("mounts into init containers too", () => {
    const p = newPod({ initContainers: [{ name: "i", image: "x" }], containers: [{ name: "c", image: "x" }] });
    admitPodServiceAccount(p, { randomSuffix: () => "aaaaa" });
    const spec = p.spec as { initContainers: { volumeMounts: unknown[] }[]; volumes: unknown[] };
    expect(spec.initContainers[0].volumeMounts).toHaveLength(1);
    expect(spec.volumes).toHaveLength(1);
  });

  it("generates kube-style suffixes", () => {
    expect(randomSuffix()).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("keeps existing not-ready/unreachable tolerations", () => {
    const p = newPod({ containers: [], tolerations: [{ operator: "Exists" }] });
    admitPodDefaultTolerationSeconds(p);
    expect((p.spec as Record<string, unknown>).tolerations).toEqual([{ operator: "Exists" }]);
  });

  it("resolves priority classes", () => {
    const p = newPod({ containers: [], priorityClassName: "system-node-critical" });
    expect(admitPodPriority(p)).toBeUndefined();
    expect((p.spec as Record<string, unknown>).priority).toBe(2000001000);
    const q = newPod({ containers: [], priorityClassName: "missing" });
    expect(admitPodPriority(q)).toBe("no PriorityClass with name missing was found");
    const r = newPod({ containers: [], priority: 5 });
    expect(admitPodPriority(r)).toBe(
      "the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name",
    );
  });
});

describe("defaultResourceList", () => {
  it("rounds up below milli precision", () => {
    const l: Record<string, unknown> = { cpu: "1n", memory: "1.5Gi", storage: 2 };
    defaultResourceList(l);
    expect(l).toEqual({ cpu: "1m", memory: "1536Mi", storage: "2" });
  });
});

describe("podQOSClass", () => {
  const qos = (containers: Record<string, unknown>[]) => {
    const p = newPod({ containers });
    defaultPod(p);
    return podQOSClass(p);
  };

  it("is BestEffort without cpu/memory requests or limits", () => {
    expect(qos([{ name: "c", image: "x" }])).toBe("BestEffort");
    expect(qos([{ name: "c", image: "x", resources: { requests: { "ephemeral-storage": "1Gi" } } }])).toBe(
      "BestEffort",
    );
  });

  it("is Guaranteed when limits equal requests for cpu and memory everywhere", () => {
    expect(qos([{ name: "c", image: "x", resources: { limits: { cpu: "1", memory: "1Gi" } } }])).toBe("Guaranteed");
    expect(
      qos([
        { name: "a", image: "x", resources: { limits: { cpu: "500m", memory: "1Gi" } } },
        {
          name: "b",
          image: "x",
          resources: { limits: { cpu: "1000m", memory: "1024Mi" }, requests: { cpu: "1", memory: "1Gi" } },
        },
      ]),
    ).toBe("Guaranteed");
  });

  it("is Burstable otherwise", () => {
    expect(qos([{ name: "c", image: "x", resources: { requests: { cpu: "100m" } } }])).toBe("Burstable");
    expect(qos([{ name: "c", image: "x", resources: { limits: { cpu: "1" } } }])).toBe("Burstable");
    expect(
      qos([{ name: "c", image: "x", resources: { limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } } }]),
    ).toBe("Burstable");
  });
});
