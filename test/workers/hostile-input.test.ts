/**
 * Malformed and hostile request bodies: every one must get a 4xx Status (never a 500) and leave the store
 * exactly as it was.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, kube, TOKEN } from "./helpers";

const TARGETS = [
  "/api/v1/namespaces/default/pods",
  "/apis/apps/v1/namespaces/default/deployments",
  "/api/v1/namespaces/default/configmaps",
];

function deep(n: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

const BODIES: [string, string][] = [
  ["empty", ""],
  ["not json", "{nope"],
  ["array", "[1,2,3]"],
  ["null", "null"],
  ["string", '"hello"'],
  ["number", "42"],
  ["wrong types", JSON.stringify({ apiVersion: 5, kind: ["Pod"], metadata: "x" })],
  ["metadata wrong type", JSON.stringify({ metadata: { name: 12, labels: "x" } })],
  ["labels wrong type", JSON.stringify({ metadata: { name: "x", labels: { a: 1 } } })],
  [
    "proto pollution",
    '{"metadata":{"name":"pp","__proto__":{"polluted":true},"labels":{"__proto__":"x"}},"__proto__":{"x":1}}',
  ],
  [
    "constructor keys",
    JSON.stringify({
      metadata: { name: "ctor", annotations: { constructor: "x", prototype: "y" } },
      constructor: { prototype: {} },
    }),
  ],
  ["deep nesting", JSON.stringify({ metadata: { name: "deep" }, spec: deep(3000) })],
  ["huge string name", JSON.stringify({ metadata: { name: "a".repeat(100_000) } })],
  ["huge label", JSON.stringify({ metadata: { name: "hl", labels: { k: "v".repeat(70_000) } } })],
  ["invalid utf8", '\u0000{"metadata":{"name":"\ud800"}}'],
  ["lone surrogate", '{"metadata":{"name":"x\\ud800y"}}'],
  ["nan/infinity", '{"metadata":{"name":"n"},"spec":{"replicas":NaN}}'],
  ["negative replicas", JSON.stringify({ metadata: { name: "neg" }, spec: { replicas: -1 } })],
  ["float where int", JSON.stringify({ metadata: { name: "flt" }, spec: { replicas: 1.5 } })],
  ["bool where object", JSON.stringify({ metadata: { name: "bo" }, spec: true })],
  ["containers wrong", JSON.stringify({ metadata: { name: "cw" }, spec: { containers: "nginx" } })],
  [
    "ports out of range",
    JSON.stringify({
      metadata: { name: "po" },
      spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: 70000 }] }] },
    }),
  ],
  [
    "quantity garbage",
    JSON.stringify({
      metadata: { name: "qg" },
      spec: { containers: [{ name: "c", image: "i", resources: { limits: { cpu: "lots" } } }] },
    }),
  ],
  [
    "yaml bomb-ish",
    "a: &a [1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c]\n",
  ],
];

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const t of TARGETS) {
    const r = await kube("GET", t);
    parts.push(JSON.stringify((r.body.items ?? []).map((o: any) => [o.metadata.name, o.metadata.resourceVersion])));
  }
  return parts.join("|");
}

describe("hostile input", () => {
  it("answers every malformed body with a 4xx Status and changes nothing", async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const target of TARGETS) {
      for (const [label, body] of BODIES) {
        for (const [method, path, type] of [
          ["POST", target, "application/json"],
          ["POST", target, "application/yaml"],
          ["PUT", `${target}/x`, "application/json"],
          ["PATCH", `${target}/x`, "application/merge-patch+json"],
          ["PATCH", `${target}/x`, "application/strategic-merge-patch+json"],
          ["PATCH", `${target}/x`, "application/json-patch+json"],
          ["PATCH", `${target}/x?fieldManager=fuzz`, "application/apply-patch+yaml"],
          ["POST", target, "application/vnd.kubernetes.protobuf"],
        ] as const) {
          const res = await SELF.fetch(`${BASE}${path}`, {
            method,
            headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": type },
            body,
          });
          const text = await res.text();
          let status: any;
          try {
            status = JSON.parse(text);
          } catch {
            status = undefined;
          }
          const okStatus = res.status >= 400 && res.status < 500 && status?.kind === "Status";
          // A body that happens to be a valid object for that endpoint may legitimately be created (2xx);
          // those are cleaned up below. Anything 5xx, or a non-Status error, is a failure.
          if (res.status >= 500 || (res.status >= 400 && !okStatus)) {
            failures.push(`${method} ${path} [${type}] ${label}: ${res.status} ${text.slice(0, 160)}`);
          }
          if (res.status < 300) {
            const name = JSON.parse(text).metadata?.name;
            if (name) await kube("DELETE", `${target}/${name}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
    const polluted = {} as Record<string, unknown>;
    expect(polluted.polluted).toBeUndefined();
  }, 240_000);
});
