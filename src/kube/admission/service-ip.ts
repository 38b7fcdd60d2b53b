/**
 * Service allocations as the Kubernetes 1.32 service REST storage makes them (pkg/registry/core/service/
 * storage/alloc.go over ipallocator and portallocator), as pure functions: the caller passes in what is
 * already allocated (collected from the stored Services, see collectServiceAllocations) and persists the
 * outcome itself.
 *
 * ClusterIPs (single-stack IPv4, --service-cluster-ip-range 10.96.0.0/12 by default). The bitmap allocator
 * never hands out the network or broadcast address; offset 0 of the bitmap is the first usable address. A
 * band at the bottom of the range is kept for static allocation (KEP-3070): min(max(16, size/16), 256)
 * addresses, so 256 for a /12 (10.96.0.1 - 10.96.1.0, holding `kubernetes` at 10.96.0.1 and kube-dns at
 * 10.96.0.10). Dynamic allocation picks a random point in the upper band and scans forward (wrapping inside
 * the band); only when the upper band is full does it scan the lower band from another random point.
 *
 * NodePorts (30000-32767): the same bitmap strategy with a static band of min(max(16, size/32), 128) ports,
 * i.e. 86 (30000-30085) for the default range.
 *
 * Where this runs in kube's pipeline (Store.Create / Store.Update): the name is generated, then the service
 * REST begin hook allocates (on update after patchAllocatedValues + NormalizeClusterIPs, i.e.
 * prepareServiceForUpdate in defaults/core-misc.ts), and only then does the strategy run PrepareForUpdate
 * (dropTypeDependentFields, exported here) and validation. kube also runs ValidateServiceClusterIPsRelatedFields
 * just before allocating; callers that validate first see the same result except that a request with both an
 * allocation failure and an unrelated validation error reports the validation error instead.
 *
 * LoadBalancer ingress IPs are not part of kube: a cloud provider assigns them. We simulate what kind users
 * get from cloud-provider-kind / MetalLB with the layer-2 pool kind's MetalLB guide uses, carved from the
 * docker network the nodes live on (172.18.0.0/16): 172.18.255.200-172.18.255.250. MetalLB hands out the
 * lowest free address of the pool (honouring spec.loadBalancerIP when it is free and in the pool), and so do we.
 */
import { type FieldError, internal, invalid, invalidValue, type StatusError } from "../errors";
import type { KObject } from "../object";
import { deepEqual, isPlainObject } from "../object";
import { parseIPSloppy } from "../validation/names";
import { goSliceValue } from "../validation/object-meta";

type Obj = Record<string, unknown>;

export const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";
export const DEFAULT_NODE_PORT_RANGE = "30000-32767";
/** The simulated LoadBalancer pool (see the module comment). */
export const DEFAULT_LOAD_BALANCER_POOL = "172.18.255.200-172.18.255.250";

export const ERR_IP_RANGE_FULL = "range is full";
export const ERR_IP_ALLOCATED = "provided IP is already allocated";
export const ERR_PORT_ALLOCATED = "provided port is already allocated";

// ---- IPv4 arithmetic ---------------------------------------------------------------------------------------

function ipv4ToInt(ip: string): number | undefined {
  const b = parseIPSloppy(ip);
  if (!b) return undefined;
  const v4 = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (!v4) return undefined;
  return ((b[12] << 24) >>> 0) + (b[13] << 16) + (b[14] << 8) + b[15];
}

function intToIPv4(n: number): string {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
}

/** net.IP.String() of a parsable address (IPv4 in dotted quad, IPv6 compressed), else Go's "<nil>". */
function goIPString(ip: string): string {
  const v4 = ipv4ToInt(ip);
  if (v4 !== undefined) return intToIPv4(v4);
  const b = parseIPSloppy(ip);
  if (!b) return "<nil>";
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  // Longest run of two or more zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (g: number[]) => g.map((x) => x.toString(16)).join(":");
  if (best < 0) return hex(groups);
  return `${hex(groups.slice(0, best))}::${hex(groups.slice(best + bestLen))}`;
}

/** A parsed IPv4 service range: bitmap offset i is the address base + i. */
export interface ServiceIPRange {
  /** cidr.String(): the masked network, e.g. "10.96.0.0/12". */
  cidr: string;
  network: number;
  /** First usable address (network + 1). */
  base: number;
  /** Number of usable addresses (the size less network and broadcast). */
  max: number;
  /** Size of the low band kept for static allocation. */
  offset: number;
}

