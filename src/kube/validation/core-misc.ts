/**
 * Validation of the smaller core/v1 kinds (and coordination.k8s.io Lease): Service, Namespace, ConfigMap,
 * Secret, ServiceAccount, Endpoints, Event, Node, Lease — pkg/apis/core/validation, Kubernetes 1.32.
 *
 * Each `validateX(obj, old?)` is what the kind's registry strategy runs: create validation when `old` is
 * undefined, update validation (which re-validates the new object as kube does) otherwise.
 */
import { type FieldError, forbiddenField, invalidValue, notSupported, required, tooLong } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidCIDR,
  isValidIP,
  isValidLabelValue,
  isValidPortNum,
  nameIsDNSSubdomain,
  parseIPSloppy,
  validateLabelName,
  validateLabels,
} from "./names";
import {
  child,
  GoValue,
  goQuote,
  goSliceValue,
  IS_NEGATIVE,
  index,
  key,
  semanticEqual,
  validateCoreFinalizerName,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "./object-meta";
import { validatePortNumOrName, validateResourceQuantityValue, validateTaintEffect } from "./pod";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

/** core.MaxSecretSize: ConfigMaps and Secrets hold at most 1 MiB of data. */
export const MAX_SECRET_SIZE = 1024 * 1024;

const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"];
const ipErrors = (value: string, path: string): FieldError[] =>
  isValidIP(value).map((m) => invalidValue(path, value, m));

// ---- IP helpers (k8s.io/utils/net on 16-byte addresses) ------------------------------------------------------

const isV4 = (ip: number[]) => ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
const isIPv6String = (s: string): boolean => {
  const ip = parseIPSloppy(s);
  return !!ip && !isV4(ip);
};

/** ValidateNonSpecialIP (Endpoints addresses, Service externalIPs). */
export function validateNonSpecialIP(value: string, path: string): FieldError[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [invalidValue(path, value, "must be a valid IP address")];
  const errs: FieldError[] = [];
  const v4 = isV4(ip);
  const b = v4 ? ip.slice(12) : ip;
  const unspecified = v4 ? b.every((x) => x === 0) : ip.every((x) => x === 0);
  const loopback = v4 ? b[0] === 127 : ip.slice(0, 15).every((x) => x === 0) && ip[15] === 1;
  const linkLocalUnicast = v4 ? b[0] === 169 && b[1] === 254 : ip[0] === 0xfe && (ip[1] & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : ip[0] === 0xff && (ip[1] & 0x0f) === 0x02;
  if (unspecified) errs.push(invalidValue(path, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalidValue(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocalUnicast)
    errs.push(invalidValue(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast)
    errs.push(invalidValue(path, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return errs;
}

// ---- Service ---------------------------------------------------------------------------------------------

const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const IP_FAMILY_POLICIES = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const IP_FAMILIES = ["IPv4", "IPv6"];
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";
const TOPOLOGY_AWARE_HINTS = "service.kubernetes.io/topology-aware-hints";
const LB_SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

const isHeadless = (spec: Obj) => {
  const ips = arr(spec.clusterIPs);
  return ips.length === 1 && ips[0] === "None";
};
/** apiservice.ExternallyAccessible. */
const externallyAccessible = (spec: Obj) =>
  spec.type === "LoadBalancer" ||
  spec.type === "NodePort" ||
  (spec.type === "ClusterIP" && arr(spec.externalIPs).length > 0);
/** apiservice.NeedsHealthCheck. */
const needsHealthCheck = (spec: Obj) => spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";

function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
}

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sp.name);
  if (requireName && !name) errs.push(required(child(path, "name")));
  else if (name) {
    errs.push(...isDNS1123Label(name).map((m) => invalidValue(child(path, "name"), name, m)));
    if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(path, "name"), value: name });
    else names.add(name);
  }
  const port = typeof sp.port === "number" ? sp.port : 0;
  errs.push(...isValidPortNum(port).map((m) => invalidValue(child(path, "port"), port, m)));
  const proto = str(sp.protocol);
  if (!proto) errs.push(required(child(path, "protocol")));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(proto))
    errs.push(notSupported(child(path, "protocol"), proto, SUPPORTED_PORT_PROTOCOLS));
  errs.push(...validatePortNumOrName(sp.targetPort ?? 0, child(path, "targetPort")));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) {
    const ap = str(sp.appProtocol);
    errs.push(...isQualifiedName(ap).map((m) => invalidValue(child(path, "appProtocol"), ap, m)));
  }
  return errs;
}

