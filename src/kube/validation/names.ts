/**
 * Name, key and value validators of k8s.io/apimachinery/pkg/util/validation, pkg/api/validation,
 * pkg/api/validation/path and pkg/apis/meta/v1/validation, as they stand in Kubernetes 1.32.
 *
 * The `is*` functions return the list of messages Kubernetes would produce (empty when valid); callers wrap
 * each message into a field error, exactly as the Go validators do. Every length check counts UTF-8 bytes,
 * because Go's len() does, so a non-ASCII value over the limit gets the same "must be no more than" message.
 */
import { type FieldError, invalidValue, required, tooLong } from "../errors";

// ---- message helpers (validation.MaxLenError, RegexError, EmptyError, InclusiveRangeError) ----------------

export const maxLenError = (length: number): string => `must be no more than ${length} characters`;
export const emptyError = (): string => "must be non-empty";
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

/** The odd double spaces (`'MyName',  or`) are Kubernetes' own: each example ends in ", " before " or ". */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((ex, i) => {
    if (i > 0) out += " or ";
    out += `'${ex}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

/** Length in bytes of the UTF-8 encoding, which is what Go's len(string) measures. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

const whole = (fmt: string) => new RegExp(`^(?:${fmt})$`);

// ---- qualified names and label values ----------------------------------------------------------------------

const qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameMaxLength = 63;
const qualifiedNameRe = whole(qualifiedNameFmt);

/** IsQualifiedName: `[prefix/]name`, the syntax of label keys, annotation keys and finalizers. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    // More than one "/": Kubernetes reports only this single message, without checking the parts.
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (utf8Length(name) > qualifiedNameMaxLength) errs.push(`name part ${maxLenError(qualifiedNameMaxLength)}`);
  if (!qualifiedNameRe.test(name)) {
    errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}`);
  }
  return errs;
}

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LABEL_VALUE_MAX_LENGTH = 63;
const labelValueRe = whole(labelValueFmt);

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"));
  return errs;
}

// ---- DNS names ---------------------------------------------------------------------------------------------

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123_LABEL_MAX_LENGTH = 63;
const dns1123LabelRe = whole(dns1123LabelFmt);

const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const dns1123SubdomainRe = whole(dns1123SubdomainFmt);

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!dns1123LabelRe.test(value)) {
    // A valid subdomain that is not a valid label can only be failing because of its dots.
    if (dns1123SubdomainRe.test(value)) errs.push("must not contain dots");
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRe.test(value))
    errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, "example.com"));
  return errs;
}

const dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
export const DNS1035_LABEL_MAX_LENGTH = 63;
const dns1035LabelRe = whole(dns1035LabelFmt);

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"));
  return errs;
}

const wildcardFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardErrMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const wildcardRe = whole(wildcardFmt);

