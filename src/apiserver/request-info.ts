/**
 * Parses a request path into what it addresses, like k8s.io/apiserver's RequestInfoFactory:
 * /api/v1/namespaces/default/pods/nginx/log → { group "", version v1, namespace default, resource pods,
 * name nginx, subresource log }. Paths are relative to the cluster (the Worker strips /clusters/<name>).
 */

export type ResourceVerb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export interface ResourceRequest {
  type: "resource";
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: ResourceVerb;
}

export type NonResourceRequest =
  | { type: "version" }
  | { type: "health"; check: "healthz" | "readyz" | "livez" }
  | { type: "api" }
  | { type: "apis" }
  | { type: "group"; group: string }
  | { type: "groupVersion"; group: string; version: string }
  | { type: "openapiV2" }
  | { type: "openapiV3"; path?: string }
  | { type: "unknown" };

export type RequestInfo = ResourceRequest | NonResourceRequest;

function decodeSegments(path: string): string[] {
  return path
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const parts = decodeSegments(path);
  if (parts.length === 0) return { type: "unknown" };
  const head = parts[0];
  if (head === "version" && parts.length === 1) return { type: "version" };
  if ((head === "healthz" || head === "readyz" || head === "livez") && parts.length <= 2) {
    return { type: "health", check: head };
  }
  if (head === "openapi") {
    if (parts[1] === "v2" && parts.length === 2) return { type: "openapiV2" };
    if (parts[1] === "v3") return { type: "openapiV3", path: parts.slice(2).join("/") || undefined };
    return { type: "unknown" };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (head === "api") {
    if (parts.length === 1) return { type: "api" };
    group = "";
    version = parts[1];
    if (parts.length === 2) return { type: "groupVersion", group, version };
    rest = parts.slice(2);
  } else if (head === "apis") {
    if (parts.length === 1) return { type: "apis" };
    group = parts[1];
    if (parts.length === 2) return { type: "group", group };
    version = parts[2];
    if (parts.length === 3) return { type: "groupVersion", group, version };
    rest = parts.slice(3);
  } else {
    return { type: "unknown" };
  }

  // Legacy watch paths: /api/v1/watch/namespaces/default/pods
  let watchPath = false;
  if (rest[0] === "watch") {
    watchPath = true;
    rest = rest.slice(1);
  }

  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 2) {
    // /namespaces/<ns> addresses the Namespace itself; /namespaces/<ns>/<resource>... is namespaced.
    if (rest.length === 2 || (rest.length === 3 && group === "" && (rest[2] === "status" || rest[2] === "finalize"))) {
      rest = ["namespaces", ...rest.slice(1)];
    } else {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  if (rest.length === 0 || rest.length > 3) return { type: "unknown" };
  const [resource, name, subresource] = rest;

  let verb: ResourceVerb;
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
      if (watchPath || query.get("watch") === "true" || query.get("watch") === "1") verb = "watch";
      else verb = name ? "get" : "list";
      break;
    case "POST":
      verb = "create";
      break;
    case "PUT":
      verb = "update";
      break;
    case "PATCH":
      verb = "patch";
      break;
    case "DELETE":
      verb = name ? "delete" : "deletecollection";
      break;
    default:
      verb = "get";
  }
  return { type: "resource", group, version, namespace, resource, name, subresource, verb };
}
