/**
 * EndpointSlice columns (printers.go printEndpointSlice): NAME ADDRESSTYPE PORTS ENDPOINTS AGE. PORTS and
 * ENDPOINTS list at most three entries then " + N more...", "<unset>" when empty.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, int, nameColumn, rec, str } from "./common";

/** listWithMoreString. */
function listWithMore(list: readonly string[], count: number, max: number): string {
  if (count > max) return `${list.slice(0, max).join(",")} + ${count - max} more...`;
  const ret = list.join(",");
  return ret === "" ? "<unset>" : ret;
}

/** formatDiscoveryPorts: the port number, else its name, else "*" (all ports). */
export function formatDiscoveryPorts(slice: KObject): string {
  const list = arr(slice.ports)
    .map(rec)
    .map((p) => {
      if (p.port !== undefined && p.port !== null) return String(int(p.port));
      if (typeof p.name === "string") return p.name;
      return "*";
    });
  return listWithMore(list, list.length, 3);
}

/** formatDiscoveryEndpoints: every address of every endpoint. */
export function formatDiscoveryEndpoints(slice: KObject): string {
  const list = arr(slice.endpoints).flatMap((e) => arr(rec(e).addresses).map(str));
  return listWithMore(list, list.length, 3);
}

export const endpointSliceColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "AddressType",
    type: "string",
    format: "",
    description:
      "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name.",
    priority: 0,
    cell: (obj) => str(obj.addressType),
  },
  {
    name: "Ports",
    type: "string",
    format: "",
    description:
      'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates "all ports". Each slice may include a maximum of 100 ports.',
    priority: 0,
    cell: (obj) => formatDiscoveryPorts(obj),
  },
  {
    name: "Endpoints",
    type: "string",
    format: "",
    description:
      "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.",
    priority: 0,
    cell: (obj) => formatDiscoveryEndpoints(obj),
  },
  ageColumn,
];
