/** resource.Quantity cells: Quantity.String() of JSON quantity values, as the printers render capacities and usage. */
import { quantityFromJSON } from "../quantity";

/**
 * Quantity.String() of a JSON quantity (a map value such as capacity["storage"]): "0" when absent or null, as
 * Go's zero Quantity prints. Values that do not parse are shown as stored.
 */
export function quantityString(v: unknown): string {
  if (v === undefined || v === null) return "0";
  try {
    return quantityFromJSON(v).toString();
  } catch {
    return typeof v === "string" ? v : String(v);
  }
}

/** (*Quantity).String() of a pointer field: "<nil>" when absent or null. */
export function quantityPtrString(v: unknown): string {
  return v === undefined || v === null ? "<nil>" : quantityString(v);
}
