/**
 * networking.k8s.io/v1 validation (pkg/apis/networking/validation, Kubernetes 1.32): NetworkPolicy, Ingress and
 * IngressClass.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required, tooLong } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { type LabelSelectorObject, validateLabelSelector } from "../selectors/label-selector";
import { isDomainPrefixedPath } from "./batch";
import { arr, has, type Obj, obj, str } from "./extra-common";
import {
  isDNS1123Subdomain,
  isValidCIDR,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  parseIPSloppy,
} from "./names";
import {
  child,
  GoValue,
  goQuote,
  index,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";

// ---- NetworkPolicy -----------------------------------------------------------------------------------------------

/** ValidateNetworkPolicyPort. */
function validateNetworkPolicyPort(port: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (has(port, "protocol") && !["TCP", "UDP", "SCTP"].includes(str(port.protocol)))
    errs.push(notSupported(child(path, "protocol"), str(port.protocol), ["TCP", "UDP", "SCTP"]));
  const p = port.port;
  const end = port.endPort;
  if (p !== undefined && p !== null) {
    if (typeof p === "number") {
      errs.push(...isValidPortNum(p).map((m) => invalidValue(child(path, "port"), p, m)));
      if (typeof end === "number") {
        if (end < p) errs.push(invalidValue(child(path, "endPort"), p, "must be greater than or equal to `port`"));
        errs.push(...isValidPortNum(end).map((m) => invalidValue(child(path, "endPort"), end, m)));
      }
    } else {
      if (typeof end === "number")
        errs.push(invalidValue(child(path, "endPort"), end, "may not be specified when `port` is non-numeric"));
      errs.push(...isValidPortName(str(p)).map((m) => invalidValue(child(path, "port"), str(p), m)));
    }
  } else if (typeof end === "number") {
    errs.push(invalidValue(child(path, "endPort"), end, "may not be specified when `port` is not specified"));
  }
  return errs;
}

interface ParsedCIDR {
  bytes: number[];
  bits: number;
}

/** netutils.ParseCIDRSloppy: the masked network address (4 or 16 bytes) and prefix length. */
function parseCIDR(cidr: string): ParsedCIDR | undefined {
  if (isValidCIDR(cidr).length) return undefined;
  const [addr, mask] = cidr.split("/");
  const ip = parseIPSloppy(addr);
  if (!ip) return undefined;
  const v4 = !addr.includes(":");
  const bytes = v4 ? ip.slice(12) : ip;
  const bits = Number(mask);
  return { bytes: bytes.map((b, i) => b & maskByte(bits, i)), bits };
}

const maskByte = (bits: number, i: number) => {
  const n = Math.max(0, Math.min(8, bits - i * 8));
  return (0xff << (8 - n)) & 0xff;
};

/** ValidateIPBlock. */
function validateIPBlock(ipb: Obj, path: string): FieldError[] {
  const cidr = str(ipb.cidr);
  if (!cidr) return [required(child(path, "cidr"))];
  const net = parseCIDR(cidr);
  if (!net) return [invalidValue(child(path, "cidr"), cidr, "not a valid CIDR")];
  const errs: FieldError[] = [];
  const except = arr(ipb.except).map(str);
  for (let i = 0; i < except.length; i++) {
    const ep = index(child(path, "except"), i);
    const ex = parseCIDR(except[i]);
    if (!ex) {
      errs.push(invalidValue(ep, except[i], "not a valid CIDR"));
      return errs;
    }
    const contains =
      ex.bytes.length === net.bytes.length && ex.bytes.every((b, j) => (b & maskByte(net.bits, j)) === net.bytes[j]);
    if (!contains || net.bits >= ex.bits) errs.push(invalidValue(ep, except[i], "must be a strict subset of `cidr`"));
  }
  return errs;
}

