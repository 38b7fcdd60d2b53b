/** ControllerRevision columns (printers.go printControllerRevision): NAME CONTROLLER REVISION AGE. */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, int, nameColumn } from "./common";

/**
 * The controlling owner as "kind.group/name" (kind lower-cased, ".group" only for non-core groups), or
 * "<none>" when no owner reference has controller=true (metav1.GetControllerOf + formatResourceName).
 */
export function controllerName(obj: KObject): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return "<none>";
  const apiVersion = ref.apiVersion ?? "";
  // schema.ParseGroupVersion: "" and "/" are the empty version, "v1" is core, "group/version" otherwise.
  const slash = apiVersion.indexOf("/");
  const group = apiVersion === "/" || slash < 0 ? "" : apiVersion.slice(0, slash);
  const kind = ref.kind ?? "";
  if (group === "" && kind === "") return ref.name;
  const groupKind = group === "" ? kind : `${kind}.${group}`;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

export const controllerRevisionColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Controller",
    type: "string",
    format: "",
    description: "Controller of the object",
    priority: 0,
    cell: (obj) => controllerName(obj),
  },
  {
    name: "Revision",
    // Declared "string" in printers.go, but the cell is the int64 revision.
    type: "string",
    format: "",
    description: "Revision indicates the revision of the state represented by Data.",
    priority: 0,
    cell: (obj) => int(obj.revision),
  },
  ageColumn,
];
