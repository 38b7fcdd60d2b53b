/**
 * What a verified delivery asks for. CI systems send their own event payloads (GitHub's pull_request, GitLab's
 * Merge Request Hook); a workflow adds a top-level `manifests` field to say what to apply. Pull/merge requests
 * get an ephemeral cluster each (`pr-<number>`, `mr-<iid>`), created on open/update and deleted on close.
 * Anything malformed is a WebhookPayloadError (a 400 for the sender); anything merely uninteresting is ignored.
 */
import type { KObject } from "../kube/object";
import { isPlainObject } from "../kube/object";
import { isDNS1123Label } from "../kube/validation/names";
import { BundleError, bundleFromValues, parseBundle } from "./bundle";
import type { WebhookStyle } from "./signatures";

/** GitHub caps payloads at 25 MB; ours carry at most a bundle (3 MiB) plus the event around it. */
export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIMEOUT_SECONDS = 120;
export const MAX_TIMEOUT_SECONDS = 3600;
export const DEFAULT_NAMESPACE = "default";

/** Where the delivery came from, for reporting back (commit statuses, MR notes). */
export interface DeliveryContext {
  repository?: string;
  /** Pull request number or merge request iid. */
  number?: number;
  sha?: string;
  ref?: string;
  url?: string;
}

export interface ApplyIntent {
  kind: "apply";
  /** Set for pull/merge requests: the ephemeral cluster this delivery targets. */
  ephemeralKey?: string;
  /** The bundle's objects; absent when the delivery only asks for the (ephemeral) cluster to exist. */
  manifests?: KObject[];
  namespace: string;
  wait: boolean;
  timeoutSeconds: number;
  context?: DeliveryContext;
}

export type WebhookIntent =
  | ApplyIntent
  | { kind: "close"; ephemeralKey: string; context?: DeliveryContext }
  | { kind: "ping"; zen?: string }
  | { kind: "ignore"; reason: string };

export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookPayloadError";
  }
}

export interface InterpretOptions {
  /** The request's Content-Type; GitHub can be configured to send `application/x-www-form-urlencoded`. */
  contentType?: string;
}

const GITHUB_PR_APPLY = new Set(["opened", "reopened", "synchronize"]);
const GITLAB_MR_APPLY = new Set(["open", "reopen", "update"]);
const GITLAB_MR_CLOSE = new Set(["close", "merge"]);

/** Reads a verified delivery's body (`event` as verifyDelivery returned it) into what to do. */
export function interpretPayload(
  style: WebhookStyle,
  event: string,
  rawBody: Uint8Array | string,
  opts: InterpretOptions = {},
): WebhookIntent {
  const body = decodeBody(rawBody, opts.contentType);
  switch (style) {
    case "github":
      return github(event, body);
    case "gitlab":
      return gitlab(event, body);
    case "generic":
      return generic(event, body);
  }
}

function github(event: string, body: Record<string, unknown>): WebhookIntent {
  if (event === "ping") return { kind: "ping", zen: typeof body.zen === "string" ? body.zen : undefined };
  if (event !== "pull_request") return manifestsOrIgnore(`GitHub event "${event}"`, body);
  const pr = isPlainObject(body.pull_request) ? body.pull_request : {};
  const number = positiveInt(body.number ?? pr.number, "number");
  const head = isPlainObject(pr.head) ? pr.head : {};
  const repo = isPlainObject(body.repository) ? body.repository : {};
  const context = clean({
    repository: str(repo.full_name),
    number,
    sha: str(head.sha),
    ref: str(head.ref),
    url: str(pr.html_url),
  });
  const action = str(body.action);
  const ephemeralKey = `pr-${number}`;
  if (action === "closed") return { kind: "close", ephemeralKey, context };
  if (action && GITHUB_PR_APPLY.has(action)) return applyIntent(body, { ephemeralKey, context, required: false });
  return { kind: "ignore", reason: `pull_request action "${action ?? ""}" does not change the PR's cluster` };
}

function gitlab(event: string, body: Record<string, unknown>): WebhookIntent {
  if (event !== "Merge Request Hook") return manifestsOrIgnore(`GitLab event "${event}"`, body);
  if (body.object_kind !== "merge_request") {
    throw new WebhookPayloadError(
      `object_kind: a Merge Request Hook must carry "merge_request", not ${JSON.stringify(body.object_kind)}`,
    );
  }
  const attrs = isPlainObject(body.object_attributes) ? body.object_attributes : undefined;
  if (!attrs) throw new WebhookPayloadError("object_attributes: required in a Merge Request Hook");
  const iid = positiveInt(attrs.iid, "object_attributes.iid");
  const project = isPlainObject(body.project) ? body.project : {};
  const lastCommit = isPlainObject(attrs.last_commit) ? attrs.last_commit : {};
  const context = clean({
    repository: str(project.path_with_namespace),
    number: iid,
    sha: str(lastCommit.id),
    ref: str(attrs.source_branch),
    url: str(attrs.url),
  });
  const action = str(attrs.action);
  const ephemeralKey = `mr-${iid}`;
  if (action && GITLAB_MR_CLOSE.has(action)) return { kind: "close", ephemeralKey, context };
  if (action && GITLAB_MR_APPLY.has(action)) return applyIntent(body, { ephemeralKey, context, required: false });
  return { kind: "ignore", reason: `merge request action "${action ?? ""}" does not change the MR's cluster` };
}

