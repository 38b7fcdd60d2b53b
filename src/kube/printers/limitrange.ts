/** LimitRange columns: printers.go registers no handler, so the default table convertor applies: NAME CREATED AT. */
import type { TableColumn } from "../registry/kind";
import { createdAtColumns } from "./default";

export const limitRangeColumns: readonly TableColumn[] = createdAtColumns;