/** ipallocator.calculateRangeOffset: min(max(16, size/16), 256), 0 for ranges of 16 or fewer. */
export function ipRangeOffset(size: number): number {
  if (size <= 16) return 0;
  const offset = Math.floor(size / 16);
  return Math.min(Math.max(offset, 16), 256);
}

export function parseServiceCIDR(cidr: string = DEFAULT_SERVICE_CIDR): ServiceIPRange {
  const slash = cidr.indexOf("/");
  const ip = slash < 0 ? undefined : ipv4ToInt(cidr.slice(0, slash));
  const bits = slash < 0 ? Number.NaN : Number(cidr.slice(slash + 1));
  if (ip === undefined || !/^[0-9]+$/.test(cidr.slice(slash + 1)) || bits > 32) {
    throw new Error(`invalid IPv4 service CIDR ${JSON.stringify(cidr)}`);
  }
  const size = 2 ** (32 - bits);
  const network = bits === 0 ? 0 : (ip & ~(size - 1)) >>> 0;
  return {
    cidr: `${intToIPv4(network)}/${bits}`,
    network,
    base: network + 1,
    max: Math.max(0, size - 2),
    offset: ipRangeOffset(size),
  };
}

/** The bitmap offset of an address, or undefined when it is outside the usable range. */
function ipOffset(r: ServiceIPRange, ip: string): number | undefined {
  const n = ipv4ToInt(ip);
  if (n === undefined) return undefined;
  const off = n - r.base;
  return off >= 0 && off < r.max ? off : undefined;
}

// ---- the bitmap scan (allocator.randomScanStrategyWithOffset) ---------------------------------------------------

const intn = (random: () => number, n: number) => Math.min(n - 1, Math.floor(random() * n));

/**
 * Picks a free bitmap offset: a random start in [offset, max) scanning forward with wrap-around, then a random
 * start in [0, offset). Undefined when every offset is taken (ErrFull).
 */
function allocateBit(taken: (i: number) => boolean, count: number, max: number, offset: number, random: () => number) {
  if (count >= max) return undefined;
  const upper = max - offset;
  if (upper > 0) {
    const start = intn(random, upper);
    for (let i = 0; i < upper; i++) {
      const at = offset + ((start + i) % upper);
      if (!taken(at)) return at;
    }
  }
  if (offset > 0) {
    const start = intn(random, offset);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (!taken(at)) return at;
    }
  }
  return undefined;
}

function takenOffsets(r: ServiceIPRange, used: Iterable<string>): Set<number> {
  const out = new Set<number>();
  for (const ip of used) {
    const off = ipOffset(r, ip);
    if (off !== undefined) out.add(off);
  }
  return out;
}

export interface ClusterIPOptions {
  cidr?: string;
  /** Uniform in [0, 1), like Math.random (the default). */
  random?: () => number;
}

/**
 * ipallocator AllocateNext: a free ClusterIP from the upper band of the range (see the module comment), or
 * undefined when the range is full — kube then fails the request with
 * `Internal error occurred: failed to allocate a serviceIP: range is full`. The caller records the result.
 */
export function allocateClusterIP(used: Iterable<string>, opts: ClusterIPOptions = {}): string | undefined {
  const r = parseServiceCIDR(opts.cidr);
  const taken = takenOffsets(r, used);
  const at = allocateBit((i) => taken.has(i), taken.size, r.max, r.offset, opts.random ?? Math.random);
  return at === undefined ? undefined : intToIPv4(r.base + at);
}

/**
 * Range.Allocate's error for a requested IP: ErrNotInRange (outside the CIDR, or its network or broadcast
 * address), ErrAllocated, or undefined when the IP can be had.
 */
export function clusterIPAllocationError(
  ip: string,
  used: Iterable<string>,
  cidr: string = DEFAULT_SERVICE_CIDR,
): string | undefined {
  const r = parseServiceCIDR(cidr);
  const off = ipOffset(r, ip);
  if (off === undefined)
    return `the provided IP (${goIPString(ip)}) is not in the valid range. The range of valid IPs is ${r.cidr}`;
  return takenOffsets(r, used).has(off) ? ERR_IP_ALLOCATED : undefined;
}

