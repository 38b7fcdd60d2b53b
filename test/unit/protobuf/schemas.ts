/** The served kinds' schemas (every exported top-level schema with a group/version/kind), for the tests. */
import type { ObjectSchema } from "../../../src/kube/schema/dsl";
import * as apps from "../../../src/kube/types/apps";
import * as autoscaling from "../../../src/kube/types/autoscaling";
import * as coordination from "../../../src/kube/types/coordination";
import * as coreOther from "../../../src/kube/types/core-other";
import * as corePod from "../../../src/kube/types/core-pod";

export const ROOT_SCHEMAS: ObjectSchema[] = [apps, autoscaling, coordination, coreOther, corePod].flatMap((m) =>
  Object.values(m).filter(
    (v): v is ObjectSchema => (v as ObjectSchema)?.kind === "object" && !!(v as ObjectSchema).gvk,
  ),
);

export function resolveSchema(apiVersion: string, kind: string): ObjectSchema | undefined {
  return ROOT_SCHEMAS.find((s) =>
    s.gvk?.some((g) => (g.group ? `${g.group}/${g.version}` : g.version) === apiVersion && g.kind === kind),
  );
}
