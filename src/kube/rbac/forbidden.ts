/**
 * The 403 kube-apiserver answers when authorization denies a request (k8s.io/apiserver
 * endpoints/handlers/responsewriters Forbidden + forbiddenMessage, wrapped by apierrors.NewForbidden):
 *
 *   pods is forbidden: User "x" cannot delete resource "pods" in API group "" in the namespace "default"
 *   pods "web-1" is forbidden: User "x" cannot get resource "pods/log" in API group "" in the namespace "default"
 *   nodes is forbidden: User "x" cannot list resource "nodes" in API group "" at the cluster scope
 *   forbidden: User "x" cannot get path "/metrics"
 *
 * The authorizer's reason, when there is one, follows after ": ". The message part (not the reason) has &, <
 * and > escaped so it never looks like HTML.
 */
import { forbidden, StatusError } from "../errors";
import { goQuote } from "../selectors/go-format";
import { type Attributes, isResourceRequest } from "./types";

const sanitize = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** forbiddenMessage(attributes). */
export function forbiddenMessage(attrs: Attributes): string {
  const who = `User ${goQuote(attrs.user)} cannot ${attrs.verb}`;
  if (!isResourceRequest(attrs)) return `${who} path ${goQuote(attrs.path ?? "")}`;
  const resource = attrs.subresource ? `${attrs.resource ?? ""}/${attrs.subresource}` : (attrs.resource ?? "");
  const what = `${who} resource ${goQuote(resource)} in API group ${goQuote(attrs.apiGroup ?? "")}`;
  return attrs.namespace ? `${what} in the namespace ${goQuote(attrs.namespace)}` : `${what} at the cluster scope`;
}

/** The StatusError of a denied request; `reason` is the authorizer's (often ""). */
export function forbiddenError(attrs: Attributes, reason = ""): StatusError {
  const msg = sanitize(forbiddenMessage(attrs));
  const why = reason ? `${msg}: ${reason}` : msg;
  const group = attrs.apiGroup ?? "";
  const resource = attrs.resource ?? "";
  // NewForbidden with an empty GroupResource (non-resource requests): "forbidden: ...", details {}.
  if (!group && !resource) return new StatusError(403, "Forbidden", `forbidden: ${why}`, {});
  return forbidden({ group, resource }, attrs.name ?? "", why);
}