/** IsWildcardDNS1123Subdomain (RFC 1034 4.3.3), e.g. Ingress hosts such as `*.example.com`. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!wildcardRe.test(value)) errs.push(regexError(wildcardErrMsg, wildcardFmt, "*.example.com"));
  return errs;
}

// ---- identifiers, env vars, config keys, ports, percents, headers -----------------------------------------

const cIdentifierFmt = "[A-Za-z_][A-Za-z0-9_]*";
const cIdentifierErrMsg =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";
const cIdentifierRe = whole(cIdentifierFmt);

export function isCIdentifier(value: string): string[] {
  if (cIdentifierRe.test(value)) return [];
  return [regexError(cIdentifierErrMsg, cIdentifierFmt, "my_name", "MY_NAME", "MyName")];
}

/** The `.`/`..` rules shared by env var names and ConfigMap keys (they become file names in volumes). */
function hasChDirPrefix(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

const envVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const envVarNameErrMsg =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const envVarNameRe = whole(envVarNameFmt);

/** The strict IsEnvVarName, used when the RelaxedEnvironmentVariableValidation gate is off. */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!envVarNameRe.test(value)) {
    errs.push(regexError(envVarNameErrMsg, envVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

/**
 * IsRelaxedEnvVarName: any printable ASCII but '='. RelaxedEnvironmentVariableValidation is beta and on by
 * default in 1.32, so this is what pod validation applies to env[].name (and envFrom[].prefix) there.
 */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${emptyError()}`);
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c > 0x7e || ch === "=") {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

const configMapKeyFmt = "[-._a-zA-Z0-9]+";
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configMapKeyRe = whole(configMapKeyFmt);

/** IsConfigMapKey: keys of ConfigMap/Secret data. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!configMapKeyRe.test(value)) {
    errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isInRange(value: number, min: number, max: number): string[] {
  return value >= min && value <= max ? [] : [inclusiveRangeError(min, max)];
}

/** IsValidPortName (IANA_SVC_NAME, RFC 6335), lower case only. All failing rules are reported. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-"))) errs.push("must not begin or end with a hyphen");
  return errs;
}

const percentFmt = "[0-9]+%";
const percentErrMsg = "a valid percent string must be a numeric string followed by an ending '%'";

export function isValidPercent(percent: string): string[] {
  if (whole(percentFmt).test(percent)) return [];
  return [regexError(percentErrMsg, percentFmt, "1%", "93%")];
}

const httpHeaderNameFmt = "[-A-Za-z0-9]+";

export function isHTTPHeaderName(value: string): string[] {
  if (whole(httpHeaderNameFmt).test(value)) return [];
  return [
    regexError(
      "a valid HTTP header must consist of alphanumeric characters or '-'",
      httpHeaderNameFmt,
      "X-Header-Name",
    ),
  ];
}

// ---- IP addresses (k8s.io/utils/net ParseIPSloppy: Go 1.16 rules, IPv4 octets may have leading zeros) -----

/** Parses a dotted quad; octets are decimal even with leading zeros (the "sloppy" k8s behaviour). */
function parseIPv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    // Leading zeros are fine (Go's dtoi reads any number of digits); the value must fit a byte.
    if (!/^[0-9]+$/.test(p) || Number(p) > 0xff) return null;
    const n = Number(p);
    out.push(n);
  }
  return out;
}

/** Go 1.16 net.parseIPv6: hex groups, one `::`, an optional trailing IPv4, no zone. Returns 16 bytes. */
function parseIPv6(input: string): number[] | null {
  const ip = new Array<number>(16).fill(0);
  let s = input;
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]+/.exec(s);
    if (!m) return null;
    const c = m[0].length;
    const n = Number.parseInt(m[0], 16);
    if (n > 0xffff) return null;
    if (c < s.length && s[c] === ".") {
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseIPv4(s);
      if (!v4) return null;
      ip.splice(i, 4, ...v4);
      s = "";
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return null; // "::" must stand for at least one zero group
  }
  return ip;
}

/** ParseIPSloppy: 16 bytes (IPv4 as ::ffff:a.b.c.d) or null. The first '.' or ':' decides the family. */
export function parseIPSloppy(s: string): number[] | null {
  for (const ch of s) {
    if (ch === ".") {
      const v4 = parseIPv4(s);
      return v4 ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4] : null;
    }
    if (ch === ":") return parseIPv6(s);
  }
  return null;
}

const isV4Mapped = (ip: number[]) => ip.slice(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;

export function isValidIP(value: string): string[] {
  return parseIPSloppy(value) ? [] : ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"];
}

export function isValidIPv4Address(value: string): string[] {
  const ip = parseIPSloppy(value);
  return ip && isV4Mapped(ip) ? [] : ["must be a valid IPv4 address"];
}

export function isValidIPv6Address(value: string): string[] {
  const ip = parseIPSloppy(value);
  return ip && !isV4Mapped(ip) ? [] : ["must be a valid IPv6 address"];
}

/** ParseCIDRSloppy: address (IPv4 tried first, as Go does) + "/" + decimal prefix length within range. */
export function isValidCIDR(value: string): string[] {
  const bad = ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"];
  const slash = value.indexOf("/");
  if (slash < 0) return bad;
  const addr = value.slice(0, slash);
  const mask = value.slice(slash + 1);
  let bits = 32;
  if (!parseIPv4(addr)) {
    bits = 128;
    if (!parseIPv6(addr)) return bad;
  }
  if (!/^[0-9]+$/.test(mask) || mask.length > 8 || Number(mask) > bits) return bad;
  return [];
}

// ---- object names (pkg/api/validation generic.go and path/name.go) ----------------------------------------

/** A ValidateNameFunc: `prefix` is true when validating a generateName, which may end in '-'. */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

/**
 * maskTrailingDash, quirk included: Kubernetes drops the last TWO characters and appends "a", so the masked
 * value is one character shorter. (For a lone "-" Go would panic on the slice; we validate "a" instead.)
 */
function maskTrailingDash(name: string): string {
  return name.endsWith("-") ? `${name.slice(0, Math.max(0, name.length - 2))}a` : name;
}

export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;
export const validateServiceAccountName: ValidateNameFunc = nameIsDNSSubdomain;

/** IsValidPathSegmentName: what any name must satisfy to sit in a URL path segment. */
export function isValidPathSegmentName(name: string): string[] {
  for (const bad of [".", ".."]) if (name === bad) return [`may not be '${bad}'`];
  return isValidPathSegmentPrefix(name);
}

export function isValidPathSegmentPrefix(name: string): string[] {
  const errs: string[] = [];
  for (const bad of ["/", "%"]) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** ValidatePathSegmentName, a ValidateNameFunc (used e.g. by RBAC roles and bindings). */
export const validatePathSegmentName: ValidateNameFunc = (name, prefix) =>
  prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name);

/**
 * The name part of ValidateObjectMetaAccessor: generateName (validated as a prefix) then name, which is
 * required. Name generation must already have happened, as in the apiserver.
 */
export function validateObjectName(
  meta: { name?: string; generateName?: string },
  nameFn: ValidateNameFunc,
  fldPath = "metadata",
): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? "";
  if (generateName.length > 0) {
    for (const msg of nameFn(generateName, true)) errs.push(invalidValue(`${fldPath}.generateName`, generateName, msg));
  }
  const name = meta.name ?? "";
  if (name.length === 0) errs.push(required(`${fldPath}.name`, "name or generateName is required"));
  else for (const msg of nameFn(name, false)) errs.push(invalidValue(`${fldPath}.name`, name, msg));
  return errs;
}

// ---- labels, annotations, finalizers -----------------------------------------------------------------------

/** Keys in a fixed order: Go iterates maps randomly, we pick sorted order so errors are deterministic. */
const sortedKeys = (m: Record<string, string>) => Object.keys(m).sort();

export function validateLabelName(labelName: string, fldPath: string): FieldError[] {
  return isQualifiedName(labelName).map((msg) => invalidValue(fldPath, labelName, msg));
}

/** v1validation.ValidateLabels: errors carry the map's own path (not per key), as in Kubernetes. */
export function validateLabels(labels: Record<string, string> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!labels) return errs;
  for (const k of sortedKeys(labels)) {
    errs.push(...validateLabelName(k, fldPath));
    for (const msg of isValidLabelValue(labels[k])) errs.push(invalidValue(fldPath, labels[k], msg));
  }
  return errs;
}

/**
 * strings.ToLower maps code point by code point; JS toLowerCase is context-sensitive (final sigma) and turns
 * U+0130 into two code points, so lower each code point on its own and special-case U+0130 like Go.
 */
function goToLower(s: string): string {
  let out = "";
  for (const ch of s) out += ch === "\u0130" ? "i" : ch.toLowerCase();
  return out;
}

export const TOTAL_ANNOTATION_SIZE_LIMIT_B = 256 * 1024;

/** Sum of key and value byte lengths; over the limit when > 256 KiB. */
export function annotationsSize(annotations: Record<string, string>): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += utf8Length(k) + utf8Length(v);
  return total;
}

/** ValidateAnnotations: keys are qualified names compared case-insensitively; total size at most 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!annotations) return errs;
  for (const k of sortedKeys(annotations)) {
    for (const msg of isQualifiedName(goToLower(k))) errs.push(invalidValue(fldPath, k, msg));
  }
  if (annotationsSize(annotations) > TOTAL_ANNOTATION_SIZE_LIMIT_B) {
    errs.push(tooLong(fldPath, "", TOTAL_ANNOTATION_SIZE_LIMIT_B));
  }
  return errs;
}

/** ValidateFinalizerName (the apimachinery part: a qualified name). */
export function validateFinalizerName(finalizer: string, fldPath: string): FieldError[] {
  return isQualifiedName(finalizer).map((msg) => invalidValue(fldPath, finalizer, msg));
}

/** A domain Kubernetes itself owns (k8s.io, kubernetes.io and their subdomains): API groups, label prefixes. */
export function isKubernetesDomain(d: string): boolean {
  return d === "k8s.io" || d.endsWith(".k8s.io") || d === "kubernetes.io" || d.endsWith(".kubernetes.io");
}
