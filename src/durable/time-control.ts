/**
 * The cluster's clock as an API: `GET /clusters/<c>/time`, `PUT /clusters/<c>/time {"mode": "virtual"}` and
 * `POST /clusters/<c>/time:advance?by=10m`. Advancing runs everything that falls due in the skipped span, in
 * time order, before answering, so a learner can watch a CronJob fire or a back-off expire immediately.
 *
 * Who may: cluster RBAC, as non-resource URLs (`get /time`, `put /time`, `post /time:advance`) — the caller
 * authorizes before calling. cluster-admin holds them all; moving time changes what every workload does.
 */

import { rfc3339Micro } from "../apiserver/time";
import { parseGoDuration } from "../kube/duration";
import { badRequest, methodNotAllowed } from "../kube/errors";
import type { ClusterClock } from "../reconcile/clock";
import type { ControllerEngine } from "../reconcile/engine";

/** One call may skip at most this much (a year): enough for any tutorial, bounded work per request. */
const MAX_ADVANCE_MS = 366 * 24 * 3_600_000;

export async function handleTime(
  request: Request,
  url: URL,
  clock: ClusterClock,
  engine: ControllerEngine,
): Promise<Response> {
  const view = (extra: Record<string, unknown> = {}) =>
    Response.json({ mode: clock.mode, now: rfc3339Micro(clock.now()), nowMs: clock.now(), ...extra });
  if (url.pathname === "/time" && request.method === "GET") return view();
  const body = await readJson(request);
  if (url.pathname === "/time") {
    if (request.method !== "PUT")
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    const mode = body.mode;
    if (mode !== "real" && mode !== "virtual")
      throw badRequest(`mode must be "real" or "virtual", got ${JSON.stringify(mode)}`);
    clock.setMode(mode);
    return view();
  }
  if (request.method !== "POST")
    throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  const raw = url.searchParams.get("by") ?? body.by ?? (body.seconds !== undefined ? `${body.seconds}s` : undefined);
  if (raw === undefined) throw badRequest(`say how far to advance: ?by=10m (a Go duration) or {"seconds": 600}`);
  const ms = parseGoDuration(String(raw));
  if (ms === undefined)
    throw badRequest(`invalid duration ${JSON.stringify(raw)}: use a Go duration such as 90s, 10m or 1h30m`);
  if (ms > MAX_ADVANCE_MS) throw badRequest("a single advance may skip at most 8784h (366 days)");
  const ran = await engine.advanceTo(clock.now() + ms);
  return view({ advancedMs: ms, reconciled: ran });
}

async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw badRequest("the request body must be a JSON object");
}
