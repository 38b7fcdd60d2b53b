import { describe, expect, it } from "vitest";
import { DEFAULT_CLUSTER_SPEC } from "../../src/cluster/spec";
import { validateClusterSpec } from "../../src/cluster/spec-validate";
import { fieldErrorString } from "../../src/kube/errors";

/** The messages a client would print for a refused body (`field: Invalid value: ...`). */
function messages(input: unknown): string[] {
  const r = validateClusterSpec(input);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.spec)}`);
  return r.errors.map(fieldErrorString);
}

function spec(input: unknown) {
  const r = validateClusterSpec(input);
  if (!r.ok) throw new Error(r.errors.map(fieldErrorString).join("\n"));
  return r.spec;
}

describe("validateClusterSpec", () => {
  it("gives kind's default cluster for an empty or missing body", () => {
    expect(spec(undefined)).toEqual(DEFAULT_CLUSTER_SPEC);
    expect(spec({})).toEqual(DEFAULT_CLUSTER_SPEC);
    expect(spec({ kubernetesVersion: null, nodes: null, clock: null })).toEqual(DEFAULT_CLUSTER_SPEC);
  });

  it("accepts a full spec, canonicalizing quantities and turning ttl into seconds", () => {
    expect(
      spec({
        kubernetesVersion: "1.30",
        nodes: {
          count: 5,
          capacity: { cpu: 4, memory: "8192Mi", pods: "30", "ephemeral-storage": "100Gi" },
          labels: { disktype: "ssd", "node.kubernetes.io/pool": "blue" },
          taints: [
            { key: "dedicated", value: "gpu", effect: "NoSchedule" },
            { key: "spot", effect: "NoExecute" },
          ],
        },
        clock: "virtual",
        ttl: "1h30m",
      }),
    ).toEqual({
      kubernetesVersion: "1.30",
      nodes: {
        count: 5,
        capacity: { cpu: "4", "ephemeral-storage": "100Gi", memory: "8Gi", pods: "30" },
        labels: { disktype: "ssd", "node.kubernetes.io/pool": "blue" },
        taints: [
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
          { key: "spot", effect: "NoExecute" },
        ],
      },
      clock: "virtual",
      ttlSeconds: 5400,
    });
    expect(spec({ nodes: { count: 0 }, ttlSeconds: 60 })).toMatchObject({ nodes: { count: 0 }, ttlSeconds: 60 });
    expect(spec({ ttl: "720h" }).ttlSeconds).toBe(2592000);
  });

  it("refuses worker counts outside 0..50 and non-integers", () => {
    expect(messages({ nodes: { count: 99 } })).toEqual([
      "spec.nodes.count: Invalid value: 99: must be between 0 and 50",
    ]);
    expect(messages({ nodes: { count: -1 } })).toEqual([
      "spec.nodes.count: Invalid value: -1: must be between 0 and 50",
    ]);
    expect(messages({ nodes: { count: "3" } })).toEqual([
      'spec.nodes.count: Invalid value: "string": spec.nodes.count in body must be of type integer: "string"',
    ]);
    expect(messages({ nodes: { count: 2.5 } })).toEqual([
      'spec.nodes.count: Invalid value: "number": spec.nodes.count in body must be of type integer: "number"',
    ]);
  });

  it("names the supported versions and clocks", () => {
    expect(messages({ kubernetesVersion: "1.20" })).toEqual([
      'spec.kubernetesVersion: Unsupported value: "1.20": supported values: "1.30", "1.31", "1.32"',
    ]);
    expect(messages({ kubernetesVersion: 1.31 })).toEqual([
      'spec.kubernetesVersion: Invalid value: "number": spec.kubernetesVersion in body must be of type string: "number"',
    ]);
    expect(messages({ clock: "fake" })).toEqual([
      'spec.clock: Unsupported value: "fake": supported values: "real", "virtual"',
    ]);
  });

  it("checks capacities as Kubernetes checks node quantities", () => {
    expect(messages({ nodes: { capacity: { memory: "lots" } } })).toEqual([
      "spec.nodes.capacity.memory: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
    expect(messages({ nodes: { capacity: { cpu: "-2" } } })).toEqual([
      'spec.nodes.capacity.cpu: Invalid value: "-2": must be greater than or equal to 0',
    ]);
    expect(messages({ nodes: { capacity: { pods: "1.5" } } })).toEqual([
      'spec.nodes.capacity.pods: Invalid value: "1500m": must be an integer',
    ]);
    expect(messages({ nodes: { capacity: { cpu: "0" } } })).toEqual([
      'spec.nodes.capacity.cpu: Invalid value: "0": must be greater than zero',
    ]);
    expect(messages({ nodes: { capacity: { gpu: "1" } } })).toEqual([
      'spec.nodes.capacity: Unsupported value: "gpu": supported values: "cpu", "ephemeral-storage", "memory", "pods"',
    ]);
  });

  it("checks labels with the API server's rules and the kubelet's --node-labels restriction", () => {
    expect(messages({ nodes: { labels: { "bad key": "x" } } })).toEqual([
      "spec.nodes.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(messages({ nodes: { labels: { tier: "not valid!" } } })).toEqual([
      "spec.nodes.labels: Invalid value: \"not valid!\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    const [refused] = messages({ nodes: { labels: { "node-role.kubernetes.io/worker": "" } } });
    expect(refused).toMatch(
      /^spec\.nodes\.labels: Invalid value: "node-role\.kubernetes\.io\/worker": labels in the 'kubernetes\.io' and 'k8s\.io' namespaces must begin with an allowed prefix \(kubelet\.kubernetes\.io, node\.kubernetes\.io\)/,
    );
    expect(messages({ nodes: { labels: { tier: 1 } } })).toEqual([
      'spec.nodes.labels.tier: Invalid value: "integer": spec.nodes.labels.tier in body must be of type string: "integer"',
    ]);
  });

  it("checks taints like a Node's", () => {
    expect(messages({ nodes: { taints: [{ key: "gpu", effect: "Sometimes" }] } })).toEqual([
      'spec.nodes.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    expect(messages({ nodes: { taints: [{ key: "gpu" }] } })).toEqual(["spec.nodes.taints[0].effect: Required value"]);
    expect(
      messages({
        nodes: {
          taints: [
            { key: "a", effect: "NoSchedule" },
            { key: "a", value: "b", effect: "NoSchedule" },
          ],
        },
      }),
    ).toEqual([
      'spec.nodes.taints[1]: Duplicate value: core.Taint{Key:"a", Value:"b", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair',
    ]);
    expect(messages({ nodes: { taints: { key: "a" } } })).toEqual([
      'spec.nodes.taints: Invalid value: "object": spec.nodes.taints in body must be of type array: "object"',
    ]);
  });

  it("keeps the ttl between a minute and 30 days, given one way only", () => {
    expect(messages({ ttlSeconds: 59 })).toEqual([
      "spec.ttlSeconds: Invalid value: 59: must be between 60 and 2592000",
    ]);
    expect(messages({ ttlSeconds: 2592001 })).toEqual([
      "spec.ttlSeconds: Invalid value: 2592001: must be between 60 and 2592000",
    ]);
    expect(messages({ ttl: "30s" })).toEqual(['spec.ttl: Invalid value: "30s": must be between 1m0s and 720h0m0s']);
    expect(messages({ ttl: "31d" })).toEqual([
      'spec.ttl: Invalid value: "31d": must be a duration such as "2h" or "90m"',
    ]);
    expect(messages({ ttl: "2h", ttlSeconds: 7200 })).toEqual([
      "spec.ttlSeconds: Forbidden: may not be set together with spec.ttl",
    ]);
  });

  it("refuses unknown members instead of silently creating the default cluster", () => {
    expect(messages({ node: { count: 3 } })).toEqual([
      'spec: Unsupported value: "node": supported values: "clock", "kubernetesVersion", "nodes", "ttl", "ttlSeconds"',
    ]);
    expect(messages({ nodes: { cont: 3 } })).toEqual([
      'spec.nodes: Unsupported value: "cont": supported values: "capacity", "count", "labels", "taints"',
    ]);
    expect(messages([])).toEqual(['spec: Invalid value: "array": spec in body must be of type object: "array"']);
  });

  it("reports every problem at once, in field order", () => {
    expect(messages({ kubernetesVersion: "1.29", nodes: { count: 51 }, clock: "wall", ttlSeconds: 1 })).toEqual([
      'spec.kubernetesVersion: Unsupported value: "1.29": supported values: "1.30", "1.31", "1.32"',
      "spec.nodes.count: Invalid value: 51: must be between 0 and 50",
      'spec.clock: Unsupported value: "wall": supported values: "real", "virtual"',
      "spec.ttlSeconds: Invalid value: 1: must be between 60 and 2592000",
    ]);
  });
});
