/**
 * Accept-header negotiation for resource responses. Clients ask for alternative renderings with media type
 * parameters (`application/json;as=Table;v=v1;g=meta.k8s.io`), listed in preference order with a plain
 * `application/json` fallback. We serve JSON only (no protobuf, no CBOR); YAML when asked for explicitly.
 */
import { notAcceptable } from "../kube/errors";

export type Rendering =
  | { as: "object"; format: "json" | "yaml" }
  | { as: "table"; version: "v1" | "v1beta1"; includeObject: "None" | "Metadata" | "Object" }
  | { as: "metadata"; version: "v1" | "v1beta1" };

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string | null): MediaRange[] {
  if (!header) return [{ type: "*/*", params: {} }];
  return header
    .split(",")
    .map((part) => {
      const [type, ...rest] = part.split(";").map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf("=");
        if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    })
    .filter((m) => m.type.length > 0);
}

const JSONISH = new Set(["application/json", "application/*", "*/*"]);

/**
 * Picks the first rendering we can produce. `includeObject` comes from the query (TableOptions).
 * Throws 406 when nothing acceptable is offered (e.g. protobuf only).
 */
export function negotiate(accept: string | null, includeObject: string | null, allowTable = true): Rendering {
  for (const m of parseAccept(accept)) {
    if (m.type === "application/yaml") return { as: "object", format: "yaml" };
    if (!JSONISH.has(m.type)) continue;
    const as = m.params.as;
    if (!as) return { as: "object", format: "json" };
    if (m.params.g !== "meta.k8s.io") continue;
    const version = m.params.v === "v1beta1" ? "v1beta1" : m.params.v === "v1" ? "v1" : undefined;
    if (!version) continue;
    if (as === "Table" && allowTable) {
      const inc = includeObject === "None" || includeObject === "Object" ? includeObject : "Metadata";
      return { as: "table", version, includeObject: inc };
    }
    if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return { as: "metadata", version };
  }
  throw notAcceptable(
    "only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io",
  );
}
