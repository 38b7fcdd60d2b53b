/**
 * /v1/members: the tenant's own record of its people. The identity provider vouches for who someone is and
 * asserts a role; a member row set here overrides that role (an admin can narrow it) or disables the member.
 */
import { Hono } from "hono";
import type { AuthEnv } from "../../auth/authenticate";
import { isTenantRole } from "../../auth/jwt";
import { roleAtLeast } from "../../auth/principal";
import type { MemberRow } from "../../db/schema";
import { badRequest, StatusError } from "../../kube/errors";
import { deleteMember, getMember, listMembers, putMember } from "../tenant-store";
import { readJson, requireRole } from "./common";

const view = (m: MemberRow) => ({
  subject: m.subject,
  role: m.role,
  disabled: m.disabled,
  createdAt: m.createdAt,
});

export function memberRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.get("/", async (c) => {
    const p = requireRole(c, "viewer", "list members");
    return c.json({ items: (await listMembers(c.env, p.tenant)).map(view) });
  });

  r.put("/:subject", async (c) => {
    const p = requireRole(c, "admin", "manage members");
    const subject = decodeURIComponent(c.req.param("subject"));
    if (!subject || subject.length > 256) throw badRequest("subject must be 1 to 256 characters");
    const body = await readJson(c);
    const role = body.role;
    if (!isTenantRole(role)) throw badRequest('role must be one of "owner", "admin", "developer", "viewer"');
    if (body.disabled !== undefined && typeof body.disabled !== "boolean")
      throw badRequest("disabled must be a boolean");
    // Nobody grants more than they hold, and only an owner changes another owner.
    if (!roleAtLeast(p.role, role)) {
      throw new StatusError(403, "Forbidden", `cannot grant role "${role}": higher than your role "${p.role}"`);
    }
    const existing = await getMember(c.env, p.tenant, subject, true);
    if (existing?.role === "owner" && p.role !== "owner") {
      throw new StatusError(403, "Forbidden", `only an owner may change the owner "${subject}"`);
    }
    const m = await putMember(c.env, p.tenant, subject, role, body.disabled === true);
    return c.json(view(m), existing ? 200 : 201);
  });

  r.delete("/:subject", async (c) => {
    const p = requireRole(c, "admin", "manage members");
    const subject = decodeURIComponent(c.req.param("subject"));
    const existing = await getMember(c.env, p.tenant, subject, true);
    if (!existing) throw new StatusError(404, "NotFound", `members.edgeplane.dev "${subject}" not found`);
    if (existing.role === "owner" && p.role !== "owner") {
      throw new StatusError(403, "Forbidden", `only an owner may remove the owner "${subject}"`);
    }
    await deleteMember(c.env, p.tenant, subject);
    return c.json({ subject, deleted: true });
  });

  return r;
}
