/**
 * Ingress columns (printers.go printIngress): NAME CLASS HOSTS ADDRESS PORTS AGE. ADDRESS is never clipped: the
 * API server always prints with Wide=true.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, nameColumn, rec, str } from "./common";
import { compareStrings } from "./labels";

/** formatHosts: the first three non-empty rule hosts, " + N more..." (N counts rules), "*" when none. */
export function formatIngressHosts(ing: KObject): string {
  const rules = arr(field(ing, "spec").rules).map(rec);
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    const host = str(rule.host);
    if (!more && host.length !== 0) list.push(host);
  }
  if (list.length === 0) return "*";
  const ret = list.join(",");
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

/** ingressLoadBalancerStatusStringer (wide): ingress IPs, else hostnames, sorted and de-duplicated. */
export function ingressAddresses(ing: KObject): string {
  const result = new Set<string>();
  for (const i of arr(rec(field(ing, "status").loadBalancer).ingress).map(rec)) {
    const ip = str(i.ip);
    const hostname = str(i.hostname);
    if (ip !== "") result.add(ip);
    else if (hostname !== "") result.add(hostname);
  }
  return [...result].sort(compareStrings).join(",");
}

export const ingressColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Class",
    type: "string",
    format: "",
    description: "The name of the IngressClass resource that should be used for additional configuration",
    priority: 0,
    cell: (obj) => {
      const cls = field(obj, "spec").ingressClassName;
      return cls === undefined || cls === null ? "<none>" : str(cls);
    },
  },
  {
    name: "Hosts",
    type: "string",
    format: "",
    description: "Hosts that incoming requests are matched against before the ingress rule",
    priority: 0,
    cell: (obj) => formatIngressHosts(obj),
  },
  {
    name: "Address",
    type: "string",
    format: "",
    description: "Address is a list containing ingress points for the load-balancer",
    priority: 0,
    cell: (obj) => ingressAddresses(obj),
  },
  {
    name: "Ports",
    type: "string",
    format: "",
    description: "Ports of TLS configurations that open",
    priority: 0,
    cell: (obj) => (arr(field(obj, "spec").tls).length !== 0 ? "80, 443" : "80"),
  },
  ageColumn,
];
