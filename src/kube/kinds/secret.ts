/** core/v1 Secret. stringData is write-only: it is merged into data (base64) and never stored. */
import { defaultSecret } from "../defaults/core-misc";
import type { KObject } from "../object";
import { secretColumns } from "../printers";
import type { KindDeclaration } from "../registry/kind";
import { secretSchema } from "../types/core-other";
import { validateSecret } from "../validation/core-misc";

/** UTF-8 → base64 without Node's Buffer (Workers). */
function base64Utf8(s: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function foldStringData(secret: KObject): void {
  const sd = secret.stringData as Record<string, string> | undefined;
  if (!sd) return;
  const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(sd)) data[k] = base64Utf8(String(v));
  secret.data = data;
  delete secret.stringData;
}

export const secretKind: KindDeclaration = {
  group: "",
  version: "v1",
  kind: "Secret",
  plural: "secrets",
  singular: "secret",
  namespaced: true,
  schema: secretSchema,
  nameRule: "subdomain",
  columns: secretColumns,
  fieldSelectors: { type: (o) => String(o.type ?? "") },
  defaults(secret) {
    foldStringData(secret);
    defaultSecret(secret);
  },
  validate: validateSecret,
};