function generic(event: string, body: Record<string, unknown>): WebhookIntent {
  if (event === "ping") return { kind: "ping" };
  if (event !== "apply") return { kind: "ignore", reason: `event "${event}" is not acted on` };
  return applyIntent(body, { required: true });
}

/** Events with no meaning of their own still apply a bundle when a workflow put one in them. */
function manifestsOrIgnore(what: string, body: Record<string, unknown>): WebhookIntent {
  if (body.manifests === undefined) return { kind: "ignore", reason: `${what} is not acted on` };
  return applyIntent(body, { required: true });
}

function applyIntent(
  body: Record<string, unknown>,
  how: { ephemeralKey?: string; context?: DeliveryContext; required: boolean },
): ApplyIntent {
  const manifests = readManifests(body.manifests, how.required);
  const intent: ApplyIntent = {
    kind: "apply",
    namespace: readNamespace(body.namespace),
    wait: readBool(body.wait, "wait", true),
    timeoutSeconds: readTimeout(body.timeoutSeconds),
  };
  if (how.ephemeralKey) intent.ephemeralKey = how.ephemeralKey;
  if (manifests) intent.manifests = manifests;
  if (how.context && Object.keys(how.context).length > 0) intent.context = how.context;
  return intent;
}

function readManifests(v: unknown, required: boolean): KObject[] | undefined {
  if (v === undefined || v === null) {
    if (required) throw new WebhookPayloadError("manifests: required (a multi-document YAML or JSON string)");
    return undefined;
  }
  let objects: KObject[];
  try {
    if (typeof v === "string") objects = parseBundle(v);
    else if (Array.isArray(v)) objects = bundleFromValues(v);
    else if (isPlainObject(v)) objects = bundleFromValues([v]);
    else throw new WebhookPayloadError(`manifests: must be a string of YAML or JSON documents, not a ${typeof v}`);
  } catch (e) {
    if (e instanceof BundleError) throw new WebhookPayloadError(`manifests: ${e.message}`);
    throw e;
  }
  if (objects.length === 0) {
    if (required) throw new WebhookPayloadError("manifests: the bundle holds no objects");
    return undefined;
  }
  return objects;
}

function readNamespace(v: unknown): string {
  if (v === undefined || v === null) return DEFAULT_NAMESPACE;
  if (typeof v !== "string") throw new WebhookPayloadError("namespace: must be a string");
  const errs = isDNS1123Label(v);
  if (errs.length > 0) throw new WebhookPayloadError(`namespace: Invalid value: ${JSON.stringify(v)}: ${errs[0]}`);
  return v;
}

function readBool(v: unknown, field: string, dflt: boolean): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "boolean") throw new WebhookPayloadError(`${field}: must be true or false`);
  return v;
}

function readTimeout(v: unknown): number {
  if (v === undefined || v === null) return DEFAULT_TIMEOUT_SECONDS;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_TIMEOUT_SECONDS) {
    throw new WebhookPayloadError(`timeoutSeconds: must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`);
  }
  return v;
}

function positiveInt(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
    throw new WebhookPayloadError(`${field}: must be a positive whole number`);
  }
  return v;
}

function decodeBody(raw: Uint8Array | string, contentType: string | undefined): Record<string, unknown> {
  const bytes = typeof raw === "string" ? undefined : raw;
  const size = bytes ? bytes.length : new TextEncoder().encode(raw as string).length;
  if (size > MAX_PAYLOAD_BYTES) {
    throw new WebhookPayloadError(`the payload is ${size} bytes; at most ${MAX_PAYLOAD_BYTES} are accepted`);
  }
  let text: string;
  try {
    text = bytes ? new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) : (raw as string);
  } catch {
    throw new WebhookPayloadError("the payload is not valid UTF-8");
  }
  if ((contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    const payload = new URLSearchParams(text).get("payload");
    if (payload === null) throw new WebhookPayloadError("a form-encoded payload must carry a payload field");
    text = payload;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new WebhookPayloadError(`the payload is not JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(body)) throw new WebhookPayloadError("the payload must be a JSON object");
  return body;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
