#!/usr/bin/env node
/**
 * Mints a tenant JWT for the local service (`npm start`), signed with its development HS256 secret
 * (.edgeplane/jwt-secret), with the issuer and audience wrangler.toml configures. Prints the token.
 *
 *   node scripts/dev-jwt.mjs --tenant acme --sub alice@acme.example --role admin [--groups a,b] [--ttl 3600]
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const state = resolve(process.env.EDGEPLANE_STATE ?? join(root, ".edgeplane"));
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(" ")
    .split(/\s*--/)
    .filter(Boolean)
    .map((a) => {
      const [k, ...v] = a.trim().split(/\s+/);
      return [k, v.join(" ")];
    }),
);
const toml = readFileSync(join(root, "wrangler.toml"), "utf8");
const setting = (name) => new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m").exec(toml)?.[1];
const secret = readFileSync(join(state, "jwt-secret"), "utf8").trim();
const role = args.role ?? "developer";
if (!["owner", "admin", "developer", "viewer"].includes(role)) {
  process.stderr.write("--role must be owner, admin, developer or viewer\n");
  process.exit(2);
}
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({
  tenant: args.tenant ?? "acme",
  role,
  groups: args.groups ? args.groups.split(",").filter(Boolean) : [],
})
  .setProtectedHeader({ alg: "HS256", typ: "JWT" })
  .setIssuer(setting("JWT_ISSUER"))
  .setAudience(setting("JWT_AUDIENCE"))
  .setSubject(args.sub ?? "alice@acme.example")
  .setIssuedAt(now)
  .setExpirationTime(now + Number(args.ttl ?? 3600))
  .sign(new TextEncoder().encode(secret));
process.stdout.write(`${token}\n`);
