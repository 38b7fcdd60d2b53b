/**
 * A learner's kubectl session against the local service, with the real kubectl on PATH: every command
 * and the output a real cluster gives.
 */
import { describe, expect, it } from "vitest";
import { available, background, eventually, kubectl, ok } from "./kubectl";
import { DEPLOYMENT } from "./manifests";

const POD = (name: string, labels: Record<string, string>) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
${Object.entries(labels)
  .map(([k, v]) => `    ${k}: "${v}"`)
  .join("\n")}
spec:
  containers:
  - name: app
    image: nginx:1.27
`;

describe.skipIf(!available())("kubectl against edgeplane", () => {
  it("reports a v1.32 server", async () => {
    const out = await ok(["version"]);
    expect(out).toMatch(/Server Version: v1\.32\.\d+/);
  });

  it("lists the API resources kubectl discovers", async () => {
    const out = await ok(["api-resources"]);
    expect(out).toMatch(/^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
    const versions = await ok(["api-versions"]);
    expect(versions.split("\n")).toEqual(expect.arrayContaining(["v1", "apps/v1", "coordination.k8s.io/v1"]));
  });

  it("shows the kind-like nodes and namespaces", async () => {
    const nodes = await ok(["get", "nodes"]);
    expect(nodes).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
    expect(nodes).toMatch(/^demo-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.4$/m);
    expect(nodes).toMatch(/^demo-worker2?\s+Ready\s+<none>/m);
    const wide = await ok(["get", "nodes", "-o", "wide"]);
    expect(wide).toMatch(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/);
    expect(wide).toMatch(/demo-control-plane.*172\.18\.0\.2\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)/);
    const ns = await ok(["get", "ns"]);
    for (const n of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      expect(ns).toMatch(new RegExp(`^${n}\\s+Active\\s+`, "m"));
    }
    const dns = await ok(["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns"]);
    expect(dns).toMatch(/^coredns-\S+\s+1\/1\s+Running\s+0\s+/m);
    const mode = await ok(["get", "configmap", "kube-proxy", "-n", "kube-system", "-o", "yaml"]);
    expect(mode).toContain("mode: iptables");
    const svc = await ok(["get", "svc", "-A"]);
    expect(svc).toMatch(/kube-system\s+kube-dns\s+ClusterIP\s+10\.96\.0\.10\s+<none>\s+53\/UDP,53\/TCP,9153\/TCP/);
  });

  it("applies a manifest: created, then unchanged, then a new image through a strategic merge patch", async () => {
    expect(await ok(["apply", "-f", "-"], DEPLOYMENT("nginx:1.20"))).toBe("deployment.apps/nginx-deployment created\n");
    expect(await ok(["apply", "-f", "-"], DEPLOYMENT("nginx:1.20"))).toBe(
      "deployment.apps/nginx-deployment unchanged\n",
    );
    expect(await ok(["apply", "-f", "-"], DEPLOYMENT("nginx:1.21"))).toBe(
      "deployment.apps/nginx-deployment configured\n",
    );
    const image = await ok([
      "get",
      "deploy",
      "nginx-deployment",
      "-o",
      "jsonpath={.spec.template.spec.containers[0].image}",
    ]);
    expect(image).toBe("nginx:1.21");
    const gen = await ok(["get", "deploy", "nginx-deployment", "-o", "jsonpath={.metadata.generation}"]);
    expect(gen).toBe("2");
  });

  it("prints objects as yaml, json, wide and jsonpath", async () => {
    const yaml = await ok(["get", "deploy", "nginx-deployment", "-o", "yaml"]);
    expect(yaml).toContain("kind: Deployment");
    expect(yaml).toContain("maxSurge: 25%");
    expect(yaml).toContain("revisionHistoryLimit: 10");
    expect(yaml).toContain("imagePullPolicy: IfNotPresent");
    const json = JSON.parse(await ok(["get", "deploy", "nginx-deployment", "-o", "json"]));
    expect(json.spec.template.spec.restartPolicy).toBe("Always");
    expect(json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    const wide = await ok(["get", "deploy", "-o", "wide"]);
    expect(wide).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    // Applied seconds ago and rolling to nginx:1.21: the columns, whatever the rollout's progress.
    expect(wide).toMatch(/^nginx-deployment\s+\d\/3\s+\d\s+\d\s+\S+\s+nginx\s+nginx:1\.21\s+app=nginx$/m);
    const names = await ok(["get", "pods", "-n", "kube-system", "-o", "jsonpath={.items[*].metadata.name}"]);
    expect(names).toContain("kube-apiserver-demo-control-plane");
  });

  it("streams changes to kubectl get -w", async () => {
    await ok(["apply", "-f", "-"], POD("watched", { app: "watch" }));
    const w = background(["get", "pods", "-l", "app=watch", "-w"]);
    await eventually(() => w.output().includes("watched"));
    await ok(["label", "pod", "watched", "stage=two"]);
    // The watch shows the pod come up: scheduled, its image pulled, then Running and ready.
    await eventually(() => /^watched\s+1\/1\s+Running\s+0\s+/m.test(w.output()), 20_000);
    const out = await w.stop();
    const lines = out.trim().split("\n");
    expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines[1]).toMatch(/^watched\s+0\/1\s+(Pending|ContainerCreating)\s+0\s+/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });

  it("labels and annotates, refusing to overwrite without --overwrite", async () => {
    await ok(
      ["apply", "-f", "-"],
      POD("my-pod", { app: "nginx", environment: "production", tier: "frontend", version: "v1" }),
    );
    expect(await ok(["label", "pod", "my-pod", "owner=devops"])).toBe("pod/my-pod labeled\n");
    const refused = await kubectl(["label", "pod", "my-pod", "environment=staging"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("'environment' already has a value (production), and --overwrite is false");
    expect(await ok(["label", "pod", "my-pod", "environment=staging", "--overwrite"])).toBe("pod/my-pod labeled\n");
    expect(await ok(["label", "pod", "my-pod", "version-"])).toBe("pod/my-pod unlabeled\n");
    const shown = await ok(["get", "pods", "my-pod", "--show-labels"]);
    expect(shown).toMatch(/app=nginx,environment=staging,owner=devops,tier=frontend/);
    const cols = await ok(["get", "pods", "my-pod", "-L", "app,environment"]);
    expect(cols).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+APP\s+ENVIRONMENT$/m);
    expect(cols).toMatch(/^my-pod\s+[01]\/1\s+(Pending|ContainerCreating|Running)\s+0\s+\S+\s+nginx\s+staging$/m);

    expect(await ok(["annotate", "pod", "my-pod", "description=Web server"])).toBe("pod/my-pod annotated\n");
    const again = await kubectl(["annotate", "pod", "my-pod", "description=Other"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("--overwrite is false");
    await ok(["annotate", "pod", "my-pod", "description=Other", "--overwrite"]);
    const ann = await ok(["get", "pod", "my-pod", "-o", "jsonpath={.metadata.annotations.description}"]);
    expect(ann).toBe("Other");
  });

  it("selects with every label selector form", async () => {
    await ok(["apply", "-f", "-"], "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: selectors\n");
    const pods = [
      POD("web-prod", { app: "nginx", environment: "production", tier: "frontend", version: "v1" }),
      POD("web-stage", { app: "nginx", environment: "staging", tier: "frontend" }),
      POD("db-prod", { app: "postgres", environment: "production", tier: "backend" }),
    ];
    for (const p of pods) await ok(["apply", "-n", "selectors", "-f", "-"], p);
    const names = async (sel: string) =>
      (await ok(["get", "pods", "-n", "selectors", "-l", sel, "-o", "name"])).trim().split("\n").filter(Boolean).sort();
    expect(await names("app=nginx")).toEqual(["pod/web-prod", "pod/web-stage"]);
    expect(await names("app==nginx")).toEqual(["pod/web-prod", "pod/web-stage"]);
    expect(await names("environment!=production")).toEqual(["pod/web-stage"]);
    expect(await names("environment in (production,staging)")).toEqual([
      "pod/db-prod",
      "pod/web-prod",
      "pod/web-stage",
    ]);
    expect(await names("tier notin (frontend)")).toEqual(["pod/db-prod"]);
    expect(await names("app,!version")).toEqual(["pod/db-prod", "pod/web-stage"]);
    expect(await names("app=nginx,environment=production")).toEqual(["pod/web-prod"]);
    const none = await kubectl(["get", "pods", "-n", "selectors", "-l", "app=nothing"]);
    expect(none.stderr).toContain("No resources found in selectors namespace.");
    const bad = await kubectl(["get", "pods", "-n", "selectors", "-l", "app in nginx"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/unable to parse requirement|found 'nginx', expected: '\('/);
  });

  it("describes a pod and a deployment", async () => {
    expect(await ok(["wait", "--for=condition=Ready", "pod/my-pod", "--timeout=30s"])).toBe(
      "pod/my-pod condition met\n",
    );
    const pod = await ok(["describe", "pod", "my-pod"]);
    expect(pod).toMatch(/^Name:\s+my-pod$/m);
    expect(pod).toMatch(/^Namespace:\s+default$/m);
    expect(pod).toMatch(/^Status:\s+Running$/m);
    expect(pod).toMatch(/^Node:\s+demo-worker2?\/172\.18\.0\.[34]$/m);
    expect(pod).toMatch(
      /Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/my-pod to demo-worker2?/,
    );
    expect(pod).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container app/);
    expect(pod).toMatch(/description: Other/);
    expect(pod).toMatch(/QoS Class:\s+BestEffort/);
    const deploy = await ok(["describe", "deployment", "nginx-deployment"]);
    expect(deploy).toMatch(/^Replicas:\s+3 desired/m);
    expect(deploy).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    expect(deploy).toMatch(/Image:\s+nginx:1\.21/);
  });

  it("patches with merge, json and strategic patches", async () => {
    expect(
      await ok(["patch", "deployment", "nginx-deployment", "--type", "merge", "-p", '{"spec":{"replicas":5}}']),
    ).toBe("deployment.apps/nginx-deployment patched\n");
    await ok([
      "patch",
      "deployment",
      "nginx-deployment",
      "--type",
      "json",
      "-p",
      '[{"op":"replace","path":"/spec/replicas","value":4}]',
    ]);
    await ok([
      "patch",
      "deployment",
      "nginx-deployment",
      "--type",
      "strategic",
      "-p",
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.22"}]}}}}',
    ]);
    const got = JSON.parse(await ok(["get", "deploy", "nginx-deployment", "-o", "json"]));
    expect(got.spec.replicas).toBe(4);
    // Strategic merge: the container is merged by name, its ports kept.
    expect(got.spec.template.spec.containers).toHaveLength(1);
    expect(got.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.22" });
    expect(got.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: "TCP" }]);
    const failing = await kubectl([
      "patch",
      "deployment",
      "nginx-deployment",
      "--type",
      "json",
      "-p",
      '[{"op":"test","path":"/spec/replicas","value":9}]',
    ]);
    expect(failing.code).not.toBe(0);
    expect(await ok(["scale", "deployment", "nginx-deployment", "--replicas=2"])).toBe(
      "deployment.apps/nginx-deployment scaled\n",
    );
    expect(await ok(["get", "deploy", "nginx-deployment", "-o", "jsonpath={.spec.replicas}"])).toBe("2");
  });

  it("applies server-side, with conflicts between managers", async () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  key: "${v}"\n`;
    expect(await ok(["apply", "--server-side", "-f", "-"], cm("1"))).toBe("configmap/ssa serverside-applied\n");
    const managed = await ok(["get", "cm", "ssa", "-o", "yaml", "--show-managed-fields"]);
    expect(managed).toMatch(/manager: kubectl\n\s+operation: Apply/);
    const conflict = await kubectl(["apply", "--server-side", "--field-manager", "other", "-f", "-"], cm("2"));
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .data.key');
    await ok(["apply", "--server-side", "--field-manager", "other", "--force-conflicts", "-f", "-"], cm("2"));
    expect(await ok(["get", "cm", "ssa", "-o", "jsonpath={.data.key}"])).toBe("2");
  });

  it("rejects bad manifests with the messages a real cluster gives", async () => {
    const badName = await kubectl(
      ["apply", "-f", "-"],
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
    );
    expect(badName.code).not.toBe(0);
    expect(badName.stderr).toContain(
      'The Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of',
    );
    const unknown = await kubectl(
      ["apply", "-f", "-"],
      DEPLOYMENT("nginx").replace("image:", "imagee:").replace("nginx-deployment", "typo"),
    );
    expect(unknown.stderr).toContain('strict decoding error: unknown field "spec.template.spec.containers[0].imagee"');
    const typed = await kubectl(
      ["apply", "-f", "-"],
      DEPLOYMENT("nginx").replace("replicas: 3", 'replicas: "three"').replace("nginx-deployment", "typed"),
    );
    expect(typed.stderr).toContain(
      "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32",
    );
    const noImage = await kubectl(["run", "noimage", "--image="]);
    expect(noImage.code).not.toBe(0);
    const mismatch = await kubectl(
      ["apply", "-f", "-"],
      DEPLOYMENT("nginx")
        .replace("      labels:\n        app: nginx", "      labels:\n        app: other")
        .replace("nginx-deployment", "mismatch"),
    );
    expect(mismatch.stderr).toContain(
      'The Deployment "mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    );
    const yaml = await kubectl(["apply", "-f", "-"], "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n spec: [\n");
    expect(yaml.code).not.toBe(0);
    expect(yaml.stderr).toContain("error converting YAML to JSON");
    const missing = await kubectl(["get", "pod", "does-not-exist"]);
    expect(missing.stderr).toContain('Error from server (NotFound): pods "does-not-exist" not found');
  });

  it("deletes objects, and namespaces with their contents", async () => {
    expect(await ok(["delete", "pod", "my-pod"])).toBe('pod "my-pod" deleted\n');
    expect(await ok(["delete", "deployment", "nginx-deployment"])).toBe('deployment.apps "nginx-deployment" deleted\n');
    const gone = await kubectl(["get", "deployment", "nginx-deployment"]);
    expect(gone.stderr).toContain("NotFound");
    expect(await ok(["delete", "namespace", "selectors"])).toBe('namespace "selectors" deleted\n');
    const ns = await kubectl(["get", "namespace", "selectors"]);
    expect(ns.stderr).toContain('namespaces "selectors" not found');
  });

  it("creates objects with kubectl create, which sends Kubernetes protobuf", async () => {
    expect(await ok(["create", "namespace", "development"])).toBe("namespace/development created\n");
    expect(await ok(["create", "deployment", "nginx", "--image=nginx:1.20", "--replicas=3", "-n", "development"])).toBe(
      "deployment.apps/nginx created\n",
    );
    expect(
      await ok([
        "create",
        "configmap",
        "app-config",
        "--from-literal=mode=dev",
        "--from-literal=level=3",
        "-n",
        "development",
      ]),
    ).toBe("configmap/app-config created\n");
    expect(await ok(["create", "secret", "generic", "db", "--from-literal=password=s3cr3t", "-n", "development"])).toBe(
      "secret/db created\n",
    );
    expect(await ok(["create", "serviceaccount", "builder", "-n", "development"])).toBe(
      "serviceaccount/builder created\n",
    );
    const dep = JSON.parse(await ok(["get", "deploy", "nginx", "-n", "development", "-o", "json"]));
    expect(dep.spec).toMatchObject({ replicas: 3, selector: { matchLabels: { app: "nginx" } } });
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ name: "nginx", image: "nginx:1.20" });
    const cm = JSON.parse(await ok(["get", "cm", "app-config", "-n", "development", "-o", "json"]));
    expect(cm.data).toEqual({ mode: "dev", level: "3" });
    const secret = JSON.parse(await ok(["get", "secret", "db", "-n", "development", "-o", "json"]));
    expect(Buffer.from(secret.data.password, "base64").toString()).toBe("s3cr3t");
    expect(secret.type).toBe("Opaque");
    const exists = await kubectl(["create", "namespace", "development"]);
    expect(exists.stderr).toContain('Error from server (AlreadyExists): namespaces "development" already exists');
    expect(await ok(["delete", "namespace", "development"])).toBe('namespace "development" deleted\n');
  });

  it("refuses a wrong token with 401", async () => {
    const r = await kubectl(["get", "pods", "--token", "not-the-token"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("You must be logged in to the server");
  });
});
