/** Shared pieces of the tenant API routes: the caller, role checks and JSON bodies. */
import type { Context } from "hono";
import type { AuthEnv } from "../../auth/authenticate";
import type { TenantRole } from "../../auth/jwt";
import { type Principal, roleAtLeast } from "../../auth/principal";
import { badRequest, StatusError, unauthorized } from "../../kube/errors";

export type V1Context = Context<AuthEnv>;

/** Largest JSON body the tenant API reads (webhook bundles have their own limit). */
const MAX_JSON_BYTES = 1024 * 1024;

export function principalOf(c: V1Context): Principal {
  const p = c.get("principal");
  if (!p) throw unauthorized();
  return p;
}

/** The caller, if its tenant role is at least `min`; otherwise 403 naming what was needed. */
export function requireRole(c: V1Context, min: TenantRole, action: string): Principal {
  const p = principalOf(c);
  if (!roleAtLeast(p.role, min)) {
    throw new StatusError(
      403,
      "Forbidden",
      `${p.subject} (tenant role "${p.role}") may not ${action}: it needs the "${min}" role or higher`,
    );
  }
  return p;
}

export async function readJson(c: V1Context): Promise<Record<string, unknown>> {
  const type = c.req.header("content-type") ?? "";
  // curl -d sends application/x-www-form-urlencoded unless told otherwise; the body is still JSON, so accept
  // it (as GitHub's API does) rather than make every copied example fail.
  if (type && !/^application\/(json|x-www-form-urlencoded)\b/i.test(type)) {
    throw new StatusError(415, "UnsupportedMediaType", `the body must be application/json, not ${type}`);
  }
  const text = await c.req.text();
  if (text.length > MAX_JSON_BYTES) throw new StatusError(413, "RequestEntityTooLarge", "the body is too large");
  if (text.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badRequest(`the body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw badRequest("the body must be a JSON object");
  return v as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest(`${field} must be a string`);
  return v;
}

/** Cursor pagination over a sorted list: `?limit=` (1..500) and an opaque `?continue=` (the last name seen). */
export function paginate<T>(c: V1Context, items: T[], keyOf: (t: T) => string): { items: T[]; continue?: string } {
  const limitRaw = c.req.query("limit");
  const limit = limitRaw === undefined ? 500 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badRequest("limit must be an integer from 1 to 500");
  const after = c.req.query("continue");
  let start = 0;
  if (after) {
    let key: string;
    try {
      key = atob(after);
    } catch {
      throw badRequest("continue token is malformed");
    }
    start = items.findIndex((i) => keyOf(i) > key);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { items: page, continue: more ? btoa(keyOf(page[page.length - 1])) : undefined };
}
