/** Secret columns (printers.go printSecret): NAME TYPE DATA AGE. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, mapLen, nameColumn, str } from "./common";

export const secretColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Type",
    type: "string",
    format: "",
    description:
      "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
    priority: 0,
    cell: (obj) => str(obj.type),
  },
  {
    name: "Data",
    // Declared "string" in printers.go, but the cell is an int64: len(data).
    type: "string",
    format: "",
    description:
      "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
    priority: 0,
    cell: (obj) => mapLen(obj.data),
  },
  ageColumn,
];
