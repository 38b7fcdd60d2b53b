/**
 * Service columns (printers.go printService): NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | wide: SELECTOR.
 * The API server always prints with Wide=true (pkg/printers/storage), so load-balancer addresses are never clipped.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, int, nameColumn, rec, str } from "./common";
import { compareStrings, formatLabels } from "./labels";

/** The first cluster IP as the internal object has it (v1 clusterIP is authoritative over clusterIPs[0]). */
function clusterIP(svc: KObject): string {
  const spec = field(svc, "spec");
  const ip = str(spec.clusterIP);
  if (ip !== "") return ip;
  const ips = arr(spec.clusterIPs);
  return ips.length > 0 ? str(ips[0]) : "<none>";
}

/** loadBalancerStatusStringer (wide): ingress IPs, else hostnames, sorted and de-duplicated, joined by ",". */
function loadBalancerAddresses(svc: KObject): string {
  const result = new Set<string>();
  for (const ing of arr(rec(field(svc, "status").loadBalancer).ingress).map(rec)) {
    const ip = str(ing.ip);
    const hostname = str(ing.hostname);
    if (ip !== "") result.add(ip);
    else if (hostname !== "") result.add(hostname);
  }
  return [...result].sort(compareStrings).join(",");
}

/** getServiceExternalIP. */
export function serviceExternalIP(svc: KObject): string {
  const spec = field(svc, "spec");
  const externalIPs = arr(spec.externalIPs).map(str);
  switch (str(spec.type)) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lbIps = loadBalancerAddresses(svc);
      if (externalIPs.length > 0) {
        const results = lbIps.length > 0 ? lbIps.split(",") : [];
        return [...results, ...externalIPs].join(",");
      }
      return lbIps.length > 0 ? lbIps : "<pending>";
    }
    case "ExternalName":
      return str(spec.externalName);
  }
  return "<unknown>";
}

/** makePortString: "80/TCP", "80:30080/TCP" with a node port, joined by ","; "<none>" when there are none. */
export function servicePorts(svc: KObject): string {
  const pieces = arr(field(svc, "spec").ports)
    .map(rec)
    .map((p) => {
      const port = int(p.port);
      const nodePort = int(p.nodePort);
      const protocol = str(p.protocol);
      return nodePort > 0 ? `${port}:${nodePort}/${protocol}` : `${port}/${protocol}`;
    });
  const s = pieces.join(",");
  return s.length === 0 ? "<none>" : s;
}

export const serviceColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Type",
    type: "string",
    format: "",
    description:
      'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. "ClusterIP" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is "None", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. "NodePort" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. "LoadBalancer" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. "ExternalName" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
    priority: 0,
    cell: (obj) => str(field(obj, "spec").type),
  },
  {
    name: "Cluster-IP",
    type: "string",
    format: "",
    description:
      'clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are "None", empty string (""), or a valid IP address. Setting this to "None" makes a "headless service" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies',
    priority: 0,
    cell: (obj) => clusterIP(obj),
  },
  {
    name: "External-IP",
    type: "string",
    format: "",
    description:
      "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system.",
    priority: 0,
    cell: (obj) => serviceExternalIP(obj),
  },
  {
    name: "Port(s)",
    type: "string",
    format: "",
    description:
      "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies",
    priority: 0,
    cell: (obj) => servicePorts(obj),
  },
  ageColumn,
  {
    name: "Selector",
    type: "string",
    format: "",
    description:
      "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/",
    priority: 1,
    cell: (obj) => formatLabels(field(obj, "spec").selector),
  },
];
