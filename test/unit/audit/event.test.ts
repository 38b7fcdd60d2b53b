import { describe, expect, it } from "vitest";
import { toAuditEvent } from "../../../src/audit/event";
import type { AuditRecord } from "../../../src/audit/record";

const T = Date.parse("2026-03-04T05:06:07.089Z");

function createRecord(over: Partial<AuditRecord> = {}): AuditRecord {
  return {
    auditId: "6e2c4a0e-0a49-4a34-9b0c-3d0e6f1b7a11",
    requestURI: "/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create",
    verb: "create",
    user: { username: "alice@example.com", groups: ["system:authenticated"] },
    sourceIPs: ["203.0.113.7"],
    userAgent: "kubectl/v1.31.0 (linux/amd64) kubernetes/abc1234",
    objectRef: { resource: "configmaps", namespace: "default", name: "settings", apiVersion: "v1" },
    responseStatus: { code: 201 },
    requestReceivedTimestamp: T,
    stageTimestamp: T + 12,
    ...over,
  };
}

describe("toAuditEvent", () => {
  it("writes the Event kube-apiserver logs at ResponseComplete, fields in its order", () => {
    const ev = toAuditEvent(createRecord());
    expect(ev).toEqual({
      kind: "Event",
      apiVersion: "audit.k8s.io/v1",
      level: "Metadata",
      auditID: "6e2c4a0e-0a49-4a34-9b0c-3d0e6f1b7a11",
      stage: "ResponseComplete",
      requestURI: "/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create",
      verb: "create",
      user: { username: "alice@example.com", groups: ["system:authenticated"] },
      sourceIPs: ["203.0.113.7"],
      userAgent: "kubectl/v1.31.0 (linux/amd64) kubernetes/abc1234",
      objectRef: { resource: "configmaps", namespace: "default", name: "settings", apiVersion: "v1" },
      responseStatus: { metadata: {}, code: 201 },
      requestReceivedTimestamp: "2026-03-04T05:06:07.089000Z",
      stageTimestamp: "2026-03-04T05:06:07.101000Z",
    });
    // A log line reads in the Go struct's field order.
    expect(JSON.stringify(ev)).toBe(
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"6e2c4a0e-0a49-4a34-9b0c-3d0e6f1b7a11","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create","verb":"create","user":{"username":"alice@example.com","groups":["system:authenticated"]},"sourceIPs":["203.0.113.7"],"userAgent":"kubectl/v1.31.0 (linux/amd64) kubernetes/abc1234","objectRef":{"resource":"configmaps","namespace":"default","name":"settings","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestReceivedTimestamp":"2026-03-04T05:06:07.089000Z","stageTimestamp":"2026-03-04T05:06:07.101000Z"}',
    );
  });

  it("records a denied, impersonated request with its status and authorization annotations", () => {
    const ev = toAuditEvent(
      createRecord({
        verb: "get",
        requestURI: "/api/v1/namespaces/kube-system/secrets/token",
        impersonatedUser: { username: "system:serviceaccount:ci:deployer", groups: [] },
        objectRef: { resource: "secrets", namespace: "kube-system", name: "token", apiGroup: "", apiVersion: "v1" },
        responseStatus: {
          code: 403,
          status: "Failure",
          reason: "Forbidden",
          message: 'secrets "token" is forbidden: User "system:serviceaccount:ci:deployer" cannot get resource',
        },
        annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" },
      }),
    );
    // Empty groups and the core group's "" are omitted, as omitempty does.
    expect(ev.impersonatedUser).toEqual({ username: "system:serviceaccount:ci:deployer" });
    expect(ev.objectRef).toEqual({ resource: "secrets", namespace: "kube-system", name: "token", apiVersion: "v1" });
    expect(JSON.stringify(ev.responseStatus)).toBe(
      '{"metadata":{},"status":"Failure","message":"secrets \\"token\\" is forbidden: User \\"system:serviceaccount:ci:deployer\\" cannot get resource","reason":"Forbidden","code":403}',
    );
    expect(ev.annotations).toEqual({ "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "" });
  });

  it("omits objectRef, user agent and annotations a non-resource request does not have", () => {
    const ev = toAuditEvent(
      createRecord({ verb: "post", requestURI: "/apis", objectRef: undefined, userAgent: undefined, sourceIPs: [] }),
    );
    expect(Object.keys(ev)).toEqual([
      "kind",
      "apiVersion",
      "level",
      "auditID",
      "stage",
      "requestURI",
      "verb",
      "user",
      "responseStatus",
      "requestReceivedTimestamp",
      "stageTimestamp",
    ]);
  });

  it("never carries request or response bodies, whatever the input or level", () => {
    const secret = { apiVersion: "v1", kind: "Secret", data: { password: "aHVudGVyMg==" } };
    const hostile = {
      ...createRecord({ objectRef: { resource: "secrets", namespace: "default", name: "db" } }),
      requestObject: secret,
      responseObject: secret,
    } as AuditRecord;
    (hostile.objectRef as unknown as Record<string, unknown>).body = secret;
    for (const level of ["Metadata", "Request", "RequestResponse"] as const) {
      const ev = toAuditEvent(hostile, level);
      expect(ev.level).toBe(level);
      expect(ev).not.toHaveProperty("requestObject");
      expect(ev).not.toHaveProperty("responseObject");
      expect(JSON.stringify(ev)).not.toContain("aHVudGVyMg==");
    }
  });
});
