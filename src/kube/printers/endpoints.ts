/** Endpoints columns (printers.go printEndpoints / formatEndpoints): NAME ENDPOINTS AGE. */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, int, nameColumn, rec, str } from "./common";

/** net.JoinHostPort: IPv6 literals are bracketed. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** formatEndpoints with all ports: "ip:port,..." (at most 3, then " + N more..."), "<none>" without subsets. */
export function formatEndpoints(ep: KObject): string {
  const subsets = arr(ep.subsets).map(rec);
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = arr(ss.addresses).map(rec);
    const ports = arr(ss.ports).map(rec);
    if (ports.length === 0) {
      // Headless services with no ports.
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(addr.ip));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(str(addr.ip), int(port.port)));
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Endpoints",
    type: "string",
    format: "",
    description:
      "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.",
    priority: 0,
    cell: (obj) => formatEndpoints(obj),
  },
  ageColumn,
];
