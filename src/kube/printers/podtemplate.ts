/** PodTemplate columns (printers.go printPodTemplate): NAME CONTAINERS IMAGES POD LABELS. */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { CONTAINERS_DESCRIPTION, field, IMAGES_DESCRIPTION, layoutContainerCells, nameColumn, rec } from "./common";
import { formatLabels } from "./labels";

function cells(obj: KObject): { names: string; images: string } {
  return layoutContainerCells(rec(field(obj, "template").spec).containers);
}

export const podTemplateColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Containers",
    type: "string",
    format: "",
    description: CONTAINERS_DESCRIPTION,
    priority: 0,
    cell: (obj) => cells(obj).names,
  },
  {
    name: "Images",
    type: "string",
    format: "",
    description: IMAGES_DESCRIPTION,
    priority: 0,
    cell: (obj) => cells(obj).images,
  },
  {
    name: "Pod Labels",
    type: "string",
    format: "",
    description: "The labels for the pod template.",
    priority: 0,
    cell: (obj) => formatLabels(rec(field(obj, "template").metadata).labels),
  },
];
