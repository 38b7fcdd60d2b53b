/** Response helpers: JSON bodies, Status errors, warnings and the headers kube-apiserver sends. */
import { stringify as toYaml } from "yaml";
import { internal, StatusError } from "../kube/errors";

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-cache, private", ...headers },
  });
}

export function yaml(body: unknown, status = 200): Response {
  return new Response(toYaml(body), {
    status,
    headers: { "Content-Type": "application/yaml", "Cache-Control": "no-cache, private" },
  });
}

export function statusResponse(e: StatusError): Response {
  return json(e.toStatus(), e.code);
}

/** Any thrown value → a Status response. Unknown errors become a 500 that names the failure, never a stack. */
export function errorResponse(e: unknown): Response {
  if (e instanceof StatusError) return statusResponse(e);
  console.error("unexpected error", e instanceof Error ? (e.stack ?? e.message) : e);
  return statusResponse(internal(e instanceof Error ? e.message : String(e)));
}

/** Adds `Warning: 299 - "..."` headers (RFC 7234 warn-code 299, as kube's warning.AddWarning does). */
export function withWarnings(res: Response, warnings: readonly string[]): Response {
  for (const w of warnings) res.headers.append("Warning", `299 - ${JSON.stringify(w)}`);
  return res;
}
