import { describe, expect, it } from "vitest";
import { namespaceDefaultsController } from "../../../src/reconcile/namespace-defaults";
import { createTestCluster } from "../harness/memory-cluster";

describe("ServiceAccount controller (namespace-defaults)", () => {
  it("gives a new namespace a default ServiceAccount and recreates it when deleted", async () => {
    const c = createTestCluster({ controllers: [namespaceDefaultsController] });
    c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await c.settle();
    const first = c.get("serviceaccounts", "team", "default");
    expect(first).toBeDefined();
    c.delete("serviceaccounts", "team", "default");
    await c.settle();
    const again = c.get("serviceaccounts", "team", "default");
    expect(again).toBeDefined();
    expect(again?.metadata.uid).not.toBe(first?.metadata.uid);
    // The seeded namespaces' default ServiceAccount is recreated too.
    c.delete("serviceaccounts", "default", "default");
    await c.settle();
    expect(c.get("serviceaccounts", "default", "default")).toBeDefined();
  });
});
