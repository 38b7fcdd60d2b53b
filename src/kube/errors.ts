/**
 * Kubernetes API errors as metav1.Status values.
 *
 * Every failure the API answers goes through StatusError so that kubectl prints what a real cluster prints
 * (it formats Invalid errors from details.kind/name/causes, NotFound from details.kind/name, and so on).
 * Messages follow k8s.io/apimachinery/pkg/api/errors and pkg/util/validation/field.
 */

export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Expired"
  | "Invalid"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "TooManyRequests"
  | "InternalError"
  | "Timeout"
  | "ServiceUnavailable";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: StatusReason | "";
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = "StatusError";
  }

  toStatus(): Status {
    const s: Status = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

/** Identifies the resource an error is about: `pods`, `deployments.apps`. */
export interface ResourceRef {
  group: string;
  resource: string;
}

const qualified = (r: ResourceRef) => (r.group ? `${r.resource}.${r.group}` : r.resource);

export function notFound(r: ResourceRef, name: string): StatusError {
  return new StatusError(404, "NotFound", `${qualified(r)} "${name}" not found`, {
    name,
    group: r.group || undefined,
    kind: r.resource,
  });
}

export function alreadyExists(r: ResourceRef, name: string): StatusError {
  return new StatusError(409, "AlreadyExists", `${qualified(r)} "${name}" already exists`, {
    name,
    group: r.group || undefined,
    kind: r.resource,
  });
}

export function conflict(r: ResourceRef, name: string, why: string): StatusError {
  return new StatusError(409, "Conflict", `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`, {
    name,
    group: r.group || undefined,
    kind: r.resource,
  });
}

export const STALE_OBJECT_MESSAGE =
  "the object has been modified; please apply your changes to the latest version and try again";

export function badRequest(message: string): StatusError {
  return new StatusError(400, "BadRequest", message);
}

export function gone(message: string): StatusError {
  return new StatusError(410, "Expired", message);
}

export function methodNotAllowed(message: string): StatusError {
  return new StatusError(405, "MethodNotAllowed", message);
}

export function forbidden(r: ResourceRef, name: string, why: string): StatusError {
  const subject = name ? `${qualified(r)} "${name}"` : qualified(r);
  return new StatusError(403, "Forbidden", `${subject} is forbidden: ${why}`, {
    name: name || undefined,
    group: r.group || undefined,
    kind: r.resource,
  });
}

export function unauthorized(): StatusError {
  return new StatusError(401, "Unauthorized", "Unauthorized");
}

export function tooLarge(message = "Request entity too large: limit is 3145728"): StatusError {
  return new StatusError(413, "RequestEntityTooLarge", message);
}

export function unsupportedMediaType(accepted: readonly string[]): StatusError {
  return new StatusError(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`,
  );
}

export function notAcceptable(message: string): StatusError {
  return new StatusError(406, "NotAcceptable", message);
}

export function internal(message: string): StatusError {
  return new StatusError(500, "InternalError", `Internal error occurred: ${message}`);
}

// ---- field errors (k8s.io/apimachinery/pkg/util/validation/field) ----------------------------------------

export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value?: unknown;
  detail?: string;
  /** For NotSupported: the accepted values. */
  supported?: readonly string[];
}

/** Renders a bad value the way field.Error does (strings quoted, numbers bare, others as JSON). */
function formatValue(v: unknown): string {
  // Validators pass Go-printed values (map[string]string{...}, v1.LabelSelector{...}) as { goString }.
  if (typeof v === "object" && v !== null && typeof (v as { goString?: unknown }).goString === "string") {
    return (v as { goString: string }).goString;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  return JSON.stringify(v);
}

/** The body of a field error without its path: `Invalid value: "x": detail`. */
export function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case "FieldValueRequired":
      return e.detail ? `Required value: ${e.detail}` : "Required value";
    case "FieldValueForbidden":
      return e.detail ? `Forbidden: ${e.detail}` : "Forbidden";
    case "FieldValueNotFound":
      return `Not found: ${formatValue(e.value)}${e.detail ? `: ${e.detail}` : ""}`;
    case "FieldValueDuplicate":
      return `Duplicate value: ${formatValue(e.value)}${e.detail ? `: ${e.detail}` : ""}`;
    case "FieldValueNotSupported": {
      const supported = (e.supported ?? []).map((s) => JSON.stringify(s)).join(", ");
      return `Unsupported value: ${formatValue(e.value)}${supported ? `: supported values: ${supported}` : ""}`;
    }
    case "FieldValueTooLong":
      return `Too long: ${e.detail ?? "value is too long"}`;
    case "FieldValueTooMany":
      return `Too many: ${e.detail ?? "too many items"}`;
    case "InternalError":
      return `Internal error: ${e.detail ?? ""}`;
    case "FieldValueTypeInvalid":
      return `Invalid value: ${formatValue(e.value)}${e.detail ? `: ${e.detail}` : ""}`;
    default:
      return `Invalid value: ${formatValue(e.value)}${e.detail ? `: ${e.detail}` : ""}`;
  }
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** 422 Invalid: `Pod "Bad_Name" is invalid: metadata.name: Invalid value: ...`. */
export function invalid(kind: string, group: string, name: string, errs: FieldError[]): StatusError {
  const parts = errs.map(fieldErrorString);
  const agg = parts.length === 1 ? parts[0] : `[${parts.join(", ")}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new StatusError(422, "Invalid", `${qualifiedKind} "${name}" is invalid: ${agg}`, {
    name,
    group: group || undefined,
    kind,
    causes: errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}

// Convenience constructors used by validators.
export const required = (field: string, detail?: string): FieldError => ({ type: "FieldValueRequired", field, detail });
export const invalidValue = (field: string, value: unknown, detail?: string): FieldError => ({
  type: "FieldValueInvalid",
  field,
  value,
  detail,
});
export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: "FieldValueNotSupported",
  field,
  value,
  supported,
});
export const duplicate = (field: string, value: unknown): FieldError => ({ type: "FieldValueDuplicate", field, value });
export const forbiddenField = (field: string, detail: string): FieldError => ({
  type: "FieldValueForbidden",
  field,
  detail,
});
export const tooLong = (field: string, value: unknown, max: number): FieldError => ({
  type: "FieldValueTooLong",
  field,
  value,
  detail: `may not be more than ${max} bytes`,
});
