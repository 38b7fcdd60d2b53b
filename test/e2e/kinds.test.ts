/**
 * Every kind a Kubernetes course touches, created the way tutorials create them: `kubectl create ...`
 * (protobuf bodies), `kubectl apply` of a multi-document YAML, `kubectl get all`, `kubectl explain`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { available, kubectl, ok } from "./kubectl";

const NS = ["-n", "kinds"];

describe.skipIf(!available())("kinds through kubectl", () => {
  it("creates every kind with kubectl create", async () => {
    const dir = mkdtempSync(join(tmpdir(), "edgeplane-kinds-"));
    writeFileSync(join(dir, "app.properties"), "mode=dev\n");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        join(dir, "tls.key"),
        "-out",
        join(dir, "tls.crt"),
        "-days",
        "1",
        "-subj",
        "/CN=example.com",
      ],
      { stdio: "ignore" },
    );
    const cases: [string[], string][] = [
      [["create", "namespace", "kinds"], "namespace/kinds created"],
      [["create", "configmap", "literal", "--from-literal=a=b", ...NS], "configmap/literal created"],
      [["create", "configmap", "file", `--from-file=${join(dir, "app.properties")}`, ...NS], "configmap/file created"],
      [["create", "secret", "generic", "gen", "--from-literal=password=pw", ...NS], "secret/gen created"],
      [
        ["create", "secret", "tls", "tls", `--cert=${join(dir, "tls.crt")}`, `--key=${join(dir, "tls.key")}`, ...NS],
        "secret/tls created",
      ],
      [
        [
          "create",
          "secret",
          "docker-registry",
          "reg",
          "--docker-server=r.example.com",
          "--docker-username=u",
          "--docker-password=p",
          ...NS,
        ],
        "secret/reg created",
      ],
      [["create", "serviceaccount", "builder", ...NS], "serviceaccount/builder created"],
      [
        ["create", "role", "pod-reader", "--verb=get", "--verb=list", "--resource=pods", ...NS],
        "role.rbac.authorization.k8s.io/pod-reader created",
      ],
      [
        ["create", "rolebinding", "read-pods", "--role=pod-reader", "--user=jane", ...NS],
        "rolebinding.rbac.authorization.k8s.io/read-pods created",
      ],
      [
        ["create", "clusterrole", "node-reader", "--verb=get", "--resource=nodes"],
        "clusterrole.rbac.authorization.k8s.io/node-reader created",
      ],
      [["create", "job", "hello", "--image=busybox", ...NS, "--", "echo", "hi"], "job.batch/hello created"],
      [
        ["create", "cronjob", "backup", "--image=busybox", "--schedule=0 2 * * *", ...NS, "--", "echo", "hi"],
        "cronjob.batch/backup created",
      ],
      [["create", "job", "--from=cronjob/backup", "manual-backup", ...NS], "job.batch/manual-backup created"],
      [["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", ...NS], "deployment.apps/web created"],
      [["create", "service", "clusterip", "web", "--tcp=80:8080", ...NS], "service/web created"],
      [["create", "service", "nodeport", "web-np", "--tcp=80:8080", ...NS], "service/web-np created"],
      [["create", "quota", "dev-quota", "--hard=pods=10,services=5", ...NS], "resourcequota/dev-quota created"],
      [
        ["create", "priorityclass", "high", "--value=1000", "--description=high priority"],
        "priorityclass.scheduling.k8s.io/high created",
      ],
      [["create", "ingress", "web", "--rule=example.com/=web:80", ...NS], "ingress.networking.k8s.io/web created"],
    ];
    for (const [args, expected] of cases) expect(await ok(args)).toBe(`${expected}\n`);

    const tls = JSON.parse(await ok(["get", "secret", "tls", ...NS, "-o", "json"]));
    expect(tls.type).toBe("kubernetes.io/tls");
    expect(Object.keys(tls.data).sort()).toEqual(["tls.crt", "tls.key"]);
    const job = JSON.parse(await ok(["get", "job", "hello", ...NS, "-o", "json"]));
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    const cj = await ok(["get", "cronjob", "backup", ...NS]);
    expect(cj).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m);
    expect(cj).toMatch(/^backup\s+0 2 \* \* \*\s+<none>/m);
    const rb = await ok(["get", "rolebinding", "read-pods", ...NS, "-o", "wide"]);
    expect(rb).toMatch(/^read-pods\s+Role\/pod-reader\s+\S+\s+jane/m);
    const pc = await ok(["get", "priorityclass"]);
    expect(pc).toMatch(/^high\s+1000\s+false\s+/m);
    const ing = await ok(["get", "ingress", ...NS]);
    expect(ing).toMatch(/^web\s+<none>\s+example\.com\s+\S*\s*80\s+/m);
  });

  it("applies a multi-document YAML with every kind, then applies it again", async () => {
    const file = join(__dirname, "every-kind.yaml");
    const out = await ok(["apply", "-f", file]);
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(32);
    expect(lines.every((l) => l.endsWith(" created"))).toBe(true);
    // kubectl itself reports some kinds "configured" on every re-apply against any cluster: Secrets with
    // stringData, StatefulSets with volumeClaimTemplates (kubernetes#66450), PDBs (selector is patched with
    // the replace strategy) and pods whose volumes list gains the injected token volume.
    const again = (await ok(["apply", "-f", file])).trim().split("\n");
    const alwaysConfigured = [
      "secret/app-secret",
      "statefulset.apps/db",
      "poddisruptionbudget.policy/web",
      "pod/single",
    ];
    for (const line of again) {
      const name = line.split(" ")[0];
      expect(line).toBe(`${name} ${alwaysConfigured.includes(name) ? "configured" : "unchanged"}`);
    }
    const all = await ok(["get", "all", "-n", "every"]);
    for (const name of [
      "pod/single",
      "service/web",
      "daemonset.apps/agent",
      "deployment.apps/web",
      "statefulset.apps/db",
      "job.batch/pi",
      "cronjob.batch/backup",
      "horizontalpodautoscaler.autoscaling/web",
      "replicaset.apps/rs",
      "replicationcontroller/rc",
    ]) {
      expect(all).toContain(name);
    }
    const svc = JSON.parse(await ok(["get", "svc", "web", "-n", "every", "-o", "json"]));
    expect(svc.spec.clusterIP).toMatch(/^10\./);
    expect(svc.spec.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    await ok(["delete", "-f", file, "--wait=false", "--ignore-not-found"]);
  });

  it("autoscales a deployment (autoscaling/v1) and reads it back as v2, also through get --raw", async () => {
    expect(await ok(["autoscale", "deployment", "web", "--min=3", "--max=10", "--cpu-percent=80", ...NS])).toBe(
      "horizontalpodautoscaler.autoscaling/web autoscaled\n",
    );
    const hpa = await ok(["get", "hpa", "web", ...NS]);
    expect(hpa).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/m);
    expect(hpa).toMatch(/^web\s+Deployment\/web\s+cpu: <unknown>\/80%\s+3\s+10\s+/m);
    const raw = JSON.parse(
      await ok(["get", "--raw", "/apis/autoscaling/v1/namespaces/kinds/horizontalpodautoscalers/web"]),
    );
    expect(raw.spec.targetCPUUtilizationPercentage).toBe(80);
  });

  it("shows workloads with kubectl get all", async () => {
    const all = await ok(["get", "all", ...NS]);
    expect(all).toContain("deployment.apps/web");
    expect(all).toContain("cronjob.batch/backup");
    expect(all).toContain("job.batch/hello");
    expect(all).toContain("service/web");
  });

  it("explains fields from the served OpenAPI", async () => {
    const out = await ok(["explain", "cronjob.spec.concurrencyPolicy"]);
    expect(out).toMatch(/GROUP:\s+batch/);
    expect(out).toMatch(/FIELD: concurrencyPolicy <string>/);
    const pod = await ok(["explain", "pod.spec.containers.resources"]);
    expect(pod).toMatch(/FIELD: resources <ResourceRequirements>/);
  });

  it("answers kubectl auth can-i, auth whoami and create token", async () => {
    expect(await ok(["auth", "can-i", "create", "pods"])).toBe("yes\n");
    const who = await ok(["auth", "whoami"]);
    expect(who).toMatch(/Username\s+kubernetes-admin/);
    const token = (await ok(["create", "token", "builder", ...NS])).trim();
    expect(token.split(".")).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
    expect(payload.sub).toBe("system:serviceaccount:kinds:builder");
  });

  it("serves a CustomResourceDefinition's resources, validated against its schema", async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
              image: {type: string}
              replicas: {type: integer, minimum: 1, maximum: 10}
    additionalPrinterColumns:
    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
`;
    const ct = (name: string, cron: string, replicas: number) =>
      `apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: ${name}\nspec:\n  cronSpec: "${cron}"\n  image: my-cron\n  replicas: ${replicas}\n`;
    expect(await ok(["apply", "-f", "-"], crd)).toBe(
      "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n",
    );
    expect(await ok(["apply", ...NS, "-f", "-"], ct("my-cron", "* * * * */5", 3))).toBe(
      "crontab.stable.example.com/my-cron created\n",
    );
    const list = await ok(["get", "ct", ...NS]);
    expect(list).toMatch(/^NAME\s+SPEC\s+REPLICAS\s+AGE$/m);
    expect(list).toMatch(/^my-cron\s+\* \* \* \* \*\/5\s+3\s+/m);
    const bad = await kubectl(["apply", ...NS, "-f", "-"], ct("bad-cron", "* * * *", 15));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('The CronTab "bad-cron" is invalid');
    expect(bad.stderr).toContain(
      "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10",
    );
    const explain = await ok(["explain", "crontab.spec"]);
    expect(explain).toMatch(/replicas\s+<integer>/);
    await ok(["delete", "crd", "crontabs.stable.example.com"]);
    const gone = await kubectl(["get", "crd", "crontabs.stable.example.com"]);
    expect(gone.stderr).toContain("NotFound");
  });

  it("cleans up the namespace", async () => {
    await ok(["delete", "namespace", "kinds"]);
    await ok(["delete", "clusterrole", "node-reader"]);
    await ok(["delete", "priorityclass", "high"]);
    const gone = await kubectl(["get", "namespace", "kinds"]);
    expect(gone.code).not.toBe(0);
  });
});
