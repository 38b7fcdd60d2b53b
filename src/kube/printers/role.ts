/** Role columns: printers.go registers no handler, so the default table convertor applies: NAME CREATED AT. */
import type { TableColumn } from "../registry/kind";
import { createdAtColumns } from "./default";

export const roleColumns: readonly TableColumn[] = createdAtColumns;
