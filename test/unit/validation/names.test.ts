import { describe, expect, it } from "vitest";
import { fieldErrorString } from "../../../src/kube/errors";
import {
  isCIdentifier,
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidCIDR,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  regexError,
  utf8Length,
  validateAnnotations,
  validateFinalizerName,
  validateLabels,
  validateObjectName,
  validatePathSegmentName,
} from "../../../src/kube/validation/names";

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QNAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const r = (c: string, n: number) => c.repeat(n);

describe("regexError", () => {
  it("formats examples with Kubernetes' spacing", () => {
    expect(regexError("msg", "fmt")).toBe("msg (regex used for validation is 'fmt')");
    expect(regexError("msg", "fmt", "a", "b")).toBe("msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')");
  });
});

describe("isDNS1123Label (TestIsDNS1123Label)", () => {
  it.each(["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", r("a", 63)])(
    "accepts %j",
    (v) => expect(isDNS1123Label(v)).toEqual([]),
  );
  it.each([
    "",
    "A",
    "ABC",
    "aBc",
    "A1",
    "A-1",
    "1-A",
    "-",
    "a-",
    "-a",
    "1-",
    "-1",
    "_",
    "a_",
    "_a",
    "a_b",
    "1_",
    "_1",
    " ",
    "a b",
  ])("rejects %j", (v) => expect(isDNS1123Label(v)).toEqual([LABEL_MSG]));
  it("says 'must not contain dots' for valid subdomains", () => {
    for (const v of ["a.b", "1.2", "a.", ".a"].slice(0, 2))
      expect(isDNS1123Label(v)).toEqual(["must not contain dots"]);
    expect(isDNS1123Label("a.")).toEqual([LABEL_MSG]);
  });
  it("reports length", () => {
    expect(isDNS1123Label(r("a", 64))).toEqual(["must be no more than 63 characters"]);
    expect(isDNS1123Label(r("A", 64))).toEqual(["must be no more than 63 characters", LABEL_MSG]);
  });
});

describe("isDNS1123Subdomain (TestIsDNS1123Subdomain)", () => {
  it.each([
    "a",
    "ab",
    "a--1--2--b",
    "0",
    "a.a",
    "ab.a",
    "a-1.a",
    "a--1--2--b.a",
    "a.1",
    "0.a",
    "01.a",
    "1--a--b--2",
    "a.b.c.d.e",
    "aa.bb.cc.dd.ee",
    "1.2.3.4.5",
    "11.22.33.44.55",
    r("a", 253),
  ])("accepts %j", (v) => expect(isDNS1123Subdomain(v)).toEqual([]));
  it.each([
    "",
    "A",
    "ABC",
    "aBc",
    "-",
    "a-",
    "-a",
    "_",
    "a_b",
    ".",
    "a.",
    ".a",
    "a..b",
    "1..2",
    " ",
    "a b",
    "A.a",
    "aB.a",
    "ab.A",
    "A.B.C.D.E",
    "a.B.c.d.e",
    "a@b",
    "a,b",
    "a;b",
    "a:b",
    "a%b",
    "a?b",
    "a$b",
  ])("rejects %j", (v) => expect(isDNS1123Subdomain(v)).toEqual([SUBDOMAIN_MSG]));
  it("reports length in bytes", () => {
    expect(isDNS1123Subdomain(r("a", 254))).toEqual(["must be no more than 253 characters"]);
    expect(isDNS1123Subdomain(r("é", 127))).toEqual(["must be no more than 253 characters", SUBDOMAIN_MSG]);
  });
});

