/** ConfigMap columns (printers.go printConfigMap): NAME DATA AGE. */
import type { TableColumn } from "../registry/kind";
import { ageColumn, mapLen, nameColumn } from "./common";

export const configMapColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Data",
    // Declared "string" in printers.go, but the cell is an int64: len(data)+len(binaryData).
    type: "string",
    format: "",
    description:
      "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
    priority: 0,
    cell: (obj) => mapLen(obj.data) + mapLen(obj.binaryData),
  },
  ageColumn,
];
