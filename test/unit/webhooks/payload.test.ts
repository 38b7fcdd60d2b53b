import { describe, expect, it } from "vitest";
import { interpretPayload, WebhookPayloadError } from "../../../src/webhooks/payload";

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
spec:
  replicas: 3
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector: {app: nginx}
  ports: [{port: 80}]
`;

/** A pull_request delivery as GitHub sends it (trimmed), with the `manifests` field a CI workflow adds. */
const githubPR = (action: string, extra: Record<string, unknown> = {}) => ({
  action,
  number: 12,
  pull_request: {
    url: "https://api.github.com/repos/acme/shop/pulls/12",
    id: 2113849284,
    html_url: "https://github.com/acme/shop/pull/12",
    number: 12,
    state: action === "closed" ? "closed" : "open",
    title: "Serve the shop with nginx",
    user: { login: "octocat", id: 583231, type: "User" },
    head: { label: "acme:nginx", ref: "nginx", sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e" },
    base: { label: "acme:main", ref: "main", sha: "9049f1265b7d61be4a8904a9a27120d2064dab3b" },
    merged: false,
    draft: false,
  },
  repository: { id: 1296269, name: "shop", full_name: "acme/shop", private: true, default_branch: "main" },
  sender: { login: "octocat", id: 583231, type: "User" },
  ...extra,
});

/** A Merge Request Hook as GitLab sends it (trimmed). */
const gitlabMR = (action: string, extra: Record<string, unknown> = {}) => ({
  object_kind: "merge_request",
  event_type: "merge_request",
  user: { id: 1, name: "Administrator", username: "root" },
  project: {
    id: 1,
    name: "Gitlab Test",
    path_with_namespace: "gitlabhq/gitlab-test",
    web_url: "http://example.com/gitlabhq/gitlab-test",
  },
  object_attributes: {
    id: 99,
    iid: 7,
    target_branch: "master",
    source_branch: "ms-viewport",
    title: "MS-Viewport",
    state: action === "close" ? "closed" : action === "merge" ? "merged" : "opened",
    action,
    url: "http://example.com/gitlabhq/gitlab-test/-/merge_requests/7",
    last_commit: { id: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7", message: "fixed readme" },
  },
  labels: [],
  changes: {},
  ...extra,
});

const body = (v: unknown) => JSON.stringify(v);

describe("generic deliveries", () => {
  it("apply the bundle with defaults: namespace default, wait, 120 s", () => {
    const intent = interpretPayload("generic", "apply", body({ manifests: MANIFESTS }));
    expect(intent).toMatchObject({ kind: "apply", namespace: "default", wait: true, timeoutSeconds: 120 });
    expect(intent.kind === "apply" && intent.manifests?.map((o) => o.kind)).toEqual(["Deployment", "Service"]);
    expect(intent).not.toHaveProperty("ephemeralKey");
  });

  it("take namespace, wait and timeoutSeconds from the body", () => {
    const intent = interpretPayload(
      "generic",
      "apply",
      new TextEncoder().encode(body({ manifests: MANIFESTS, namespace: "ci", wait: false, timeoutSeconds: 30 })),
    );
    expect(intent).toMatchObject({ kind: "apply", namespace: "ci", wait: false, timeoutSeconds: 30 });
  });

  it("refuse bad payloads with a message naming the field", () => {
    const bad = (v: unknown) => () => interpretPayload("generic", "apply", typeof v === "string" ? v : body(v));
    expect(bad({})).toThrow(new WebhookPayloadError("manifests: required (a multi-document YAML or JSON string)"));
    expect(bad({ manifests: "" })).toThrow("manifests: the bundle holds no objects");
    expect(bad({ manifests: 42 })).toThrow("manifests: must be a string of YAML or JSON documents, not a number");
    expect(bad({ manifests: "kind: [" })).toThrow(/^manifests: document 1 \(line 1\): yaml: /);
    expect(bad({ manifests: MANIFESTS, namespace: "Not_A_Label" })).toThrow(/^namespace: Invalid value: "Not_A_Label"/);
    expect(bad({ manifests: MANIFESTS, wait: "yes" })).toThrow("wait: must be true or false");
    expect(bad({ manifests: MANIFESTS, timeoutSeconds: 0 })).toThrow(/^timeoutSeconds: must be a whole number/);
    expect(bad({ manifests: MANIFESTS, timeoutSeconds: 1.5 })).toThrow(/^timeoutSeconds/);
    expect(bad("not json")).toThrow(/^the payload is not JSON/);
    expect(bad([1, 2])).toThrow("the payload must be a JSON object");
    expect(() => interpretPayload("generic", "apply", new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(
      "the payload is not valid UTF-8",
    );
  });

  it("accept manifests given as decoded objects", () => {
    const intent = interpretPayload(
      "generic",
      "apply",
      body({ manifests: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }] }),
    );
    expect(intent.kind === "apply" && intent.manifests?.[0].kind).toBe("ConfigMap");
  });

  it("answer ping and ignore unknown events", () => {
    expect(interpretPayload("generic", "ping", "{}")).toEqual({ kind: "ping" });
    expect(interpretPayload("generic", "deploy-later", "{}")).toEqual({
      kind: "ignore",
      reason: 'event "deploy-later" is not acted on',
    });
  });
});

describe("GitHub deliveries", () => {
  it("answer ping with GitHub's zen", () => {
    const ping = {
      zen: "Keep it logically awesome.",
      hook_id: 123,
      hook: { type: "Repository", events: ["pull_request"] },
    };
    expect(interpretPayload("github", "ping", body(ping))).toEqual({ kind: "ping", zen: "Keep it logically awesome." });
  });

  it("apply an opened, reopened or synchronized PR to its ephemeral cluster pr-<number>", () => {
    for (const action of ["opened", "reopened", "synchronize"]) {
      const intent = interpretPayload(
        "github",
        "pull_request",
        body(githubPR(action, { manifests: MANIFESTS, namespace: "shop" })),
      );
      expect(intent).toMatchObject({
        kind: "apply",
        ephemeralKey: "pr-12",
        namespace: "shop",
        context: {
          repository: "acme/shop",
          number: 12,
          sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
          ref: "nginx",
          url: "https://github.com/acme/shop/pull/12",
        },
      });
      expect(intent.kind === "apply" && intent.manifests).toHaveLength(2);
    }
  });

  it("only ensures the PR's cluster when the workflow added no manifests", () => {
    const intent = interpretPayload("github", "pull_request", body(githubPR("opened")));
    expect(intent).toMatchObject({ kind: "apply", ephemeralKey: "pr-12" });
    expect(intent).not.toHaveProperty("manifests");
  });

  it("delete the ephemeral cluster when the PR closes, merged or not", () => {
    expect(interpretPayload("github", "pull_request", body(githubPR("closed")))).toMatchObject({
      kind: "close",
      ephemeralKey: "pr-12",
    });
  });

  it("ignore other PR actions and other events, unless a workflow put manifests in them", () => {
    expect(interpretPayload("github", "pull_request", body(githubPR("labeled")))).toEqual({
      kind: "ignore",
      reason: `pull_request action "labeled" does not change the PR's cluster`,
    });
    const push = { ref: "refs/heads/main", after: "6dcb09b5", repository: { full_name: "acme/shop" } };
    expect(interpretPayload("github", "push", body(push))).toEqual({
      kind: "ignore",
      reason: 'GitHub event "push" is not acted on',
    });
    const dispatched = interpretPayload("github", "workflow_dispatch", body({ ...push, manifests: MANIFESTS }));
    expect(dispatched).toMatchObject({ kind: "apply", namespace: "default" });
    expect(dispatched).not.toHaveProperty("ephemeralKey");
  });

  it("read a form-encoded delivery (payload=...)", () => {
    const form = new URLSearchParams({ payload: body(githubPR("closed")) }).toString();
    expect(
      interpretPayload("github", "pull_request", form, { contentType: "application/x-www-form-urlencoded" }),
    ).toMatchObject({ kind: "close", ephemeralKey: "pr-12" });
  });

  it("refuse a pull_request without a usable number", () => {
    const pr = githubPR("opened");
    const broken = { ...pr, number: "12", pull_request: { ...pr.pull_request, number: undefined } };
    expect(() => interpretPayload("github", "pull_request", body(broken))).toThrow(
      "number: must be a positive whole number",
    );
  });
});

