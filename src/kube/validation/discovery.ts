/**
 * discovery.k8s.io/v1 EndpointSlice validation (pkg/apis/discovery/validation, Kubernetes 1.32).
 */
import { type FieldError, invalidValue, notSupported, required } from "../errors";
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { validateNonSpecialIP } from "./core-misc";
import { arr, has, type Obj, obj, str } from "./extra-common";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIPv4Address,
  isValidIPv6Address,
  isValidLabelValue,
  nameIsDNSSubdomain,
  validateLabels,
} from "./names";
import { child, index, validateImmutableField, validateObjectMeta, validateObjectMetaUpdate } from "./object-meta";

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ENDPOINTS = 1000;
const MAX_ZONE_HINTS = 8;

const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: "FieldValueTooMany",
  field,
  value: actual,
  detail: `must have at most ${max} items`,
});

/** IsFullyQualifiedDomainName. */
function validateFQDN(path: string, value: string): FieldError[] {
  if (!value) return [required(path)];
  const name = value.endsWith(".") ? value.slice(0, -1) : value;
  const sub = isDNS1123Subdomain(name);
  if (sub.length) return [invalidValue(path, name, sub.join(","))];
  const labels = name.split(".");
  if (labels.length < 2)
    return [invalidValue(path, name, "should be a domain with at least two segments separated by dots")];
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length) return [invalidValue(path, l, e.join(","))];
  }
  return [];
}

function validateEndpoints(endpoints: unknown[], addrType: string): FieldError[] {
  const errs: FieldError[] = [];
  if (endpoints.length > MAX_ENDPOINTS) return [tooMany("endpoints", endpoints.length, MAX_ENDPOINTS)];
  endpoints.forEach((raw, i) => {
    const ep = obj(raw);
    const idx = index("endpoints", i);
    const ap = child(idx, "addresses");
    const addresses = arr(ep.addresses).map(str);
    if (addresses.length === 0) errs.push(required(ap, "must contain at least 1 address"));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(ap, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      const p = index(ap, j);
      if (addrType === "IPv4") {
        errs.push(...isValidIPv4Address(a).map((m) => invalidValue(p, a, m)));
        errs.push(...validateNonSpecialIP(a, p));
      } else if (addrType === "IPv6") {
        errs.push(...isValidIPv6Address(a).map((m) => invalidValue(p, a, m)));
        errs.push(...validateNonSpecialIP(a, p));
      } else if (addrType === "FQDN") errs.push(...validateFQDN(p, a));
    });
    if (has(ep, "nodeName")) {
      const nn = str(ep.nodeName);
      errs.push(...nameIsDNSSubdomain(nn, false).map((m) => invalidValue(child(idx, "nodeName"), nn, m)));
    }
    const tp = child(idx, "deprecatedTopology");
    const topology = obj(ep.deprecatedTopology);
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS)
      errs.push(tooMany(tp, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    errs.push(
      ...validateLabels(isPlainObject(ep.deprecatedTopology) ? (topology as Record<string, string>) : undefined, tp),
    );
    if (has(ep, "hostname")) {
      const h = str(ep.hostname);
      errs.push(...isDNS1123Label(h).map((m) => invalidValue(child(idx, "hostname"), h, m)));
    }
    if (isPlainObject(ep.hints)) {
      const fz = arr(ep.hints.forZones);
      const fp = child(idx, "hints", "forZones");
      if (fz.length > MAX_ZONE_HINTS) errs.push(tooMany(fp, fz.length, MAX_ZONE_HINTS));
      else {
        const seen = new Set<string>();
        fz.forEach((z, k) => {
          const name = str(obj(z).name);
          const zp = child(index(fp, k), "name");
          if (seen.has(name)) errs.push({ type: "FieldValueDuplicate", field: zp, value: name });
          else seen.add(name);
          errs.push(...isValidLabelValue(name).map((m) => invalidValue(zp, name, m)));
        });
      }
    }
  });
  return errs;
}

function validatePorts(ports: unknown[]): FieldError[] {
  if (ports.length > MAX_PORTS) return [tooMany("ports", ports.length, MAX_PORTS)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((raw, i) => {
    const port = obj(raw);
    const idx = index("ports", i);
    const name = str(port.name);
    if (name) errs.push(...isDNS1123Label(name).map((m) => invalidValue(child(idx, "name"), name, m)));
    if (names.has(name)) errs.push({ type: "FieldValueDuplicate", field: child(idx, "name"), value: name });
    else names.add(name);
    if (!has(port, "protocol")) errs.push(required(child(idx, "protocol")));
    else if (!PROTOCOLS.includes(str(port.protocol)))
      errs.push(notSupported(child(idx, "protocol"), str(port.protocol), PROTOCOLS));
    if (has(port, "appProtocol")) {
      const ap = str(port.appProtocol);
      errs.push(...isQualifiedName(ap).map((m) => invalidValue(child(idx, "appProtocol"), ap, m)));
    }
  });
  return errs;
}

function validateEndpointSliceObject(es: KObject): FieldError[] {
  const e = es as Obj;
  const errs = validateObjectMeta(es.metadata, { namespaced: true, nameRule: "subdomain" });
  const addrType = str(e.addressType);
  if (!addrType) errs.push(required("addressType"));
  else if (!ADDRESS_TYPES.includes(addrType)) errs.push(notSupported("addressType", addrType, ADDRESS_TYPES));
  errs.push(...validateEndpoints(arr(e.endpoints), addrType));
  errs.push(...validatePorts(arr(e.ports)));
  return errs;
}

/** ValidateEndpointSliceCreate / ValidateEndpointSliceUpdate (addressType is immutable). */
export function validateEndpointSlice(es: KObject, old?: KObject): FieldError[] {
  if (!old) return validateEndpointSliceObject(es);
  return [
    ...validateObjectMetaUpdate(es.metadata, old.metadata),
    ...validateEndpointSliceObject(es),
    ...validateImmutableField((es as Obj).addressType ?? "", (old as Obj).addressType ?? "", "addressType"),
  ];
}