describe("isDNS1035Label (TestIsDNS1035Label)", () => {
  it.each(["a", "ab", "abc", "a1", "a-1", "a--1--2--b", r("a", 63)])("accepts %j", (v) =>
    expect(isDNS1035Label(v)).toEqual([]),
  );
  it.each(["0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "-", "a-", "a.b", "a_b"])("rejects %j", (v) =>
    expect(isDNS1035Label(v)).toEqual([DNS1035_MSG]),
  );
  it("reports length", () => expect(isDNS1035Label(r("a", 64))).toEqual(["must be no more than 63 characters"]));
});

describe("isWildcardDNS1123Subdomain", () => {
  it.each(["*.example.com", "*.bar.com", "*.foo.bar.com"])("accepts %j", (v) =>
    expect(isWildcardDNS1123Subdomain(v)).toEqual([]),
  );
  it.each(["*.*.bar.com", "*.foo.*.com", "*bar.com", "f*.bar.com", "*"])("rejects %j", (v) =>
    expect(isWildcardDNS1123Subdomain(v)).toEqual([
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]),
  );
});

describe("isQualifiedName (TestIsQualifiedName)", () => {
  it.each([
    "simple",
    "now-with-dashes",
    "1-starts-with-num",
    "1234",
    "simple/simple",
    "now-with-dashes/simple",
    "now-with-dashes/now-with-dashes",
    "now.with.dots/simple",
    "now-with.dashes-and.dots/simple",
    "1-num.2-num/3-num",
    "1234/5678",
    "1.2.3.4/5678",
    "Uppercase_Is_OK_123",
    "example.com/Uppercase_Is_OK_123",
    "requests.storage-foo",
    r("a", 63),
    `${r("a", 253)}/${r("b", 63)}`,
  ])("accepts %j", (v) => expect(isQualifiedName(v)).toEqual([]));

  it.each([
    ["nospecialchars%^=@", [`name part ${QNAME_MSG}`]],
    ["cantendwithadash-", [`name part ${QNAME_MSG}`]],
    ["-cantstartwithadash-", [`name part ${QNAME_MSG}`]],
    [
      "only/one/slash",
      [`a qualified name ${QNAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ],
    ["Example.com/abc", [`prefix part ${SUBDOMAIN_MSG}`]],
    ["example_com/abc", [`prefix part ${SUBDOMAIN_MSG}`]],
    ["example.com/", ["name part must be non-empty", `name part ${QNAME_MSG}`]],
    ["/simple", ["prefix part must be non-empty"]],
    [r("a", 64), ["name part must be no more than 63 characters"]],
    [`${r("a", 254)}/abc`, ["prefix part must be no more than 253 characters"]],
    ["", ["name part must be non-empty", `name part ${QNAME_MSG}`]],
  ])("rejects %j", (v, msgs) => expect(isQualifiedName(v)).toEqual(msgs));
});

describe("isValidLabelValue (TestIsValidLabelValue)", () => {
  it.each([
    "simple",
    "now-with-dashes",
    "1-starts-with-num",
    "end-with-num-1",
    "1234",
    r("a", 63),
    "",
    "A",
    "A_1",
    "a.b",
  ])("accepts %j", (v) => expect(isValidLabelValue(v)).toEqual([]));
  it.each([".", "-", "_", ".a", "-a", "_a", "a.", "a-", "a_", "#", "a#", "a b", "/"])("rejects %j", (v) =>
    expect(isValidLabelValue(v)).toEqual([LABEL_VALUE_MSG]),
  );
  it("reports length", () => expect(isValidLabelValue(r("a", 64))).toEqual(["must be no more than 63 characters"]));
});

describe("ports (TestIsValidPortNum / TestIsValidPortName)", () => {
  it("checks port numbers", () => {
    for (const p of [1, 2, 1000, 16384, 32768, 65535]) expect(isValidPortNum(p)).toEqual([]);
    for (const p of [0, -1, 65536, 100000])
      expect(isValidPortNum(p)).toEqual(["must be between 1 and 65535, inclusive"]);
  });
  it.each(["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"])("accepts port name %j", (v) =>
    expect(isValidPortName(v)).toEqual([]),
  );
  it.each([
    ["longerthan15characters", ["must be no more than 15 characters"]],
    [
      "",
      [
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "must contain at least one letter (a-z)",
      ],
    ],
    ["12345", ["must contain at least one letter (a-z)"]],
    ["1-2-3-4", ["must contain at least one letter (a-z)"]],
    ["-begin", ["must not begin or end with a hyphen"]],
    ["end-", ["must not begin or end with a hyphen"]],
    ["two--hyphens", ["must not contain consecutive hyphens"]],
    ["whois++", ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]],
    [
      "HTTP",
      [
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "must contain at least one letter (a-z)",
      ],
    ],
  ])("rejects port name %j", (v, msgs) => expect(isValidPortName(v)).toEqual(msgs));
});

describe("IP addresses (ParseIPSloppy)", () => {
  it.each([
    "0.0.0.0",
    "255.255.255.255",
    "1.2.3.4",
    "001.002.003.004",
    "010.0.0.1",
    "::",
    "::1",
    "2001:db8::ffff",
    "2001:DB8::FFFF",
    "::ffff:1.2.3.4",
    "1:2:3:4:5:6:7:8",
    "1::",
    "1:2:3:4:5:6:1.2.3.4",
  ])("accepts %j", (v) => expect(isValidIP(v)).toEqual([]));
  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.0",
    "1.2.3.4:80",
    "a.b.c.d",
    "fd00::1%eth0",
    "::1/64",
    "1:2:3:4:5:6:7:8:9",
    ":::1",
    "1::2::3",
    "1:2:3:4:5:6:7::8",
    "12345::1",
    "1:2:3:4:5:6:7:1.2.3.4",
    "localhost",
    " 1.2.3.4",
  ])("rejects %j", (v) =>
    expect(isValidIP(v)).toEqual(["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]),
  );

  it("distinguishes families (IPv4-mapped IPv6 counts as IPv4, like Go's To4)", () => {
    expect(isValidIPv4Address("1.2.3.4")).toEqual([]);
    expect(isValidIPv4Address("::ffff:1.2.3.4")).toEqual([]);
    expect(isValidIPv4Address("::1")).toEqual(["must be a valid IPv4 address"]);
    expect(isValidIPv6Address("::1")).toEqual([]);
    expect(isValidIPv6Address("1.2.3.4")).toEqual(["must be a valid IPv6 address"]);
  });

  it("validates CIDRs", () => {
    for (const v of ["10.0.0.0/8", "10.1.2.3/32", "0.0.0.0/0", "2001:db8::/64", "::/0", "::1/128"]) {
      expect(isValidCIDR(v)).toEqual([]);
    }
    for (const v of ["10.0.0.0", "10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/a", "/8", "10.0.0.0/"]) {
      expect(isValidCIDR(v)).toEqual(["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]);
    }
  });
});

describe("other formats", () => {
  it("isValidPercent", () => {
    for (const v of ["0%", "00000%", "1%", "01%", "99%", "100%", "101%"]) expect(isValidPercent(v)).toEqual([]);
    for (const v of ["", " ", "%", "0", "100", "-1%", "1.1%", "a%"]) {
      expect(isValidPercent(v)).toEqual([
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ]);
    }
  });

  it("isCIdentifier (TestIsCIdentifier)", () => {
    for (const v of ["a", "ab", "a1", "_a", "a_", "a_b", "a__1__2__b", "__abc_123", "A", "AbC", "A_1", "__123_ABC"]) {
      expect(isCIdentifier(v)).toEqual([]);
    }
    for (const v of ["", "1", "123", "1a", "-", "a-", "-a", ".", "a.b", " ", "a b", "#a#"]) {
      expect(isCIdentifier(v)).toEqual([
        "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
      ]);
    }
  });

  it("isEnvVarName (strict) and its '.'/'..' rules", () => {
    const regexMsg =
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
    for (const v of ["A", "a", "ab", "A_B", "a.b", "a-b", "_a", "-a", ".a", "A1"]) expect(isEnvVarName(v)).toEqual([]);
    expect(isEnvVarName("1a")).toEqual([regexMsg]);
    expect(isEnvVarName("a b")).toEqual([regexMsg]);
    expect(isEnvVarName("")).toEqual([regexMsg]);
    expect(isEnvVarName(".")).toEqual(["must not be '.'"]);
    expect(isEnvVarName("..")).toEqual(["must not be '..'"]);
    expect(isEnvVarName("..a")).toEqual(["must not start with '..'"]);
  });

  it("isRelaxedEnvVarName (the 1.32 default)", () => {
    const msg = "a valid environment variable name must consist only of printable ASCII characters other than '='";
    for (const v of ["1a", "a b", "A!@#$%^&*()", "~", " "]) expect(isRelaxedEnvVarName(v)).toEqual([]);
    expect(isRelaxedEnvVarName("")).toEqual(["environment variable name must be non-empty"]);
    expect(isRelaxedEnvVarName("a=b")).toEqual([msg]);
    expect(isRelaxedEnvVarName("a\tb")).toEqual([msg]);
    expect(isRelaxedEnvVarName("é")).toEqual([msg]);
  });

  it("isConfigMapKey", () => {
    for (const v of ["a", "key.name", "KEY_NAME", "key-name", ".a", "a..b"]) expect(isConfigMapKey(v)).toEqual([]);
    expect(isConfigMapKey("a/b")).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(isConfigMapKey("..")).toEqual(["must not be '..'"]);
    expect(isConfigMapKey("..a")).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey(r("a", 254))).toEqual(["must be no more than 253 characters"]);
  });

  it("isHTTPHeaderName", () => {
    expect(isHTTPHeaderName("X-Header-Name")).toEqual([]);
    expect(isHTTPHeaderName("X_Header")).toHaveLength(1);
  });

  it("utf8Length counts bytes", () => {
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("€")).toBe(3);
    expect(utf8Length("😀")).toBe(4);
  });
});

describe("object names (pkg/api/validation)", () => {
  it("masks a trailing dash for prefixes, dropping two characters like Kubernetes", () => {
    expect(nameIsDNSSubdomain("foo-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("foo-", false)).toEqual([SUBDOMAIN_MSG]);
    expect(nameIsDNSLabel("a-", true)).toEqual([]);
    expect(nameIsDNSLabel("-", true)).toEqual([]);
    expect(nameIsDNS1035Label("a-", true)).toEqual([]);
    expect(nameIsDNS1035Label("1-", true)).toEqual([]); // "1-" masks to "a"
    expect(nameIsDNSLabel(`${r("a", 63)}-`, true)).toEqual([]); // 64 characters, masked to 63
    expect(nameIsDNSLabel("a.b-", true)).toEqual(["must not contain dots"]);
  });

  it("validatePathSegmentName", () => {
    expect(validatePathSegmentName("ok:name", false)).toEqual([]);
    expect(validatePathSegmentName(".", false)).toEqual(["may not be '.'"]);
    expect(validatePathSegmentName("..", false)).toEqual(["may not be '..'"]);
    expect(validatePathSegmentName("..", true)).toEqual([]);
    expect(validatePathSegmentName("a/b%c", false)).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(validatePathSegmentName("a/b", true)).toEqual(["may not contain '/'"]);
  });

  it("validateObjectName checks generateName then name", () => {
    expect(validateObjectName({ name: "web-abcde", generateName: "web-" }, nameIsDNSSubdomain)).toEqual([]);
    expect(validateObjectName({}, nameIsDNSSubdomain).map(fieldErrorString)).toEqual([
      "metadata.name: Required value: name or generateName is required",
    ]);
    expect(validateObjectName({ name: "Bad_Name" }, nameIsDNSSubdomain).map(fieldErrorString)).toEqual([
      `metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`,
    ]);
    expect(
      validateObjectName({ name: "Web-x", generateName: "Web-" }, nameIsDNSSubdomain).map(fieldErrorString),
    ).toEqual([
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_MSG}`,
      `metadata.name: Invalid value: "Web-x": ${SUBDOMAIN_MSG}`,
    ]);
  });
});

describe("labels, annotations, finalizers", () => {
  it("validateLabels reports keys and values under the map's path", () => {
    expect(validateLabels(undefined, "metadata.labels")).toEqual([]);
    expect(validateLabels({ app: "web", "example.com/tier": "" }, "metadata.labels")).toEqual([]);
    expect(validateLabels({ "bad key": "-bad" }, "metadata.labels").map(fieldErrorString)).toEqual([
      `metadata.labels: Invalid value: "bad key": name part ${QNAME_MSG}`,
      `metadata.labels: Invalid value: "-bad": ${LABEL_VALUE_MSG}`,
    ]);
  });

  it("validateAnnotations ignores key case and allows any value", () => {
    expect(validateAnnotations({ "Example.COM/Key": "anything at all\n", "kubectl.kubernetes.io/x": "" }, "a")).toEqual(
      [],
    );
    expect(validateAnnotations({ İ: "" }, "a")).toEqual([]); // Go lowers U+0130 to "i"
    expect(validateAnnotations({ "a/b/c": "" }, "metadata.annotations").map(fieldErrorString)).toEqual([
      `metadata.annotations: Invalid value: "a/b/c": a qualified name ${QNAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
  });

  it("validateAnnotations limits the total size to 256 KiB of keys and values", () => {
    const limit = 256 * 1024;
    expect(validateAnnotations({ a: r("x", limit - 1) }, "metadata.annotations")).toEqual([]);
    expect(validateAnnotations({ a: r("x", limit) }, "metadata.annotations").map(fieldErrorString)).toEqual([
      "metadata.annotations: Too long: may not be more than 262144 bytes",
    ]);
    expect(validateAnnotations({ a: r("é", limit / 2) }, "m")).toHaveLength(1);
  });

  it("validateFinalizerName", () => {
    expect(validateFinalizerName("kubernetes.io/pv-protection", "metadata.finalizers")).toEqual([]);
    expect(validateFinalizerName("foregroundDeletion", "metadata.finalizers")).toEqual([]);
    expect(validateFinalizerName("a/b/c", "metadata.finalizers")).toHaveLength(1);
  });
});