/** ValidateNetworkPolicyPeer. */
function validateNetworkPolicyPeer(peer: Obj, path: string, allowInvalid: boolean): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const k of ["podSelector", "namespaceSelector"]) {
    if (!isPlainObject(peer[k])) continue;
    n++;
    errs.push(
      ...validateLabelSelector(peer[k] as LabelSelectorObject, child(path, k), {
        allowInvalidLabelValueInSelector: allowInvalid,
      }),
    );
  }
  if (isPlainObject(peer.ipBlock)) {
    n++;
    errs.push(...validateIPBlock(peer.ipBlock, child(path, "ipBlock")));
  }
  if (n === 0) errs.push(required(path, "must specify a peer"));
  else if (n > 1 && isPlainObject(peer.ipBlock))
    errs.push(forbiddenField(path, "may not specify both ipBlock and another peer"));
  return errs;
}

function validateNetworkPolicySpec(spec: Obj, allowInvalid: boolean): FieldError[] {
  const errs = validateLabelSelector(obj(spec.podSelector) as LabelSelectorObject, "spec.podSelector", {
    allowInvalidLabelValueInSelector: allowInvalid,
  });
  for (const [dir, peers] of [
    ["ingress", "from"],
    ["egress", "to"],
  ]) {
    arr(spec[dir]).forEach((raw, i) => {
      const rule = obj(raw);
      const rp = index(child("spec", dir), i);
      arr(rule.ports).forEach((p, j) => {
        errs.push(...validateNetworkPolicyPort(obj(p), index(child(rp, "ports"), j)));
      });
      arr(rule[peers]).forEach((p, j) => {
        errs.push(...validateNetworkPolicyPeer(obj(p), index(child(rp, peers), j), allowInvalid));
      });
    });
  }
  const types = arr(spec.policyTypes).map(str);
  if (types.length > 2) {
    const shown = new GoValue(types, `[]networking.PolicyType{${types.map((t) => goQuote(t)).join(", ")}}`);
    errs.push(invalidValue("spec.policyTypes", shown, "may not specify more than two policyTypes"));
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress")
      errs.push(notSupported(index("spec.policyTypes", i), t, ["Ingress", "Egress"]));
  });
  return errs;
}

/** ValidateNetworkPolicy / ValidateNetworkPolicyUpdate. */
export function validateNetworkPolicy(np: KObject, old?: KObject): FieldError[] {
  const spec = obj(np.spec);
  if (!old) {
    return [
      ...validateObjectMeta(np.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateNetworkPolicySpec(spec, false),
    ];
  }
  const oldSel = obj(obj(old.spec).podSelector) as LabelSelectorObject;
  const allowInvalid = validateLabelSelector(oldSel, "spec.podSelector").length > 0;
  return [...validateObjectMetaUpdate(np.metadata, old.metadata), ...validateNetworkPolicySpec(spec, allowInvalid)];
}

// ---- Ingress -----------------------------------------------------------------------------------------------------

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];
const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];
const INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

interface IngressOptions {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

/** validateIngressTypedLocalObjectReference. */
function validateTypedLocalObjectReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (has(ref, "apiGroup")) {
    const g = str(ref.apiGroup);
    errs.push(...isDNS1123Subdomain(g).map((m) => invalidValue(child(path, "apiGroup"), g, m)));
  }
  for (const f of ["kind", "name"]) {
    const v = str(ref[f]);
    if (!v) errs.push(required(child(path, f), `${f} is required`));
    else errs.push(...isValidPathSegmentName(v).map((m) => invalidValue(child(path, f), v, m)));
  }
  return errs;
}

/** validateIngressBackend. */
function validateIngressBackend(backend: Obj, path: string): FieldError[] {
  const hasResource = isPlainObject(backend.resource);
  const hasService = isPlainObject(backend.service);
  if (hasResource && hasService) return [invalidValue(path, "", "cannot set both resource and service backends")];
  if (hasResource) return validateTypedLocalObjectReference(obj(backend.resource), child(path, "resource"));
  if (!hasService) return [invalidValue(path, "", "resource or service backend is required")];
  const errs: FieldError[] = [];
  const svc = obj(backend.service);
  const name = str(svc.name);
  if (!name) errs.push(required(child(path, "service", "name")));
  else errs.push(...nameIsDNS1035Label(name, false).map((m) => invalidValue(child(path, "service", "name"), name, m)));
  const port = obj(svc.port);
  const portName = str(port.name);
  const portNumber = typeof port.number === "number" ? port.number : 0;
  if (portName && portNumber !== 0) errs.push(invalidValue(path, "", "cannot set both port name & port number"));
  else if (portName)
    errs.push(
      ...isValidPortName(portName).map((m) => invalidValue(child(path, "service", "port", "name"), portName, m)),
    );
  else if (portNumber !== 0)
    errs.push(
      ...isValidPortNum(portNumber).map((m) => invalidValue(child(path, "service", "port", "number"), portNumber, m)),
    );
  else errs.push(required(path, "port name or number is required"));
  return errs;
}

