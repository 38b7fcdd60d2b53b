/**
 * How the API server's PATCH handler (k8s.io/apiserver/pkg/endpoints/handlers/patch.go) turns patch failures
 * into metav1.Status values.
 */
import { badRequest, StatusError, type StatusReason } from "../errors";
import { goFormat, goFormatS, goTypeForMessage, type JsonMap } from "./go-value";

/**
 * NewGenericServerResponse(422, ...) with isUnexpectedResponse=false keeps only its canned message and drops the
 * real cause; the handler uses it for every failing JSON patch operation and for two strategic-merge errors.
 * kubectl prints it as `The request is invalid: the server rejected our request due to an error in our request`.
 */
export const REJECTED_PATCH_MESSAGE = "the server rejected our request due to an error in our request";

export function rejectedPatch(detail: string): StatusError {
  const err = new StatusError(422, "Invalid", REJECTED_PATCH_MESSAGE, {});
  err.cause = detail; // not sent to clients (the real server drops it too), kept for logs and tests
  return err;
}

/**
 * A plain Go error that reaches apierrors.ErrorToAPIStatus: code 500 with metav1.StatusReasonUnknown, which is
 * the empty string (kubectl then prints `Error from server: <message>`).
 */
export function unknownServerError(message: string): StatusError {
  return new StatusError(500, "" as StatusReason, message);
}

/** How interpretStrategicMergePatchError maps a strategic-merge-patch error onto a Status. */
export type SmpErrorClass = "BadRequest" | "Unprocessable" | "Unknown";

/** An error raised while applying a strategic merge patch, carrying the Go error text. */
export class SmpError extends Error {
  constructor(
    message: string,
    readonly errorClass: SmpErrorClass = "Unknown",
  ) {
    super(message);
    this.name = "SmpError";
  }

  toStatusError(): StatusError {
    switch (this.errorClass) {
      case "BadRequest":
        return badRequest(this.message);
      case "Unprocessable":
        return rejectedPatch(this.message);
      default:
        return unknownServerError(this.message);
    }
  }
}

// k8s.io/apimachinery/pkg/util/mergepatch/errors.go; the handler answers 400 for the "bad format" sentinels and
// 422 for lists of lists, every other error is a plain 500.
export const errBadPatchFormatForPrimitiveList = () =>
  new SmpError("invalid patch format of primitive list", "BadRequest");
export const errBadPatchFormatForRetainKeys = () => new SmpError("invalid patch format of retainKeys", "BadRequest");
export const errBadPatchFormatForSetElementOrderList = () =>
  new SmpError("invalid patch format of setElementOrder list", "BadRequest");
export const errNoListOfLists = () => new SmpError("lists of lists are not supported", "Unprocessable");

export const errNoMergeKey = (m: JsonMap, key: string) =>
  new SmpError(`map: ${goFormat(m)} does not contain declared merge key: ${key}`);

export const errBadArgType = (expected: string, actual: unknown) =>
  new SmpError(`expected a ${expected}, but received a ${goTypeForMessage(actual)}`);

export const errBadPatchType = (directive: unknown, m: JsonMap) =>
  new SmpError(`unknown patch type: ${goFormatS(directive)} in map: ${goFormat(m)}`);