/**
 * A specific ClusterIP request (spec.clusterIPs[0]): undefined when it can be allocated (or is `None`, which
 * headless services pass through), else kube's field error
 * `spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: <reason>`.
 * `clusterIPs` is the service's whole spec.clusterIPs, which kube prints as the bad value ([ip] by default).
 */
export function requestClusterIP(
  ip: string,
  used: Iterable<string>,
  cidr: string = DEFAULT_SERVICE_CIDR,
  clusterIPs?: readonly string[],
): FieldError | undefined {
  if (ip === "None") return undefined;
  const reason = clusterIPAllocationError(ip, used, cidr);
  if (!reason) return undefined;
  return invalidValue("spec.clusterIPs", goSliceValue(clusterIPs ?? [ip]), `failed to allocate IP ${ip}: ${reason}`);
}

// ---- node ports ------------------------------------------------------------------------------------------

export interface PortRange {
  base: number;
  size: number;
  /** PortRange.String(): "30000-32767". */
  text: string;
  offset: number;
}

/** portallocator.calculateRangeOffset: min(max(16, size/32), 128), 0 for ranges of 16 or fewer. */
export function nodePortRangeOffset(size: number): number {
  if (size <= 16) return 0;
  const offset = Math.floor(size / 32);
  return Math.min(Math.max(offset, 16), 128);
}

/** net.ParsePortRange: "30000-32767", "30000+2767" or a single port. */
export function parsePortRange(text: string = DEFAULT_NODE_PORT_RANGE): PortRange {
  const m = /^([0-9]+)(?:([-+])([0-9]+))?$/.exec(text.trim());
  if (!m) throw new Error(`invalid port range ${JSON.stringify(text)}`);
  const base = Number(m[1]);
  const upper = m[2] === "+" ? base + Number(m[3]) : m[2] === "-" ? Number(m[3]) : base;
  if (upper < base || upper > 65535) throw new Error(`invalid port range ${JSON.stringify(text)}`);
  const size = upper - base + 1;
  return { base, size, text: `${base}-${upper}`, offset: nodePortRangeOffset(size) };
}

/**
 * portallocator AllocateNext: a free port from the upper band of the range, or undefined when the range is full
 * (kube: `Internal error occurred: failed to allocate a nodePort: range is full`). The caller records the result.
 */
export function allocateNodePort(
  used: Iterable<number>,
  random: () => number = Math.random,
  range: string = DEFAULT_NODE_PORT_RANGE,
): number | undefined {
  const r = parsePortRange(range);
  const taken = new Set<number>();
  for (const p of used) if (p >= r.base && p < r.base + r.size) taken.add(p - r.base);
  const at = allocateBit((i) => taken.has(i), taken.size, r.size, r.offset, random);
  return at === undefined ? undefined : r.base + at;
}

/** PortAllocator.Allocate's error for a requested port, or undefined when it can be had. */
export function nodePortAllocationError(
  port: number,
  used: Iterable<number>,
  range: string = DEFAULT_NODE_PORT_RANGE,
): string | undefined {
  const r = parsePortRange(range);
  if (!(port >= r.base && port < r.base + r.size))
    return `provided port is not in the valid range. The range of valid ports is ${r.text}`;
  for (const p of used) if (p === port) return ERR_PORT_ALLOCATED;
  return undefined;
}

/**
 * A specific nodePort request: undefined when it can be allocated, else kube's field error
 * `spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated`.
 */
export function requestNodePort(
  port: number,
  used: Iterable<number>,
  opts: { range?: string; index?: number } = {},
): FieldError | undefined {
  const reason = nodePortAllocationError(port, used, opts.range);
  return reason ? invalidValue(`spec.ports[${opts.index ?? 0}].nodePort`, port, reason) : undefined;
}

// ---- LoadBalancer ingress (simulated) ------------------------------------------------------------------------

function parsePool(pool: string): [number, number] {
  const dash = pool.indexOf("-");
  if (dash < 0) {
    const r = parseServiceCIDR(pool);
    return [r.base, r.base + r.max - 1];
  }
  const lo = ipv4ToInt(pool.slice(0, dash).trim());
  const hi = ipv4ToInt(pool.slice(dash + 1).trim());
  if (lo === undefined || hi === undefined || hi < lo) throw new Error(`invalid address pool ${JSON.stringify(pool)}`);
  return [lo, hi];
}