describe("GitLab deliveries", () => {
  it("apply open, reopen and update to the MR's ephemeral cluster mr-<iid>", () => {
    for (const action of ["open", "reopen", "update"]) {
      const intent = interpretPayload("gitlab", "Merge Request Hook", body(gitlabMR(action, { manifests: MANIFESTS })));
      expect(intent).toMatchObject({
        kind: "apply",
        ephemeralKey: "mr-7",
        context: {
          repository: "gitlabhq/gitlab-test",
          number: 7,
          sha: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
          ref: "ms-viewport",
        },
      });
    }
  });

  it("delete the MR's cluster on close and merge, and ignore approvals", () => {
    expect(interpretPayload("gitlab", "Merge Request Hook", body(gitlabMR("close")))).toMatchObject({
      kind: "close",
      ephemeralKey: "mr-7",
    });
    expect(interpretPayload("gitlab", "Merge Request Hook", body(gitlabMR("merge")))).toMatchObject({ kind: "close" });
    expect(interpretPayload("gitlab", "Merge Request Hook", body(gitlabMR("approved")))).toMatchObject({
      kind: "ignore",
    });
  });

  it("refuse a Merge Request Hook that is not about a merge request", () => {
    expect(() =>
      interpretPayload("gitlab", "Merge Request Hook", body({ ...gitlabMR("open"), object_kind: "push" })),
    ).toThrow('object_kind: a Merge Request Hook must carry "merge_request", not "push"');
    const noIid = gitlabMR("open");
    (noIid.object_attributes as Record<string, unknown>).iid = undefined;
    expect(() => interpretPayload("gitlab", "Merge Request Hook", body(noIid))).toThrow(
      "object_attributes.iid: must be a positive whole number",
    );
  });

  it("ignore other hooks without manifests", () => {
    expect(interpretPayload("gitlab", "Push Hook", body({ object_kind: "push", ref: "refs/heads/main" }))).toEqual({
      kind: "ignore",
      reason: 'GitLab event "Push Hook" is not acted on',
    });
  });
});
