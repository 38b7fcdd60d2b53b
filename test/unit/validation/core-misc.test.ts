import { describe, expect, it } from "vitest";
import {
  defaultEndpoints,
  defaultNamespace,
  defaultSecret,
  defaultService,
  prepareNamespaceForCreate,
  prepareServiceForUpdate,
} from "../../../src/kube/defaults/core-misc";
import { type FieldError, fieldErrorString, invalid } from "../../../src/kube/errors";
import type { KObject } from "../../../src/kube/object";
import {
  validateConfigMap,
  validateEndpoints,
  validateEvent,
  validateLease,
  validateNamespace,
  validateNode,
  validateSecret,
  validateService,
  validateServiceAccount,
  validateServiceNodePorts,
} from "../../../src/kube/validation/core-misc";

const strs = (errs: FieldError[]) => errs.map(fieldErrorString);
const meta = (name = "x", namespace = "default") => ({ name, namespace });
const stored = (o: KObject): KObject => {
  const c = structuredClone(o);
  Object.assign(c.metadata, { uid: "u1", resourceVersion: "3", creationTimestamp: "2024-01-01T00:00:00Z" });
  return c;
};

describe("ConfigMap", () => {
  it("accepts valid keys", () => {
    expect(
      validateConfigMap({ metadata: meta("cfg"), data: { "app.properties": "a=b", KEY_1: "v", "key-name": "" } }),
    ).toEqual([]);
  });

  it("rejects a bad key with kube's message", () => {
    const errs = validateConfigMap({ metadata: meta("cfg"), data: { "bad key": "v" } });
    expect(invalid("ConfigMap", "", "cfg", errs).message).toBe(
      `ConfigMap "cfg" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  });

  it("rejects keys present in both data and binaryData, and '..' keys", () => {
    expect(
      strs(validateConfigMap({ metadata: meta("cfg"), data: { a: "1", "..x": "2" }, binaryData: { a: "AA==" } })),
    ).toEqual([
      'data[a]: Invalid value: "a": duplicate of key present in binaryData',
      "data[..x]: Invalid value: \"..x\": must not start with '..'",
    ]);
  });

  it("limits the total size to 1 MiB", () => {
    const big = "x".repeat(1024 * 1024 + 1);
    expect(strs(validateConfigMap({ metadata: meta("cfg"), data: { a: big } }))).toEqual([
      ": Too long: may not be more than 1048576 bytes",
    ]);
  });

  it("freezes data of an immutable configmap", () => {
    const old = stored({ metadata: meta("cfg"), data: { a: "1" }, immutable: true } as KObject);
    const next = { ...structuredClone(old), data: { a: "2" } };
    expect(strs(validateConfigMap(next, old))).toEqual(["data: Forbidden: field is immutable when `immutable` is set"]);
    const unset = { ...structuredClone(old), immutable: false };
    expect(strs(validateConfigMap(unset, old))).toEqual([
      "immutable: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

describe("Secret", () => {
  const secret = (type: string, data: Record<string, string> = {}): KObject => {
    const s = { metadata: meta("s"), type, data } as KObject;
    defaultSecret(s);
    return s;
  };

  it("requires tls.crt and tls.key for TLS secrets", () => {
    expect(strs(validateSecret(secret("kubernetes.io/tls", { "tls.crt": "YQ==" })))).toEqual([
      "data[tls.key]: Required value",
    ]);
  });

  it("checks the docker config is a JSON object", () => {
    expect(strs(validateSecret(secret("kubernetes.io/dockerconfigjson")))).toEqual([
      "data[.dockerconfigjson]: Required value",
    ]);
    expect(
      validateSecret(secret("kubernetes.io/dockerconfigjson", { ".dockerconfigjson": btoa('{"auths":{}}') })),
    ).toEqual([]);
    expect(
      strs(validateSecret(secret("kubernetes.io/dockerconfigjson", { ".dockerconfigjson": btoa("[1]") }))),
    ).toEqual([
      'data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    ]);
  });

  it("requires the service account annotation for token secrets", () => {
    expect(strs(validateSecret(secret("kubernetes.io/service-account-token")))).toEqual([
      "metadata.annotations[kubernetes.io/service-account.name]: Required value",
    ]);
  });

  it("requires username or password for basic-auth", () => {
    expect(strs(validateSecret(secret("kubernetes.io/basic-auth")))).toEqual([
      "data[username]: Required value",
      "data[password]: Required value",
    ]);
  });

  it("makes type immutable and data immutable when immutable is set", () => {
    const old = stored({ ...secret("Opaque", { a: "YQ==" }), immutable: true } as KObject);
    const next = {
      ...structuredClone(old),
      type: "kubernetes.io/tls",
      data: { "tls.crt": "", "tls.key": "" },
    } as KObject;
    expect(strs(validateSecret(next, old))).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
  });
});

describe("Service", () => {
  const svc = (spec: Record<string, unknown>, name = "web"): KObject => {
    const s: KObject = { metadata: meta(name), spec };
    defaultService(s);
    return s;
  };

  it("accepts a defaulted ClusterIP service", () => {
    expect(validateService(svc({ selector: { app: "web" }, ports: [{ port: 80 }] }))).toEqual([]);
  });

  it("accepts NodePort, LoadBalancer, headless and ExternalName services", () => {
    expect(validateService(svc({ type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([]);
    expect(validateService(svc({ type: "LoadBalancer", ports: [{ port: 443, targetPort: "https" }] }))).toEqual([]);
    expect(validateService(svc({ clusterIP: "None", selector: { app: "db" } }))).toEqual([]);
    expect(validateService(svc({ type: "ExternalName", externalName: "example.com." }))).toEqual([]);
  });

  it("names services with DNS-1035 labels", () => {
    expect(strs(validateService(svc({ ports: [{ port: 80 }] }, "1web")))).toEqual([
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("requires ports unless headless or ExternalName", () => {
    expect(strs(validateService(svc({})))).toEqual(["spec.ports: Required value"]);
  });

  it("validates ports: range, names, protocol, duplicates", () => {
    const errs = validateService(
      svc({
        ports: [
          { port: 80 },
          { name: "b", port: 70000, protocol: "HTTP" },
          { name: "b", port: 80, targetPort: "Bad_Name" },
        ],
      }),
    );
    expect(strs(errs).slice(0, 6)).toEqual([
      "spec.ports[0].name: Required value",
      "spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      "spec.ports[1].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
      'spec.ports[2].name: Duplicate value: "b"',
      'spec.ports[2].targetPort: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
    const dup = errs.find((e) => e.field === "spec.ports[2]");
    expect(String(dup?.value)).toBe(
      'core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    );
  });

  it("forbids nodePort on ClusterIP services and rejects unknown types", () => {
    expect(strs(validateService(svc({ ports: [{ port: 80, nodePort: 30001 }] })))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    const bad = svc({ type: "Internal", ports: [{ port: 80 }] });
    expect(strs(validateService(bad))).toContain(
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it("checks the node port range separately", () => {
    expect(strs(validateServiceNodePorts(svc({ type: "NodePort", ports: [{ port: 80, nodePort: 80 }] })))).toEqual([
      "spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767",
    ]);
  });

  it("keeps clusterIP once set", () => {
    const old = stored(svc({ clusterIP: "10.96.0.10", ports: [{ port: 80 }] }));
    const next = structuredClone(old);
    (next.spec as Record<string, unknown>).clusterIP = "10.96.0.11";
    prepareServiceForUpdate(next, old);
    const errs = validateService(next, old);
    expect(errs.map((e) => [e.field, String(e.value), e.detail])).toEqual([
      ["spec.clusterIPs[0]", '[]string{"10.96.0.11"}', "may not change once set"],
    ]);
  });

  it("lets a client omit allocated values on update", () => {
    const old = stored(svc({ clusterIP: "10.96.0.10", type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }));
    const next: KObject = {
      metadata: structuredClone(old.metadata),
      spec: { type: "NodePort", ports: [{ port: 80 }] },
    };
    defaultService(next);
    prepareServiceForUpdate(next, old);
    expect(validateService(next, old)).toEqual([]);
    expect((next.spec as { clusterIPs: string[] }).clusterIPs).toEqual(["10.96.0.10"]);
  });

  it("validates clusterIPs", () => {
    expect(strs(validateService(svc({ clusterIP: "10.0.0.300", ports: [{ port: 80 }] })))).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });

  it("validates externalIPs and ExternalName names", () => {
    expect(strs(validateService(svc({ externalIPs: ["127.0.0.1"], ports: [{ port: 80 }] })))).toEqual([
      'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ]);
    expect(strs(validateService(svc({ type: "ExternalName", externalName: "" })))).toEqual([
      "spec.externalName: Required value",
    ]);
  });
});

describe("Namespace", () => {
  it("needs a DNS label name", () => {
    const ns: KObject = { metadata: { name: "My_NS" } };
    defaultNamespace(ns);
    prepareNamespaceForCreate(ns);
    const errs = strs(validateNamespace(ns));
    expect(errs[0]).toMatch(/^metadata\.name: Invalid value: "My_NS": a lowercase RFC 1123 label must consist of/);
  });

  it("accepts a defaulted namespace and checks spec.finalizers", () => {
    const ns: KObject = { metadata: { name: "team-a" } };
    defaultNamespace(ns);
    prepareNamespaceForCreate(ns);
    expect(validateNamespace(ns)).toEqual([]);
    (ns.spec as { finalizers: string[] }).finalizers.push("custom");
    expect(strs(validateNamespace(ns))).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe("ServiceAccount, Endpoints, Event, Node, Lease", () => {
  it("validates a service account name", () => {
    expect(validateServiceAccount({ metadata: meta("builder") })).toEqual([]);
    expect(validateServiceAccount({ metadata: meta("Builder") })[0].field).toBe("metadata.name");
  });

  it("validates endpoints addresses and ports", () => {
    const ep = {
      metadata: meta("web"),
      subsets: [{ addresses: [{ ip: "10.1.2.3" }, { ip: "nope" }], ports: [{ port: 80 }, { name: "b", port: 0 }] }, {}],
    } as KObject;
    defaultEndpoints(ep);
    expect(strs(validateEndpoints(ep))).toEqual([
      'subsets[0].addresses[1].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].addresses[1].ip: Invalid value: "nope": must be a valid IP address',
      "subsets[0].ports[0].name: Required value",
      "subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
      "subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`",
    ]);
  });

  it("requires an event's namespace to match its involved object", () => {
    const ev = {
      metadata: meta("e1", "team-a"),
      involvedObject: { kind: "Pod", name: "p", namespace: "team-b" },
    } as KObject;
    expect(strs(validateEvent(ev))).toEqual([
      'involvedObject.namespace: Invalid value: "team-b": does not match event.namespace',
    ]);
    const ok = { metadata: meta("e1", "default"), involvedObject: { kind: "Node", name: "n1" } } as KObject;
    expect(validateEvent(ok)).toEqual([]);
  });

  it("validates node taints (reported under metadata.taints, as kube does)", () => {
    const node = {
      metadata: { name: "n1" },
      spec: {
        taints: [
          { key: "dedicated", value: "gpu", effect: "NoSchedule" },
          { key: "dedicated", value: "other", effect: "NoSchedule" },
          { key: "x", effect: "Sometimes" },
          { key: "y" },
        ],
      },
    } as KObject;
    const errs = validateNode(node);
    expect(errs.map((e) => [e.field, e.type, e.detail])).toEqual([
      ["metadata.taints[1]", "FieldValueDuplicate", "taints must be unique by key and effect pair"],
      ["metadata.taints[2].effect", "FieldValueNotSupported", undefined],
      ["metadata.taints[3].effect", "FieldValueRequired", undefined],
    ]);
    expect(String(errs[0].value)).toBe(
      'core.Taint{Key:"dedicated", Value:"other", Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}',
    );
  });

  it("forbids changing a node's podCIDRs", () => {
    const old = stored({ metadata: { name: "n1" }, spec: { podCIDRs: ["10.244.0.0/24"] } } as KObject);
    const next = structuredClone(old);
    (next.spec as { podCIDRs: string[] }).podCIDRs = ["10.244.1.0/24"];
    expect(strs(validateNode(next, old))).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    ]);
  });

  it("validates lease durations", () => {
    expect(
      strs(validateLease({ metadata: meta("l"), spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } } as KObject)),
    ).toEqual([
      "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0",
      "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0",
    ]);
  });
});
