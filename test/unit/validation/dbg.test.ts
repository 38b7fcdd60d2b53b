import { it } from "vitest";
import { admitPod, defaultPod } from "../../../src/kube/defaults/pod";
import { validatePod } from "../../../src/kube/validation/pod";
it("dbg", () => {
  const p: any = { metadata: { name: "web", namespace: "default" }, spec: { containers: [{ name: "n", image: "x" }] } };
  defaultPod(p); admitPod(p, { randomSuffix: () => "abcde" });
  console.log(JSON.stringify(p.spec, null, 1));
  console.log(JSON.stringify(validatePod(p)));
});