/** validateHTTPIngressPath. */
function validateHTTPIngressPath(p: Obj, path: string): FieldError[] {
  if (!has(p, "pathType")) return [required(child(path, "pathType"), "pathType must be specified")];
  const errs: FieldError[] = [];
  const pathType = str(p.pathType);
  const value = str(p.path);
  const pp = child(path, "path");
  switch (pathType) {
    case "Exact":
    case "Prefix":
      if (!value.startsWith("/")) errs.push(invalidValue(pp, value, "must be an absolute path"));
      if (value) {
        for (const seq of INVALID_PATH_SEQUENCES)
          if (value.includes(seq)) errs.push(invalidValue(pp, value, `must not contain '${seq}'`));
        for (const suffix of INVALID_PATH_SUFFIXES)
          if (value.endsWith(suffix)) errs.push(invalidValue(pp, value, `cannot end with '${suffix}'`));
      }
      break;
    case "ImplementationSpecific":
      if (value && !value.startsWith("/")) errs.push(invalidValue(pp, value, "must be an absolute path"));
      break;
    default:
      errs.push(notSupported(child(path, "pathType"), pathType, PATH_TYPES));
  }
  errs.push(...validateIngressBackend(obj(p.backend), child(path, "backend")));
  return errs;
}

function validateIngressRuleValue(rule: Obj, path: string): FieldError[] {
  if (!isPlainObject(rule.http)) return [];
  const errs: FieldError[] = [];
  const paths = arr(rule.http.paths);
  const hp = child(path, "http");
  if (paths.length === 0) errs.push(required(child(hp, "paths")));
  paths.forEach((p, i) => {
    errs.push(...validateHTTPIngressPath(obj(p), index(child(hp, "paths"), i)));
  });
  return errs;
}

function validateIngressSpec(spec: Obj, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  const rules = arr(spec.rules);
  if (rules.length === 0 && !isPlainObject(spec.defaultBackend)) {
    const shown = new GoValue(
      spec.rules ?? null,
      Array.isArray(spec.rules) ? "[]networking.IngressRule{}" : "[]networking.IngressRule(nil)",
    );
    errs.push(invalidValue("spec", shown, "either `defaultBackend` or `rules` must be specified"));
  }
  if (isPlainObject(spec.defaultBackend))
    errs.push(...validateIngressBackend(spec.defaultBackend, "spec.defaultBackend"));
  rules.forEach((raw, i) => {
    const rule = obj(raw);
    const rp = index("spec.rules", i);
    const host = str(rule.host);
    let wildcard = false;
    if (host) {
      if (parseIPSloppy(host))
        errs.push(invalidValue(child(rp, "host"), host, "must be a DNS name, not an IP address"));
      if (host.includes("*")) {
        errs.push(...isWildcardDNS1123Subdomain(host).map((m) => invalidValue(child(rp, "host"), host, m)));
        wildcard = true;
      } else errs.push(...isDNS1123Subdomain(host).map((m) => invalidValue(child(rp, "host"), host, m)));
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateIngressRuleValue(rule, rp));
  });
  arr(spec.tls).forEach((raw, i) => {
    const tls = obj(raw);
    const tp = index("spec.tls", i);
    arr(tls.hosts).forEach((h, j) => {
      const host = str(h);
      const hp = index(child(tp, "hosts"), j);
      if (host.includes("*")) errs.push(...isWildcardDNS1123Subdomain(host).map((m) => invalidValue(hp, host, m)));
      else errs.push(...isDNS1123Subdomain(host).map((m) => invalidValue(hp, host, m)));
    });
    const secret = str(tls.secretName);
    if (!opts.allowInvalidSecretName && secret)
      errs.push(...nameIsDNSSubdomain(secret, false).map((m) => invalidValue(child(tp, "secretName"), secret, m)));
  });
  if (has(spec, "ingressClassName")) {
    const c = str(spec.ingressClassName);
    errs.push(...nameIsDNSSubdomain(c, false).map((m) => invalidValue("spec.ingressClassName", c, m)));
  }
  return errs;
}

