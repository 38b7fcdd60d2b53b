/** CustomResourceDefinition columns: its registry uses rest.NewDefaultTableConvertor (apiextensions-apiserver): NAME CREATED AT. */
import type { TableColumn } from "../registry/kind";
import { createdAtColumns } from "./default";

export const customResourceDefinitionColumns: readonly TableColumn[] = createdAtColumns;
