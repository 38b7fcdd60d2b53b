/** Reading and parsing request bodies: size limit, JSON or YAML, clear 400s for malformed input. */
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { badRequest, StatusError, tooLarge, unsupportedMediaType } from "../kube/errors";

/** kube-apiserver's default max request body size for writes (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body, refusing more than MAX_BODY_BYTES (413) without buffering past the limit. */
export async function readBodyBytes(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) {
    await request.body?.cancel();
    throw tooLarge();
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    all.set(c, off);
    off += c.byteLength;
  }
  return all;
}

export async function readBody(request: Request): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(request));
}

export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "application/json").split(";")[0].trim().toLowerCase();
}

/** Parses an object body sent as JSON (default) or YAML. */
export function parseObjectBody(text: string, type: string): unknown {
  if (text.trim() === "") throw badRequest("the body of the request is empty; an object was expected");
  if (type === "application/json" || type === "" || type === "*/*" || type === "text/plain") {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }
  if (type === "application/yaml" || type === "application/x-yaml" || type === "text/yaml") {
    return parseYamlDocument(text);
  }
  throw new StatusError(
    415,
    "UnsupportedMediaType",
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
  );
}

export function parseYamlDocument(text: string): unknown {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw badRequest("error converting YAML to JSON: no document");
  const real = docs.filter((d) => d.contents !== null);
  if (real.length > 1) throw badRequest("error converting YAML to JSON: yaml: expected a single document");
  const doc = real[0] ?? docs[0];
  if (doc && doc.errors.length > 0) {
    throw badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0].message.split("\n")[0]}`);
  }
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (e) {
    throw badRequest(`error converting YAML to JSON: yaml: ${(e as Error).message.split("\n")[0]}`);
  }
}

export const PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
] as const;
export type PatchType = (typeof PATCH_TYPES)[number];

export function patchType(request: Request): PatchType {
  const t = mediaType(request);
  if ((PATCH_TYPES as readonly string[]).includes(t)) return t as PatchType;
  throw unsupportedMediaType(PATCH_TYPES);
}