/** ValidateServiceClusterIPsRelatedFields. */
function validateServiceClusterIPs(spec: Obj): FieldError[] {
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const clusterIP = str(spec.clusterIP);
  const ips = arr(spec.clusterIPs).map(str);
  const families = arr(spec.ipFamilies).map(str);
  const ipsValue = goSliceValue(ips.length ? ips : undefined);
  if (clusterIP) {
    if (ips.length === 0) errs.push(required("spec.clusterIPs"));
    else if (ips[0] !== clusterIP)
      errs.push(invalidValue("spec.clusterIPs", ipsValue, "first value must match `clusterIP`"));
  } else if (ips.length) {
    errs.push(invalidValue("spec.clusterIPs", ipsValue, "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (!IP_FAMILIES.includes(f)) errs.push(notSupported(index("spec.ipFamilies", i), f, IP_FAMILIES));
    if (seen.has(f)) errs.push({ type: "FieldValueDuplicate", field: index("spec.ipFamilies", i), value: f });
    seen.add(f);
  });
  if (
    spec.ipFamilyPolicy !== undefined &&
    spec.ipFamilyPolicy !== null &&
    !IP_FAMILY_POLICIES.includes(str(spec.ipFamilyPolicy))
  ) {
    errs.push(notSupported("spec.ipFamilyPolicy", str(spec.ipFamilyPolicy), IP_FAMILY_POLICIES));
  }
  let hasInvalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        hasInvalidIPs = true;
        errs.push(invalidValue("spec.clusterIPs", ipsValue, "'None' must be the first and only value"));
      }
      return;
    }
    const e = ipErrors(ip, index("spec.clusterIPs", i));
    if (e.length) hasInvalidIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalidValue("spec.clusterIPs", ipsValue, "may only hold up to 2 values"));
  if (hasInvalidIPs) return errs;
  if (ips.length > 1) {
    const v6 = ips.filter(isIPv6String).length;
    if (v6 === 0 || v6 === ips.length) {
      errs.push(invalidValue("spec.clusterIPs", ipsValue, "may specify no more than one IP for each IP family"));
    }
  }
  if (!isHeadless(spec) && ips.length && families.length) {
    ips.forEach((ip, i) => {
      if (i > families.length - 1) return;
      if (families[i] === "IPv4" && isIPv6String(ip)) {
        errs.push(
          invalidValue(index("spec.clusterIPs", i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
      if (families[i] === "IPv6" && !isIPv6String(ip)) {
        errs.push(
          invalidValue(index("spec.clusterIPs", i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``),
        );
      }
    });
  }
  return errs;
}

/** ValidateService (create). */
export function validateServiceCreate(svc: KObject): FieldError[] {
  const errs = validateObjectMeta(svc.metadata, { namespaced: true, nameRule: "dns1035-label" });
  const annotations = obj(svc.metadata.annotations);
  if (
    has(annotations, TOPOLOGY_MODE) &&
    has(annotations, TOPOLOGY_AWARE_HINTS) &&
    annotations[TOPOLOGY_MODE] !== annotations[TOPOLOGY_AWARE_HINTS]
  ) {
    errs.push(
      invalidValue(
        key("metadata.annotations", TOPOLOGY_MODE),
        str(annotations[TOPOLOGY_MODE]),
        `must match annotations[${TOPOLOGY_AWARE_HINTS}] when both are specified`,
      ),
    );
  }
  const spec = obj(svc.spec);
  const ports = arr(spec.ports).map(obj);
  const type = str(spec.type);
  if (ports.length === 0 && !isHeadless(spec) && type !== "ExternalName") errs.push(required("spec.ports"));
  switch (type) {
    case "LoadBalancer":
    case "NodePort":
      if (isHeadless(spec)) {
        errs.push(
          invalidValue("spec.clusterIPs[0]", arr(spec.clusterIPs)[0], `may not be set to 'None' for ${type} services`),
        );
      }
      break;
    case "ExternalName": {
      if (arr(spec.clusterIPs).length > 0)
        errs.push(forbiddenField("spec.clusterIPs", "may not be set for ExternalName services"));
      if (arr(spec.ipFamilies).length > 0)
        errs.push(forbiddenField("spec.ipFamilies", "may not be set for ExternalName services"));
      if (has(spec, "ipFamilyPolicy"))
        errs.push(forbiddenField("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
      const cname = str(spec.externalName).replace(/\.$/, "");
      if (cname) errs.push(...isDNS1123Subdomain(cname).map((m) => invalidValue("spec.externalName", cname, m)));
      else errs.push(required("spec.externalName"));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, index("spec.ports", i)));
  });
  if (isPlainObject(spec.selector))
    errs.push(...validateLabels(spec.selector as Record<string, string>, "spec.selector"));
  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required("spec.sessionAffinity"));
  else if (affinity !== "ClientIP" && affinity !== "None")
    errs.push(notSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]));
  if (affinity === "ClientIP") {
    const cfg = spec.sessionAffinityConfig;
    const p = "spec.sessionAffinityConfig";
    if (!isPlainObject(cfg)) errs.push(required(p, "when session affinity type is ClientIP"));
    else if (!isPlainObject(cfg.clientIP))
      errs.push(required(child(p, "clientIP"), "when session affinity type is ClientIP"));
    else if (typeof cfg.clientIP.timeoutSeconds !== "number") {
      errs.push(required(child(p, "clientIP", "timeoutSeconds"), "when session affinity type is ClientIP"));
    } else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t <= 0 || t > MAX_CLIENT_IP_AFFINITY_SECONDS) {
        errs.push(
          invalidValue(
            child(p, "clientIP", "timeoutSeconds"),
            t,
            `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`,
          ),
        );
      }
    }
  } else if (affinity === "None" && has(spec, "sessionAffinityConfig")) {
    errs.push(forbiddenField("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }
  errs.push(...validateServiceClusterIPs(spec));
  arr(spec.externalIPs).forEach((ip, i) => {
    const p = index("spec.externalIPs", i);
    const e = ipErrors(str(ip), p);
    errs.push(...(e.length ? e : validateNonSpecialIP(str(ip), p)));
  });
  if (!type) errs.push(required("spec.type"));
  else if (!SERVICE_TYPES.includes(type)) errs.push(notSupported("spec.type", type, SERVICE_TYPES));
  if (type === "ClusterIP") {
    ports.forEach((p, i) => {
      if (typeof p.nodePort === "number" && p.nodePort !== 0) {
        errs.push(
          forbiddenField(child(index("spec.ports", i), "nodePort"), "may not be used when `type` is 'ClusterIP'"),
        );
      }
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const np = typeof p.nodePort === "number" ? p.nodePort : 0;
    if (np === 0) return;
    const k = `${str(p.protocol)}/${np}`;
    if (nodePorts.has(k))
      errs.push({ type: "FieldValueDuplicate", field: child(index("spec.ports", i), "nodePort"), value: np });
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const port = typeof p.port === "number" ? p.port : 0;
    const k = `${str(p.protocol)}/${port}`;
    if (portKeys.has(k)) {
      errs.push({
        type: "FieldValueDuplicate",
        field: index("spec.ports", i),
        value: new GoValue({ protocol: str(p.protocol), port }, goServicePortKey(str(p.protocol), port)),
      });
    }
    portKeys.add(k);
  });
  const ranges = arr(spec.loadBalancerSourceRanges).map(str);
  if (ranges.length > 0) {
    const p = "spec.LoadBalancerSourceRanges";
    if (type !== "LoadBalancer") errs.push(forbiddenField(p, "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      const v = r.trim();
      errs.push(...isValidCIDR(v).map((m) => invalidValue(index(p, i), v, m)));
    });
  } else if (has(annotations, LB_SOURCE_RANGES_ANNOTATION)) {
    const p = key("metadata.annotations", LB_SOURCE_RANGES_ANNOTATION);
    if (type !== "LoadBalancer") errs.push(forbiddenField(p, "may only be used when `type` is 'LoadBalancer'"));
    const v = str(annotations[LB_SOURCE_RANGES_ANNOTATION]).trim();
    if (v) for (const c of v.split(",")) errs.push(...isValidCIDR(c.trim()).map((m) => invalidValue(p, c.trim(), m)));
  }
  if (has(spec, "allocateLoadBalancerNodePorts") && type !== "LoadBalancer") {
    errs.push(forbiddenField("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
  }
  // kube reports this one without the `spec.` prefix.
  if (type === "LoadBalancer" && !has(spec, "allocateLoadBalancerNodePorts"))
    errs.push(required("allocateLoadBalancerNodePorts"));
  if (type === "LoadBalancer") {
    if (has(spec, "loadBalancerClass")) {
      const c = str(spec.loadBalancerClass);
      errs.push(...isQualifiedName(c).map((m) => invalidValue("spec.loadBalancerClass", c, m)));
    }
  } else if (has(spec, "loadBalancerClass")) {
    errs.push(forbiddenField("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
  }
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible(spec)) {
    if (etp)
      errs.push(invalidValue("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"));
  } else if (!etp) errs.push(required("spec.externalTrafficPolicy"));
  else if (etp !== "Cluster" && etp !== "Local")
    errs.push(notSupported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"]));
  const hcnp = typeof spec.healthCheckNodePort === "number" ? spec.healthCheckNodePort : 0;
  if (!needsHealthCheck(spec)) {
    if (hcnp !== 0) {
      errs.push(
        invalidValue(
          "spec.healthCheckNodePort",
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hcnp === 0) errs.push(required("spec.healthCheckNodePort"));
  else errs.push(...isValidPortNum(hcnp).map((m) => invalidValue("spec.healthCheckNodePort", hcnp, m)));
  if (!has(spec, "internalTrafficPolicy")) {
    if (type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP")
      errs.push(required("spec.internalTrafficPolicy"));
  } else if (spec.internalTrafficPolicy !== "Cluster" && spec.internalTrafficPolicy !== "Local") {
    errs.push(notSupported("spec.internalTrafficPolicy", str(spec.internalTrafficPolicy), ["Cluster", "Local"]));
  }
  if (has(spec, "trafficDistribution") && spec.trafficDistribution !== "PreferClose") {
    errs.push(notSupported("spec.trafficDistribution", str(spec.trafficDistribution), ["PreferClose"]));
  }
  return errs;
}

function validateUpgradeDowngradeClusterIPs(oldSpec: Obj, spec: Obj): FieldError[] {
  if (spec.type === "ExternalName" || oldSpec.type === "ExternalName") return [];
  if (isHeadless(oldSpec) && isHeadless(spec)) return [];
  const errs: FieldError[] = [];
  const oldIPs = arr(oldSpec.clusterIPs).map(str);
  const ips = arr(spec.clusterIPs).map(str);
  const shown = goSliceValue(ips.length ? ips : undefined);
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalidValue(index("spec.clusterIPs", i), shown, "may not change once set"));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0) errs.push(invalidValue("spec.clusterIPs[0]", shown, "primary clusterIP can not be unset"));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
      errs.push(invalidValue("spec.clusterIPs[0]", shown, "may not change once set"));
    if (ips.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(
        invalidValue(
          "spec.ipFamilyPolicy",
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(invalidValue("spec.clusterIPs[0]", shown, "may not change once set"));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(oldSpec: Obj, spec: Obj): FieldError[] {
  if (spec.type === "ExternalName" || oldSpec.type === "ExternalName") return [];
  if (isHeadless(oldSpec) !== isHeadless(spec) || isHeadless(spec)) return [];
  const errs: FieldError[] = [];
  const oldF = arr(oldSpec.ipFamilies).map(str);
  const fams = arr(spec.ipFamilies).map(str);
  const ips = arr(spec.clusterIPs).map(str);
  const shownF = goSliceValue(fams.length ? fams : undefined);
  const shownIPs = goSliceValue(ips.length ? ips : undefined);
  if (oldF.length === fams.length) {
    oldF.forEach((f, i) => {
      if (f !== fams[i]) errs.push(invalidValue("spec.ipFamilies[0]", shownF, "may not change once set"));
    });
  } else if (oldF.length > fams.length) {
    if (ips.length === 0) errs.push(invalidValue("spec.ipFamilies[0]", shownF, "primary ipFamily can not be unset"));
    if (fams.length > 0 && fams[0] !== oldF[0])
      errs.push(invalidValue("spec.ipFamilies[0]", shownIPs, "may not change once set"));
    if (fams.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(
        invalidValue(
          "spec.ipFamilyPolicy",
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldF.length > 0 && fams.length > 0 && fams[0] !== oldF[0]) {
    errs.push(invalidValue("spec.ipFamilies[0]", shownIPs, "may not change once set"));
  }
  return errs;
}

/** ValidateServiceUpdate. Run prepareServiceForUpdate (defaults/core-misc.ts) first, as the REST layer does. */
export function validateServiceUpdate(svc: KObject, old: KObject): FieldError[] {
  const spec = obj(svc.spec);
  const oldSpec = obj(old.spec);
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata);
  errs.push(...validateUpgradeDowngradeClusterIPs(oldSpec, spec));
  errs.push(...validateUpgradeDowngradeIPFamilies(oldSpec, spec));
  if (
    oldSpec.type === "LoadBalancer" &&
    spec.type === "LoadBalancer" &&
    !semanticEqual(oldSpec.loadBalancerClass, spec.loadBalancerClass)
  ) {
    errs.push(invalidValue("spec.loadBalancerClass", spec.loadBalancerClass ?? null, "may not change once set"));
  }
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec) && spec.healthCheckNodePort !== oldSpec.healthCheckNodePort) {
    errs.push(forbiddenField("spec.healthCheckNodePort", "field is immutable"));
  }
  errs.push(...validateServiceCreate(svc));
  return errs;
}

export function validateService(svc: KObject, old?: KObject): FieldError[] {
  return old ? validateServiceUpdate(svc, old) : validateServiceCreate(svc);
}

/**
 * The service node-port allocator's range check (`--service-node-port-range`, 30000-32767 by default). kube
 * reports it after validation passes, when allocating; call it then.
 */
export function validateServiceNodePorts(svc: KObject, range: [number, number] = [30000, 32767]): FieldError[] {
  const errs: FieldError[] = [];
  arr(obj(svc.spec).ports).forEach((raw, i) => {
    const np = obj(raw).nodePort;
    if (typeof np === "number" && np !== 0 && (np < range[0] || np > range[1])) {
      errs.push(
        invalidValue(
          child(index("spec.ports", i), "nodePort"),
          np,
          `provided port is not in the valid range. The range of valid ports is ${range[0]}-${range[1]}`,
        ),
      );
    }
  });
  return errs;
}

// ---- Namespace -------------------------------------------------------------------------------------------

export function validateNamespace(ns: KObject, old?: KObject): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, { namespaced: false, nameRule: "label" });
  for (const f of arr(obj(ns.spec).finalizers)) errs.push(...validateCoreFinalizerName(str(f), "spec.finalizers"));
  if (old) errs.push(...validateObjectMetaUpdate(ns.metadata, old.metadata));
  return errs;
}

// ---- ConfigMap and Secret ------------------------------------------------------------------------------------

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/** Length of base64-encoded bytes once decoded (what Go's []byte holds). */
function base64DecodedLength(v: unknown): number {
  const s = str(v).replace(/\s/g, "");
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((s.length * 3) / 4) - pad);
}

function decodeBase64(v: unknown): string | undefined {
  try {
    const bin = atob(str(v));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** json.Unmarshal into map[string]interface{}: "" when it succeeds, else Go's error text (approximately). */
function goJSONObjectError(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "unexpected end of JSON input";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const first = trimmed[0];
    if (!/[{["\-0-9tfn]/.test(first)) return `invalid character '${first}' looking for beginning of value`;
    return /end of (JSON|data)|Unexpected end/i.test(String(e))
      ? "unexpected end of JSON input"
      : `invalid character '${first}' looking for beginning of value`;
  }
  if (parsed === null || isPlainObject(parsed)) return "";
  const t = Array.isArray(parsed) ? "array" : typeof parsed === "boolean" ? "bool" : typeof parsed;
  return `json: cannot unmarshal ${t} into Go value of type map[string]interface {}`;
}

export function validateConfigMap(cm: KObject, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  if (old && (old as Obj).immutable === true) {
    if ((cm as Obj).immutable !== true)
      errs.push(forbiddenField("immutable", "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.data, old.data))
      errs.push(forbiddenField("data", "field is immutable when `immutable` is set"));
    if (!semanticEqual(cm.binaryData, old.binaryData))
      errs.push(forbiddenField("binaryData", "field is immutable when `immutable` is set"));
  }
  if (old) errs.unshift(...validateObjectMetaUpdate(cm.metadata, old.metadata));
  errs.push(...validateObjectMeta(cm.metadata, { namespaced: true, nameRule: "subdomain" }));
  const data = obj(cm.data);
  const binary = obj(cm.binaryData);
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalidValue(key("data", k), k, m));
    if (Object.hasOwn(binary, k)) errs.push(invalidValue(key("data", k), k, "duplicate of key present in binaryData"));
    total += utf8Bytes(str(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalidValue(key("binaryData", k), k, m));
    total += base64DecodedLength(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong("", "", MAX_SECRET_SIZE));
  return errs;
}

export function validateSecret(secret: KObject, old?: KObject): FieldError[] {
  const s = secret as Obj;
  const errs: FieldError[] = [];
  if (old) {
    const o = old as Obj;
    errs.push(...validateObjectMetaUpdate(secret.metadata, old.metadata));
    errs.push(...validateImmutableField(s.type ?? "", o.type ?? "", "type"));
    if (o.immutable === true) {
      if (s.immutable !== true) errs.push(forbiddenField("immutable", "field is immutable when `immutable` is set"));
      if (!semanticEqual(s.data, o.data))
        errs.push(forbiddenField("data", "field is immutable when `immutable` is set"));
    }
  }
  errs.push(...validateObjectMeta(secret.metadata, { namespaced: true, nameRule: "subdomain" }));
  const data = obj(s.data);
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalidValue(key("data", k), k, m));
    total += base64DecodedLength(v);
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong("data", "", MAX_SECRET_SIZE));
  const requireKey = (k: string) => errs.push(required(key("data", k)));
  switch (str(s.type)) {
    case "kubernetes.io/service-account-token":
      if (!str(obj(secret.metadata.annotations)["kubernetes.io/service-account.name"])) {
        errs.push(required(key("metadata.annotations", "kubernetes.io/service-account.name")));
      }
      break;
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const k = s.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      if (!Object.hasOwn(data, k)) {
        requireKey(k);
        break;
      }
      const text = decodeBase64(data[k]) ?? "";
      const err = goJSONObjectError(text);
      if (err) errs.push(invalidValue(key("data", k), "<secret contents redacted>", err));
      break;
    }
    case "kubernetes.io/basic-auth":
      if (!Object.hasOwn(data, "username") && !Object.hasOwn(data, "password")) {
        requireKey("username");
        requireKey("password");
      }
      break;
    case "kubernetes.io/ssh-auth":
      if (base64DecodedLength(data["ssh-privatekey"]) === 0) requireKey("ssh-privatekey");
      break;
    case "kubernetes.io/tls":
      if (!Object.hasOwn(data, "tls.crt")) requireKey("tls.crt");
      if (!Object.hasOwn(data, "tls.key")) requireKey("tls.key");
      break;
  }
  return errs;
}

// ---- ServiceAccount ----------------------------------------------------------------------------------------

export function validateServiceAccount(sa: KObject, old?: KObject): FieldError[] {
  return [
    ...(old ? validateObjectMetaUpdate(sa.metadata, old.metadata) : []),
    ...validateObjectMeta(sa.metadata, { namespaced: true, nameRule: "subdomain" }),
  ];
}

// ---- Endpoints ---------------------------------------------------------------------------------------------

function validateEndpointAddress(addr: Obj, path: string): FieldError[] {
  const ip = str(addr.ip);
  const errs = ipErrors(ip, child(path, "ip"));
  const hostname = str(addr.hostname);
  if (hostname) errs.push(...isDNS1123Label(hostname).map((m) => invalidValue(child(path, "hostname"), hostname, m)));
  if (addr.nodeName !== undefined && addr.nodeName !== null) {
    for (const m of nameIsDNSSubdomain(str(addr.nodeName), false))
      errs.push(invalidValue(child(path, "nodeName"), str(addr.nodeName), m));
  }
  errs.push(...validateNonSpecialIP(ip, child(path, "ip")));
  return errs;
}

function validateEndpointPort(port: Obj, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(port.name);
  if (requireName && !name) errs.push(required(child(path, "name")));
  else if (name) errs.push(...isDNS1123Label(name).map((m) => invalidValue(child(path, "name"), name, m)));
  const p = typeof port.port === "number" ? port.port : 0;
  errs.push(...isValidPortNum(p).map((m) => invalidValue(child(path, "port"), p, m)));
  const proto = str(port.protocol);
  if (!proto) errs.push(required(child(path, "protocol")));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(proto))
    errs.push(notSupported(child(path, "protocol"), proto, SUPPORTED_PORT_PROTOCOLS));
  if (port.appProtocol !== undefined && port.appProtocol !== null) {
    errs.push(
      ...isQualifiedName(str(port.appProtocol)).map((m) =>
        invalidValue(child(path, "appProtocol"), str(port.appProtocol), m),
      ),
    );
  }
  return errs;
}

export function validateEndpoints(ep: KObject, old?: KObject): FieldError[] {
  const errs = old ? validateObjectMetaUpdate(ep.metadata, old.metadata) : [];
  errs.push(...validateObjectMeta(ep.metadata, { namespaced: true, nameRule: "subdomain" }));
  arr((ep as Obj).subsets).forEach((raw, i) => {
    const ss = obj(raw);
    const p = index("subsets", i);
    const addrs = arr(ss.addresses);
    const notReady = arr(ss.notReadyAddresses);
    if (addrs.length === 0 && notReady.length === 0)
      errs.push(required(p, "must specify `addresses` or `notReadyAddresses`"));
    addrs.forEach((a, j) => {
      errs.push(...validateEndpointAddress(obj(a), index(child(p, "addresses"), j)));
    });
    notReady.forEach((a, j) => {
      errs.push(...validateEndpointAddress(obj(a), index(child(p, "notReadyAddresses"), j)));
    });
    const ports = arr(ss.ports);
    ports.forEach((pt, j) => {
      errs.push(...validateEndpointPort(obj(pt), ports.length > 1, index(child(p, "ports"), j)));
    });
  });
  return errs;
}

// ---- Event (core/v1: legacy validation only) ------------------------------------------------------------------

export function validateEvent(ev: KObject): FieldError[] {
  const e = ev as Obj;
  const errs: FieldError[] = [];
  const involved = obj(e.involvedObject);
  const ns = str(ev.metadata.namespace);
  const involvedNs = str(involved.namespace);
  const mismatch = () =>
    errs.push(invalidValue("involvedObject.namespace", involvedNs, "does not match event.namespace"));
  if (!e.eventTime) {
    if (!involvedNs) {
      if (ns !== "" && ns !== "default") mismatch();
    } else if (ns !== involvedNs) mismatch();
  } else {
    if (!involvedNs && ns !== "default" && ns !== "kube-system") mismatch();
    const rc = str(e.reportingComponent);
    if (!rc) errs.push(required("reportingController"));
    errs.push(...isQualifiedName(rc).map((m) => invalidValue("reportingController", rc, m)));
    const ri = str(e.reportingInstance);
    if (!ri) errs.push(required("reportingInstance"));
    if (ri.length > 128) errs.push(invalidValue("reportingInstance", "", "can have at most 128 characters"));
    const action = str(e.action);
    if (!action) errs.push(required("action"));
    if (action.length > 128) errs.push(invalidValue("action", "", "can have at most 128 characters"));
    const reason = str(e.reason);
    if (!reason) errs.push(required("reason"));
    if (reason.length > 128) errs.push(invalidValue("reason", "", "can have at most 128 characters"));
    if (str(e.message).length > 1024) errs.push(invalidValue("message", "", "can have at most 1024 characters"));
  }
  errs.push(...isDNS1123Subdomain(ns).map((m) => invalidValue("namespace", ns, m)));
  return errs;
}

// ---- Node --------------------------------------------------------------------------------------------------

function goTaint(t: Obj): string {
  return `core.Taint{Key:${goQuote(str(t.key))}, Value:${goQuote(str(t.value))}, Effect:${goQuote(str(t.effect))}, TimeAdded:(*v1.Time)(nil)}`;
}

/** validateNodeTaints: unique by key and effect. */
export function validateNodeTaints(taints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  arr(taints).forEach((raw, i) => {
    const t = obj(raw);
    const p = index(path, i);
    errs.push(...validateLabelName(str(t.key), child(p, "key")));
    const vmsgs = isValidLabelValue(str(t.value));
    if (vmsgs.length) errs.push(invalidValue(child(p, "value"), str(t.value), vmsgs.join(";")));
    errs.push(...validateTaintEffect(str(t.effect), false, child(p, "effect")));
    const k = `${str(t.effect)}\u0000${str(t.key)}`;
    if (seen.has(k)) {
      errs.push({
        type: "FieldValueDuplicate",
        field: p,
        value: new GoValue(t, goTaint(t)),
        detail: "taints must be unique by key and effect pair",
      });
      return;
    }
    seen.add(k);
  });
  return errs;
}

function validateNodeResources(node: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const status = obj((node as Obj).status);
  for (const field of ["capacity", "allocatable"]) {
    for (const [k, v] of Object.entries(obj(status[field]))) {
      errs.push(...validateResourceQuantityValue(k, v, child("status", field, k)));
    }
  }
  return errs;
}

function validateNodeCreate(node: KObject): FieldError[] {
  const spec = obj((node as Obj).spec);
  const errs = validateObjectMeta(node.metadata, { namespaced: false, nameRule: "subdomain" });
  // kube validates spec.taints under metadata.taints.
  errs.push(...validateNodeTaints(spec.taints, "metadata.taints"));
  errs.push(...validateNodeResources(node));
  const cidrs = arr(spec.podCIDRs).map(str);
  cidrs.forEach((c, i) => {
    errs.push(...isValidCIDR(c).map((m) => invalidValue(index("spec.podCIDRs", i), c, m)));
  });
  if (cidrs.length > 1) {
    const v6 = cidrs.filter((c) => isIPv6String(c.split("/")[0])).length;
    if (v6 === 0 || v6 === cidrs.length || cidrs.length > 2) {
      errs.push(
        invalidValue("spec.podCIDRs", goSliceValue(cidrs), "may specify no more than one CIDR for each IP family"),
      );
    }
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push({ type: "FieldValueDuplicate", field: index("spec.podCIDRs", i), value: c });
      seen.add(c);
    });
  }
  return errs;
}

export function validateNode(node: KObject, old?: KObject): FieldError[] {
  const errs = validateNodeCreate(node);
  if (!old) return errs;
  const spec = obj((node as Obj).spec);
  const oldSpec = obj((old as Obj).spec);
  errs.push(...validateObjectMetaUpdate(node.metadata, old.metadata));
  errs.push(...validateNodeResources(node));
  const seenAddr = new Set<string>();
  arr(obj((node as Obj).status).addresses).forEach((a, i) => {
    const k = JSON.stringify([str(obj(a).type), str(obj(a).address)]);
    if (seenAddr.has(k)) errs.push({ type: "FieldValueDuplicate", field: index("status.addresses", i), value: a });
    seenAddr.add(k);
  });
  const oldCIDRs = arr(oldSpec.podCIDRs).map(str);
  const cidrs = arr(spec.podCIDRs).map(str);
  if (oldCIDRs.length > 0) {
    const msg = 'node updates may not change podCIDR except from "" to valid';
    if (oldCIDRs.length !== cidrs.length) errs.push(forbiddenField("spec.podCIDRs", msg));
    else
      oldCIDRs.forEach((c, i) => {
        c !== cidrs[i] && errs.push(forbiddenField("spec.podCIDRs", msg));
      });
  }
  if (str(oldSpec.providerID) && oldSpec.providerID !== spec.providerID) {
    errs.push(forbiddenField("spec.providerID", 'node updates may not change providerID except from "" to valid'));
  }
  errs.push(...validateNodeTaints(spec.taints, "metadata.taints"));
  if (str(spec.externalID) !== str(oldSpec.externalID))
    errs.push(forbiddenField("spec.externalID", "may not be updated"));
  return errs;
}

// ---- Lease (coordination.k8s.io/v1) ------------------------------------------------------------------------

export function validateLease(lease: KObject, old?: KObject): FieldError[] {
  const spec = obj((lease as Obj).spec);
  const errs = old
    ? validateObjectMetaUpdate(lease.metadata, old.metadata)
    : validateObjectMeta(lease.metadata, { namespaced: true, nameRule: "subdomain" });
  if (typeof spec.leaseDurationSeconds === "number" && spec.leaseDurationSeconds <= 0) {
    errs.push(invalidValue("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"));
  }
  if (typeof spec.leaseTransitions === "number" && spec.leaseTransitions < 0) {
    errs.push(invalidValue("spec.leaseTransitions", spec.leaseTransitions, IS_NEGATIVE));
  }
  return errs;
}
