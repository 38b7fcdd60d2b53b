import { describe, expect, it } from "vitest";
import { admitPod, defaultPod } from "../../../src/kube/defaults/pod";
import { type FieldError, fieldErrorString, invalid } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import {
  podSpecDiff,
  validatePod,
  validatePodSpec,
  validatePodTemplateSpec,
  validatePodUpdate,
} from "../../../src/kube/validation/pod";

const strs = (errs: FieldError[]) => errs.map(fieldErrorString);

/** A pod as the API server would see it after defaulting and admission. */
function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject {
  const p: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", ...meta },
    spec: structuredClone(spec),
  };
  defaultPod(p);
  admitPod(p, { randomSuffix: () => "abcde" });
  return p;
}
const nginx = { name: "nginx", image: "nginx:1.27" };

describe("validatePod (create)", () => {
  it("accepts a defaulted, admitted minimal pod", () => {
    expect(validatePod(pod({ containers: [nginx] }))).toEqual([]);
  });

  it("accepts a rich but valid pod", () => {
    const p = pod({
      containers: [
        {
          name: "app",
          image: "example.com/app@sha256:abc",
          ports: [{ name: "http", containerPort: 8080 }],
          env: [
            { name: "A", value: "b" },
            { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "KEY", valueFrom: { configMapKeyRef: { name: "cfg", key: "k.1" } } },
          ],
          envFrom: [{ configMapRef: { name: "cfg" } }],
          resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "128Mi" } },
          volumeMounts: [{ name: "data", mountPath: "/data" }],
          livenessProbe: { httpGet: { port: "http" } },
          readinessProbe: { tcpSocket: { port: 8080 } },
          lifecycle: { preStop: { sleep: { seconds: 5 } } },
        },
      ],
      initContainers: [{ name: "init", image: "busybox", command: ["true"] }],
      volumes: [
        { name: "data" },
        { name: "cfg", configMap: { name: "cfg" } },
        { name: "s", secret: { secretName: "s" } },
      ],
      tolerations: [{ key: "k", operator: "Equal", value: "v", effect: "NoSchedule" }],
      nodeSelector: { "kubernetes.io/os": "linux" },
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 50,
              podAffinityTerm: {
                labelSelector: { matchLabels: { app: "web" } },
                topologyKey: "kubernetes.io/hostname",
              },
            },
          ],
        },
      },
    });
    expect(validatePod(p)).toEqual([]);
  });

  it("reports a missing image", () => {
    expect(strs(validatePod(pod({ containers: [{ name: "nginx" }] })))).toEqual([
      "spec.containers[0].image: Required value",
    ]);
  });

  it("requires containers", () => {
    expect(strs(validatePod(pod({ containers: [] })))).toEqual(["spec.containers: Required value"]);
  });

  it("reports duplicate and invalid container names", () => {
    const p = pod({ containers: [nginx, { ...nginx }, { name: "Web_1", image: "x" }] });
    expect(strs(validatePod(p))).toEqual([
      'spec.containers[1].name: Duplicate value: "nginx"',
      "spec.containers[2].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("catches init containers reusing a container name", () => {
    const p = pod({ containers: [nginx], initContainers: [{ name: "nginx", image: "busybox" }] });
    expect(strs(validatePod(p))).toEqual(['spec.initContainers[0].name: Duplicate value: "nginx"']);
  });

  it("validates container ports", () => {
    const p = pod({
      containers: [
        {
          ...nginx,
          ports: [
            { containerPort: 70000 },
            { containerPort: 80, protocol: "HTTP" },
            { name: "web", containerPort: 81 },
            { name: "web", containerPort: 82 },
            { name: "Web_Port", containerPort: 83 },
          ],
        },
      ],
    });
    expect(strs(validatePod(p))).toEqual([
      "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[3].name: Duplicate value: "web"',
      'spec.containers[0].ports[4].name: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it("requires a containerPort", () => {
    expect(strs(validatePod(pod({ containers: [{ ...nginx, ports: [{ name: "x" }] }] })))).toEqual([
      "spec.containers[0].ports[0].containerPort: Required value",
    ]);
  });

  it("checks requests against limits with kube's message", () => {
    const p = pod({ containers: [{ ...nginx, resources: { requests: { cpu: "1" }, limits: { cpu: "500m" } } }] });
    const errs = validatePod(p);
    expect(strs(errs)).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
    ]);
    expect(invalid("Pod", "", "web", errs).message).toBe(
      'Pod "web" is invalid: spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m',
    );
  });

  it("prints quantities in canonical form", () => {
    const p = pod({
      containers: [{ ...nginx, resources: { requests: { memory: "2048Mi" }, limits: { memory: "1Gi" } } }],
    });
    expect(strs(validatePod(p))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    ]);
  });

  it("rejects negative quantities, unknown resources and fractional extended resources", () => {
    const p = pod({
      containers: [{ ...nginx, resources: { limits: { cpu: "-1", foo: "1", "example.com/gpu": "500m" } } }],
    });
    expect(strs(validatePod(p))).toEqual([
      'spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers',
      'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer',
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[foo]: Invalid value: "foo": must be a standard resource for containers',
      'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer',
    ]);
  });

  it("requires extended resources to have equal requests and limits", () => {
    const errs = validatePodSpec(
      {
        ...(pod({ containers: [nginx] }).spec as object),
        containers: [
          {
            ...nginx,
            imagePullPolicy: "IfNotPresent",
            terminationMessagePolicy: "File",
            resources: { requests: { "example.com/gpu": "1" } },
          },
        ],
        volumes: [],
      },
      "spec",
    );
    expect(strs(errs)).toEqual([
      "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
    ]);
  });

  it("reports volume mounts of unknown volumes", () => {
    const p = pod({ containers: [{ ...nginx, volumeMounts: [{ name: "data", mountPath: "/data" }] }] });
    expect(strs(validatePod(p))).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });

  it("reports duplicate mount paths", () => {
    const p = pod({
      volumes: [{ name: "a" }, { name: "b" }],
      containers: [
        {
          ...nginx,
          volumeMounts: [
            { name: "a", mountPath: "/d" },
            { name: "b", mountPath: "/d" },
          ],
        },
      ],
    });
    expect(strs(validatePod(p))).toEqual([
      'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique',
    ]);
  });

  it("validates volumes: names, duplicates, one source", () => {
    const p = pod({
      containers: [nginx],
      volumes: [
        { name: "a", emptyDir: {} },
        { name: "a", emptyDir: {} },
        { name: "b", emptyDir: {}, hostPath: { path: "/x" } },
        { name: "c", configMap: {} },
        { name: "d", secret: { secretName: "s", defaultMode: 1000 } },
      ],
    });
    expect(strs(validatePod(p))).toEqual([
      'spec.volumes[1].name: Duplicate value: "a"',
      "spec.volumes[2].hostPath: Forbidden: may not specify more than 1 volume type",
      "spec.volumes[3].configMap.name: Required value",
      "spec.volumes[4].secret.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive",
    ]);
  });

  it("validates restartPolicy and dnsPolicy", () => {
    const p = pod({ containers: [nginx], restartPolicy: "Sometimes", dnsPolicy: "Google" });
    expect(strs(validatePod(p))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it("validates probes", () => {
    const p = pod({
      containers: [
        {
          ...nginx,
          livenessProbe: { initialDelaySeconds: 5 },
          readinessProbe: { exec: { command: ["true"] }, httpGet: { port: 80 }, periodSeconds: -1 },
          startupProbe: { tcpSocket: { port: 80 }, successThreshold: 2 },
        },
      ],
    });
    expect(strs(validatePod(p))).toEqual([
      "spec.containers[0].livenessProbe: Required value: must specify a handler type",
      "spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type",
      "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
      "spec.containers[0].startupProbe.successThreshold: Invalid value: 2: must be 1",
    ]);
  });

  it("validates env names and sources", () => {
    const p = pod({
      containers: [
        {
          ...nginx,
          env: [
            { name: "" },
            { name: "A=B" },
            { name: "X", value: "1", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "Y", valueFrom: {} },
            { name: "Z", valueFrom: { fieldRef: { fieldPath: "spec.restartPolicy" } } },
          ],
        },
      ],
    });
    expect(strs(validatePod(p))).toEqual([
      "spec.containers[0].env[0].name: Required value",
      "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
      'spec.containers[0].env[2].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
      'spec.containers[0].env[3].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.containers[0].env[4].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ]);
  });

  it("validates tolerations", () => {
    const p = pod({
      containers: [nginx],
      tolerations: [
        { operator: "Equal", value: "x" },
        { key: "k", effect: "NoRun" },
      ],
    });
    expect(strs(validatePod(p))).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
  });

  it("requires hostPort to match containerPort for host-network pods", () => {
    const p = pod({ hostNetwork: true, containers: [{ ...nginx, ports: [{ containerPort: 80, hostPort: 81 }] }] });
    expect(strs(validatePod(p))).toEqual([
      "spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true",
    ]);
  });

  it("forbids ephemeral containers on create and trailing whitespace in images", () => {
    const p = pod({ containers: [{ ...nginx, image: "nginx " }] });
    (p.spec as Record<string, unknown>).ephemeralContainers = [
      { name: "debug", image: "busybox", imagePullPolicy: "Always", terminationMessagePolicy: "File" },
    ];
    expect(strs(validatePod(p))).toEqual([
      'spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace',
      "spec.ephemeralContainers: Forbidden: cannot be set on create",
    ]);
  });
});

describe("validatePodUpdate", () => {
  const base = () => {
    const p = pod({
      containers: [nginx],
      tolerations: [{ key: "a", operator: "Exists", effect: "NoExecute", tolerationSeconds: 10 }],
    });
    p.metadata.uid = "u1";
    p.metadata.resourceVersion = "1";
    p.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
    return p;
  };

  it("allows changing images, activeDeadlineSeconds and adding tolerations", () => {
    const old = base();
    const next = structuredClone(old);
    const spec = next.spec as {
      containers: { image: string }[];
      tolerations: unknown[];
      activeDeadlineSeconds?: number;
    };
    spec.containers[0].image = "nginx:1.28";
    spec.activeDeadlineSeconds = 60;
    spec.tolerations.push({ key: "b", operator: "Exists" });
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it("lets tolerationSeconds of an existing toleration change", () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as { tolerations: { tolerationSeconds: number }[] }).tolerations[0].tolerationSeconds = 20;
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it("forbids other spec changes with kube's message and a diff", () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as { containers: Record<string, unknown>[] }).containers[0].env = [{ name: "A", value: "b" }];
    const errs = validatePodUpdate(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0].field).toBe("spec");
    expect(errs[0].type).toBe("FieldValueForbidden");
    expect(errs[0].detail).toMatch(
      /^pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n {2}core\.PodSpec\{\n/,
    );
    expect(errs[0].detail).toContain("- \tContainers:");
    expect(errs[0].detail).toContain('+ \tContainers: {{Name: "nginx"');
  });

  it("forbids modifying an existing toleration", () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as { tolerations: { key: string }[] }).tolerations[0].key = "z";
    expect(strs(validatePodUpdate(next, old))[0]).toBe(
      "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds",
    );
  });

  it("forbids adding containers", () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as { containers: unknown[] }).containers.push({
      ...nginx,
      name: "two",
      imagePullPolicy: "IfNotPresent",
      terminationMessagePolicy: "File",
    });
    expect(strs(validatePodUpdate(next, old))).toContain(
      "spec.containers: Forbidden: pod updates may not add or remove containers",
    );
  });

  it("only lets activeDeadlineSeconds decrease", () => {
    const old = base();
    (old.spec as Record<string, unknown>).activeDeadlineSeconds = 30;
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).activeDeadlineSeconds = 60;
    expect(strs(validatePodUpdate(next, old))).toEqual([
      "spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value",
    ]);
  });

  it("treats false and absent plain booleans alike", () => {
    const old = base();
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).hostNetwork = false;
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it("renders a readable diff", () => {
    expect(
      podSpecDiff(
        { restartPolicy: "Always", dnsPolicy: "ClusterFirst" },
        { restartPolicy: "Never", dnsPolicy: "ClusterFirst" },
      ),
    ).toContain('- \tRestartPolicy: "Always",\n+ \tRestartPolicy: "Never",');
  });
});

describe("validatePodTemplateSpec", () => {
  it("validates template labels under <path>.labels, as kube does", () => {
    const t = { metadata: { labels: { "bad key!": "x" } }, spec: pod({ containers: [nginx] }).spec as object };
    const errs = validatePodTemplateSpec(t, "spec.template");
    expect(errs.map((e) => e.field)).toEqual(["spec.template.labels"]);
  });

  it("forbids ephemeral containers in templates", () => {
    const spec = { ...(pod({ containers: [nginx] }).spec as object), ephemeralContainers: [] as unknown[] };
    spec.ephemeralContainers.push({
      name: "d",
      image: "busybox",
      imagePullPolicy: "Always",
      terminationMessagePolicy: "File",
    });
    expect(strs(validatePodTemplateSpec({ spec }, "spec.template"))).toContain(
      "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template",
    );
  });
});