export interface LoadBalancerIPOptions {
  /** "first-last" or a CIDR; DEFAULT_LOAD_BALANCER_POOL by default. */
  pool?: string;
  /** spec.loadBalancerIP: used when it is in the pool and free. */
  requested?: string;
}

/** The lowest free address of the pool (or the requested one), undefined when none is left. */
export function allocateLoadBalancerIP(used: Iterable<string>, opts: LoadBalancerIPOptions = {}): string | undefined {
  const [lo, hi] = parsePool(opts.pool ?? DEFAULT_LOAD_BALANCER_POOL);
  const taken = new Set<number>();
  for (const ip of used) {
    const n = ipv4ToInt(ip);
    if (n !== undefined) taken.add(n);
  }
  if (opts.requested) {
    const want = ipv4ToInt(opts.requested);
    if (want !== undefined && want >= lo && want <= hi && !taken.has(want)) return intToIPv4(want);
  }
  for (let n = lo; n <= hi; n++) if (!taken.has(n)) return intToIPv4(n);
  return undefined;
}

/**
 * What the simulated cloud controller does for a LoadBalancer service without a loadBalancerClass and without
 * an ingress yet: status.loadBalancer.ingress = [{ip, ipMode: VIP}]. Returns the address assigned, if any.
 */
export function assignLoadBalancerIngress(
  svc: KObject,
  used: Iterable<string>,
  opts: { pool?: string } = {},
): string | undefined {
  const spec = obj(svc.spec);
  if (spec.type !== "LoadBalancer" || (typeof spec.loadBalancerClass === "string" && spec.loadBalancerClass))
    return undefined;
  if (!isPlainObject(svc.status)) svc.status = {};
  const status = svc.status as Obj;
  if (!isPlainObject(status.loadBalancer)) status.loadBalancer = {};
  const lb = status.loadBalancer as Obj;
  if (Array.isArray(lb.ingress) && lb.ingress.length > 0) return undefined;
  const requested = typeof spec.loadBalancerIP === "string" ? spec.loadBalancerIP : undefined;
  const ip = allocateLoadBalancerIP(used, { pool: opts.pool, requested });
  if (ip) lb.ingress = [{ ip, ipMode: "VIP" }];
  return ip;
}

// ---- whole services -----------------------------------------------------------------------------------------

const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const ports = (spec: Obj): Obj[] => (Array.isArray(spec.ports) ? spec.ports.map(obj) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === "string" ? x : String(x))) : []);
const nodePortOf = (p: Obj): number => (typeof p.nodePort === "number" ? p.nodePort : 0);
const hcnpOf = (spec: Obj): number => (typeof spec.healthCheckNodePort === "number" ? spec.healthCheckNodePort : 0);

const isHeadlessSpec = (spec: Obj) => {
  const ips = strs(spec.clusterIPs);
  return ips.length > 0 ? ips[0] === "None" : spec.clusterIP === "None";
};
/** apiservice.NeedsHealthCheck. */
export const needsHealthCheck = (spec: Obj): boolean =>
  spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