const invalidSecretName = (spec: Obj) =>
  arr(spec.tls).some((t) => {
    const s = str(obj(t).secretName);
    return s !== "" && nameIsDNSSubdomain(s, false).length > 0;
  });
const invalidWildcardRule = (spec: Obj) =>
  arr(spec.rules).some((r) => str(obj(r).host).includes("*") && validateIngressRuleValue(obj(r), "").length > 0);

/** ValidateIngressCreate / ValidateIngressUpdate. */
export function validateIngress(ing: KObject, old?: KObject): FieldError[] {
  const spec = obj(ing.spec);
  if (old) {
    const oldSpec = obj(old.spec);
    return [
      ...validateObjectMetaUpdate(ing.metadata, old.metadata),
      ...validateObjectMeta(ing.metadata, { namespaced: true, nameRule: "subdomain" }),
      ...validateIngressSpec(spec, {
        allowInvalidSecretName: invalidSecretName(oldSpec),
        allowInvalidWildcardHostRule: invalidWildcardRule(oldSpec),
      }),
    ];
  }
  const errs = [
    ...validateObjectMeta(ing.metadata, { namespaced: true, nameRule: "subdomain" }),
    ...validateIngressSpec(spec, { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false }),
  ];
  const annotations = obj(ing.metadata.annotations);
  if (Object.hasOwn(annotations, INGRESS_CLASS_ANNOTATION) && has(spec, "ingressClassName")) {
    const v = str(annotations[INGRESS_CLASS_ANNOTATION]);
    if (v !== str(spec.ingressClassName)) {
      errs.push(
        invalidValue(
          `annotations.${INGRESS_CLASS_ANNOTATION}`,
          v,
          "must match `ingressClassName` when both are specified",
        ),
      );
    }
  }
  return errs;
}

// ---- IngressClass ------------------------------------------------------------------------------------------------

function validateIngressClassSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const controller = str(spec.controller);
  if (controller.length > 250) errs.push(tooLong("spec.controller", controller, 250));
  errs.push(...isDomainPrefixedPath("spec.controller", controller));
  if (isPlainObject(spec.parameters)) {
    const params = spec.parameters;
    const pp = "spec.parameters";
    errs.push(...validateTypedLocalObjectReference(params, pp));
    if (!has(params, "scope")) errs.push(required(child(pp, "scope")));
    else {
      const scope = str(params.scope);
      if (scope !== "Cluster" && scope !== "Namespace")
        errs.push(notSupported(child(pp, "scope"), scope, ["Cluster", "Namespace"]));
      else if (scope === "Namespace") {
        if (!has(params, "namespace"))
          errs.push(required(child(pp, "namespace"), "`parameters.scope` is set to 'Namespace'"));
        else {
          const ns = str(params.namespace);
          errs.push(...nameIsDNSLabel(ns, false).map((m) => invalidValue(child(pp, "namespace"), ns, m)));
        }
      } else if (has(params, "namespace")) {
        errs.push(forbiddenField(child(pp, "namespace"), "`parameters.scope` is set to 'Cluster'"));
      }
    }
  }
  return errs;
}

/** ValidateIngressClass / ValidateIngressClassUpdate (spec.controller is immutable). */
export function validateIngressClass(ic: KObject, old?: KObject): FieldError[] {
  const spec = obj(ic.spec);
  const create = [
    ...validateObjectMeta(ic.metadata, { namespaced: false, nameRule: "subdomain" }),
    ...validateIngressClassSpec(spec),
  ];
  if (!old) return create;
  return [
    ...validateObjectMetaUpdate(ic.metadata, old.metadata),
    ...validateImmutableField(spec.controller ?? "", obj(old.spec).controller ?? "", "spec.controller"),
    ...create,
  ];
}