const needsNodePorts = (spec: Obj) => spec.type === "NodePort" || spec.type === "LoadBalancer";
/** shouldAllocateNodePorts. */
const shouldAllocateNodePorts = (spec: Obj) =>
  spec.type === "NodePort" || (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
const externallyAccessible = (spec: Obj) =>
  spec.type === "LoadBalancer" ||
  spec.type === "NodePort" ||
  (spec.type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);

/** What a Service holds from the allocators (and the simulated LoadBalancer pool). */
export interface ServiceResources {
  clusterIPs: string[];
  /** spec.ports[*].nodePort and, when the service needs one, spec.healthCheckNodePort. */
  nodePorts: number[];
  loadBalancerIPs: string[];
}

/**
 * releaseAllocatedResources: what deleting the service frees. ExternalName and headless services hold no
 * ClusterIP; the health-check node port only counts while the service needs it.
 */
export function releasedResources(svc: KObject): ServiceResources {
  const spec = obj(svc.spec);
  const clusterIPs: string[] = [];
  if (spec.type !== "ExternalName" && !isHeadlessSpec(spec)) {
    const ips = strs(spec.clusterIPs);
    if (ips.length === 0 && typeof spec.clusterIP === "string" && spec.clusterIP) ips.push(spec.clusterIP);
    for (const ip of ips) if (ip && ip !== "None" && !clusterIPs.includes(ip)) clusterIPs.push(ip);
  }
  const nodePorts: number[] = [];
  for (const p of ports(spec)) {
    const np = nodePortOf(p);
    if (np !== 0 && !nodePorts.includes(np)) nodePorts.push(np);
  }
  const hc = hcnpOf(spec);
  if (needsHealthCheck(spec) && hc > 0 && !nodePorts.includes(hc)) nodePorts.push(hc);
  const loadBalancerIPs: string[] = [];
  const status = obj(svc.status);
  const ingress = Array.isArray(obj(status.loadBalancer).ingress)
    ? (obj(status.loadBalancer).ingress as unknown[])
    : [];
  for (const ing of ingress) {
    const ip = obj(ing).ip;
    if (typeof ip === "string" && ip && !loadBalancerIPs.includes(ip)) loadBalancerIPs.push(ip);
  }
  return { clusterIPs, nodePorts, loadBalancerIPs };
}

export interface ServiceAllocationState {
  clusterIPs: ReadonlySet<string>;
  nodePorts: ReadonlySet<number>;
  loadBalancerIPs?: ReadonlySet<string>;
}

/** Everything the given Services hold: the allocator state the repair controllers would rebuild. */
export function collectServiceAllocations(services: Iterable<KObject>): {
  clusterIPs: Set<string>;
  nodePorts: Set<number>;
  loadBalancerIPs: Set<string>;
} {
  const out = { clusterIPs: new Set<string>(), nodePorts: new Set<number>(), loadBalancerIPs: new Set<string>() };
  for (const svc of services) {
    const r = releasedResources(svc);
    for (const ip of r.clusterIPs) out.clusterIPs.add(ip);
    for (const p of r.nodePorts) out.nodePorts.add(p);
    for (const ip of r.loadBalancerIPs) out.loadBalancerIPs.add(ip);
  }
  return out;
}

export interface ServiceAllocationOptions {
  cidr?: string;
  nodePortRange?: string;
  random?: () => number;
  /**
   * Server-side dry run: nothing is reserved. As in kube, a dynamic ClusterIP comes back as the network address
   * (10.96.0.0), requested IPs are only range-checked, and dynamic node ports are 32769, 32770, ...
   */
  dryRun?: boolean;
}

export interface ServiceAllocationResult {
  /** Newly reserved; the caller records them once the write succeeds. */
  allocated: { clusterIPs: string[]; nodePorts: number[] };
  /** To free once the write succeeds. */
  released: { clusterIPs: string[]; nodePorts: number[] };
}

/** One allocation transaction over a private copy of the allocator state (PortAllocationOperation). */
class Txn {
  readonly ips: Set<string>;
  readonly portsUsed: Set<number>;
  readonly range: ServiceIPRange;
  readonly portRange: PortRange;
  readonly out: ServiceAllocationResult = {
    allocated: { clusterIPs: [], nodePorts: [] },
    released: { clusterIPs: [], nodePorts: [] },
  };
  private readonly opPorts: number[] = [];

  constructor(
    used: ServiceAllocationState,
    readonly name: string,
    readonly opts: ServiceAllocationOptions,
  ) {
    this.ips = new Set(used.clusterIPs);
    this.portsUsed = new Set(used.nodePorts);
    this.range = parseServiceCIDR(opts.cidr);
    this.portRange = parsePortRange(opts.nodePortRange);
  }

  invalid(err: FieldError): StatusError {
    return invalid("Service", "", this.name, [err]);
  }

  /** allocIPs for one IPv4 slot: "" allocates dynamically. */
  allocIP(ip: string, clusterIPs: string[]): string {
    if (ip === "") {
      if (this.opts.dryRun) return intToIPv4(this.range.network);
      const got = allocateClusterIP(this.ips, { cidr: this.range.cidr, random: this.opts.random });
      if (!got) throw internal(`failed to allocate a serviceIP: ${ERR_IP_RANGE_FULL}`);
      this.ips.add(got);
      this.out.allocated.clusterIPs.push(got);
      return got;
    }
    const reason = clusterIPAllocationError(ip, this.opts.dryRun ? [] : this.ips, this.range.cidr);
    if (reason) {
      throw this.invalid(
        invalidValue("spec.clusterIPs", goSliceValue(clusterIPs), `failed to allocate IP ${ip}: ${reason}`),
      );
    }
    if (!this.opts.dryRun) {
      this.ips.add(ip);
      this.out.allocated.clusterIPs.push(ip);
    }
    return ip;
  }

  /** PortAllocationOperation.Allocate: the error text, or undefined on success. */
  allocPort(port: number): string | undefined {
    if (this.opts.dryRun) {
      if (this.portsUsed.has(port) || this.opPorts.includes(port)) return ERR_PORT_ALLOCATED;
      this.opPorts.push(port);
      return undefined;
    }
    const reason = nodePortAllocationError(port, this.portsUsed, this.portRange.text);
    if (reason) return reason;
    this.portsUsed.add(port);
    this.opPorts.push(port);
    this.out.allocated.nodePorts.push(port);
    return undefined;
  }

  /** PortAllocationOperation.AllocateNext. */
  nextPort(): number | undefined {
    if (this.opts.dryRun) {
      const last = this.opPorts.length === 0 ? 32768 : Math.max(...this.opPorts);
      this.opPorts.push(last + 1);
      return last + 1;
    }
    const got = allocateNodePort(this.portsUsed, this.opts.random, this.portRange.text);
    if (got === undefined) return undefined;
    this.portsUsed.add(got);
    this.opPorts.push(got);
    this.out.allocated.nodePorts.push(got);
    return got;
  }

  releasePort(port: number): void {
    if (port !== 0 && !this.out.released.nodePorts.includes(port)) this.out.released.nodePorts.push(port);
  }

  releaseIP(ip: string): void {
    if (ip && ip !== "None" && !this.out.released.clusterIPs.includes(ip)) this.out.released.clusterIPs.push(ip);
  }
}

/** initIPFamilyFields' checks that matter on a single-stack IPv4 cluster. */
function checkIPFamilies(spec: Obj, name: string): void {
  if (spec.type === "ExternalName") return;
  const selectorless = !isPlainObject(spec.selector) || Object.keys(spec.selector).length === 0;
  const errs: FieldError[] = [];
  const ips = strs(spec.clusterIPs);
  const families = strs(spec.ipFamilies);
  // kube infers ipFamilies from clusterIPs here; our defaults already did, so an IPv6 family matching an IPv6
  // clusterIP is treated as inferred and reported against the IP, as kube reports it.
  ips.forEach((ip, i) => {
    if (ip === "None" || (i < families.length && families[i] !== "IPv6")) return;
    if (ipv4ToInt(ip) === undefined && parseIPSloppy(ip))
      errs.push(invalidValue(`spec.clusterIPs[${i}]`, goSliceValue(ips), "IPv6 is not configured on this cluster"));
  });
  if (errs.length) throw invalid("Service", "", name, errs);
  if (spec.clusterIP === "None" && selectorless) return;
  if (spec.ipFamilyPolicy === "RequireDualStack") {
    errs.push(
      invalidValue("spec.ipFamilyPolicy", "RequireDualStack", "this cluster is not configured for dual-stack services"),
    );
  }
  families.forEach((f, i) => {
    if (f !== "IPv4") errs.push(invalidValue(`spec.ipFamilies[${i}]`, f, "not configured on this cluster"));
  });
  if (errs.length) throw invalid("Service", "", name, errs);
}

function setClusterIPs(spec: Obj, allocated: string): void {
  const ips = strs(spec.clusterIPs);
  if (ips.length === 0) ips.push(allocated);
  else ips[0] = allocated;
  spec.clusterIPs = ips;
  spec.clusterIP = allocated;
}

/** allocClusterIPs for a single-stack IPv4 cluster. */
function allocClusterIPs(spec: Obj, txn: Txn): void {
  if (spec.type === "ExternalName") return;
  const ips = strs(spec.clusterIPs);
  if (ips.length === 0 && typeof spec.clusterIP === "string" && spec.clusterIP) ips.push(spec.clusterIP);
  if (ips[0] === "None") return;
  setClusterIPs(spec, txn.allocIP(ips[0] ?? "", ips.length ? ips : [""]));
}

/** initNodePorts (create): ports sharing a port number share a node port. */
function initNodePorts(spec: Obj, txn: Txn): void {
  const byPort = new Map<number, number>();
  const list = ports(spec);
  list.forEach((sp, i) => {
    const np = nodePortOf(sp);
    if (np === 0 && !shouldAllocateNodePorts(spec)) return;
    const port = typeof sp.port === "number" ? sp.port : 0;
    const already = byPort.get(port) ?? 0;
    if (already === 0) {
      const requested = nodePortOf(list.find((p) => p.port === port && nodePortOf(p) !== 0) ?? {});
      if (requested !== 0) {
        const err = txn.allocPort(requested);
        if (err) throw txn.invalid(invalidValue(`spec.ports[${i}].nodePort`, requested, err));
        sp.nodePort = requested;
        byPort.set(port, requested);
      } else {
        const got = txn.nextPort();
        if (got === undefined) throw internal(`failed to allocate a nodePort: ${ERR_IP_RANGE_FULL}`);
        sp.nodePort = got;
        byPort.set(port, got);
      }
    } else if (np !== already) {
      if (np === 0) sp.nodePort = already;
      else {
        const err = txn.allocPort(np);
        if (err) throw txn.invalid(invalidValue(`spec.ports[${i}].nodePort`, np, err));
      }
    }
  });
}

/** allocHealthCheckNodePort: kube reports its failures as internal errors. */
function allocHealthCheckNodePort(spec: Obj, txn: Txn): void {
  const hc = hcnpOf(spec);
  if (hc !== 0) {
    const err = txn.allocPort(hc);
    if (err) throw internal(`failed to allocate requested HealthCheck NodePort ${hc}: ${err}`);
    return;
  }
  const got = txn.nextPort();
  if (got === undefined) throw internal(`failed to allocate a HealthCheck NodePort 0: ${ERR_IP_RANGE_FULL}`);
  spec.healthCheckNodePort = got;
}

/** updateNodePorts: keep the old service's ports, reserve new ones, release the ones that went away. */
function updateNodePorts(spec: Obj, oldSpec: Obj, txn: Txn): void {
  const oldPorts = ports(oldSpec)
    .map(nodePortOf)
    .filter((n) => n !== 0);
  const claimed = new Set<number>();
  ports(spec).forEach((sp, i) => {
    const np = nodePortOf(sp);
    if (np === 0 && !shouldAllocateNodePorts(spec)) return;
    if (np !== 0) {
      if (!oldPorts.includes(np) && !claimed.has(np)) {
        const err = txn.allocPort(np);
        if (err) throw txn.invalid(invalidValue(`spec.ports[${i}].nodePort`, np, err));
        claimed.add(np);
      }
    } else {
      const got = txn.nextPort();
      if (got === undefined) throw internal(`failed to allocate a nodePort: ${ERR_IP_RANGE_FULL}`);
      sp.nodePort = got;
    }
  });
  const now = new Set(
    ports(spec)
      .map(nodePortOf)
      .filter((n) => n !== 0),
  );
  for (const p of oldPorts) if (!now.has(p)) txn.releasePort(p);
}

/**
 * The service REST allocation step for a create (old undefined) or an update: ClusterIP/clusterIPs (requested
 * or dynamic; `None` passes through), node ports for NodePort and LoadBalancer services (unless
 * allocateLoadBalancerNodePorts is false, where only requested ones are reserved) and the health-check node port
 * of an externalTrafficPolicy: Local LoadBalancer. On update it follows allocateUpdate: ExternalName → other
 * types allocate a ClusterIP, other types → ExternalName release it, NodePort/LoadBalancer → ClusterIP or
 * ExternalName release every node port, the node ports of the old service stay with it, and the health-check
 * node port is allocated or released when the need for it changes.
 *
 * `used` is what every stored Service holds (including the old version of this one). svc is updated in place
 * only on success; failures throw kube's StatusError (422 Invalid for a requested IP or port that cannot be had,
 * 500 InternalError when a range is full or a health-check node port fails).
 */
export function prepareServiceAllocation(
  svc: KObject,
  old: KObject | undefined,
  used: ServiceAllocationState,
  opts: ServiceAllocationOptions = {},
): ServiceAllocationResult {
  const name = typeof svc.metadata?.name === "string" ? svc.metadata.name : "";
  const txn = new Txn(used, name, opts);
  const spec = structuredClone(obj(svc.spec));
  checkIPFamilies(spec, name);

  if (!old) {
    allocClusterIPs(spec, txn);
    if (needsNodePorts(spec)) initNodePorts(spec, txn);
    if (needsHealthCheck(spec)) allocHealthCheckNodePort(spec, txn);
  } else {
    const oldSpec = obj(old.spec);
    // updateClusterIPs (single stack: no upgrade or downgrade).
    if (oldSpec.type === "ExternalName" && spec.type !== "ExternalName") allocClusterIPs(spec, txn);
    else if (!isHeadlessSpec(oldSpec) && oldSpec.type !== "ExternalName" && spec.type === "ExternalName") {
      for (const ip of releasedResources(old).clusterIPs) txn.releaseIP(ip);
    }
    // txnUpdateNodePorts.
    if (needsNodePorts(oldSpec) && (spec.type === "ExternalName" || spec.type === "ClusterIP")) {
      for (const p of ports(oldSpec)) txn.releasePort(nodePortOf(p));
    }
    if (needsNodePorts(spec)) updateNodePorts(spec, oldSpec, txn);
    const needed = needsHealthCheck(oldSpec);
    const needs = needsHealthCheck(spec);
    if (!needed && needs) allocHealthCheckNodePort(spec, txn);
    else if (needed && !needs) txn.releasePort(hcnpOf(oldSpec));
  }

  svc.spec = spec;
  if (opts.dryRun) {
    txn.out.allocated = { clusterIPs: [], nodePorts: [] };
    txn.out.released = { clusterIPs: [], nodePorts: [] };
  }
  return txn.out;
}

/**
 * The service strategy's dropTypeDependentFields (PrepareForUpdate, after allocation and before validation):
 * when the type no longer needs a field the client left unchanged, wipe it — clusterIP(s), ipFamilies and
 * ipFamilyPolicy for ExternalName, node ports, the health-check node port, allocateLoadBalancerNodePorts,
 * loadBalancerClass, externalTrafficPolicy — and clear the load-balancer status of a non-LoadBalancer service.
 */
export function dropTypeDependentFields(svc: KObject, old: KObject | undefined): void {
  if (!old) return;
  if (!isPlainObject(svc.spec)) svc.spec = {};
  const spec = svc.spec as Obj;
  const oldSpec = obj(old.spec);
  const needsClusterIP = (s: Obj) => s.type !== "ExternalName";
  if (needsClusterIP(oldSpec) && !needsClusterIP(spec)) {
    if (
      (oldSpec.clusterIP ?? "") === (spec.clusterIP ?? "") &&
      deepEqual(strs(oldSpec.clusterIPs), strs(spec.clusterIPs))
    ) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (deepEqual(oldSpec.ipFamilies ?? null, spec.ipFamilies ?? null)) delete spec.ipFamilies;
    if ((oldSpec.ipFamilyPolicy ?? "") === (spec.ipFamilyPolicy ?? "")) delete spec.ipFamilyPolicy;
  }
  if (needsNodePorts(oldSpec) && !needsNodePorts(spec)) {
    const oldSet = new Set(ports(oldSpec).map(nodePortOf));
    const superset = ports(spec).every((p) => nodePortOf(p) === 0 || oldSet.has(nodePortOf(p)));
    if (superset) for (const p of ports(spec)) delete p.nodePort;
  }
  if (needsHealthCheck(oldSpec) && !needsHealthCheck(spec) && hcnpOf(oldSpec) === hcnpOf(spec)) {
    delete spec.healthCheckNodePort;
  }
  if (oldSpec.type === "LoadBalancer" && spec.type !== "LoadBalancer") {
    if (
      typeof spec.allocateLoadBalancerNodePorts === "boolean" &&
      typeof oldSpec.allocateLoadBalancerNodePorts === "boolean" &&
      spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
    ) {
      delete spec.allocateLoadBalancerNodePorts;
    }
    if ((oldSpec.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
  if (
    externallyAccessible(oldSpec) &&
    !externallyAccessible(spec) &&
    (oldSpec.externalTrafficPolicy ?? "") === (spec.externalTrafficPolicy ?? "")
  ) {
    delete spec.externalTrafficPolicy;
  }
  if (spec.type !== "LoadBalancer") {
    if (!isPlainObject(svc.status)) svc.status = {};
    (svc.status as Obj).loadBalancer = {};
  }
}
