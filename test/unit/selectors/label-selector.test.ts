import { describe, expect, it } from "vitest";
import {
  everything,
  formatLabelSelector,
  isEmpty,
  type LabelSelector,
  LabelSelectorError,
  labelSelectorFromObject,
  matches,
  newRequirement,
  nothing,
  parseLabelSelector,
  requiresExactMatch,
  selectorFromSet,
  selectorToString,
  validateLabelSelector,
} from "../../../src/kube/selectors/label-selector";

const QNAME_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const reqs = (sel: LabelSelector) => sel.requirements.map((r) => [r.key, r.operator, [...r.values]]);
const parseError = (s: string) => {
  try {
    parseLabelSelector(s);
  } catch (e) {
    expect(e).toBeInstanceOf(LabelSelectorError);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(s)} to fail`);
};

describe("parseLabelSelector: good strings re-stringify without spaces (selector_test TestSelectorParse)", () => {
  it.each(["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"])("%j", (s) => {
    expect(selectorToString(parseLabelSelector(s))).toBe(s.replaceAll(" ", ""));
  });
});

describe("parseLabelSelector: bad strings (TestSelectorParse)", () => {
  it.each(["x=a||y=b", "x==a==b", "!x=a", "x<a"])("%j", (s) => {
    expect(() => parseLabelSelector(s)).toThrow(LabelSelectorError);
  });
});

describe("parseLabelSelector: set-based syntax (TestSetSelectorParser)", () => {
  it.each([
    ["", []],
    ["\rx", [["x", "exists", []]]],
    ["this-is-a-dns.domain.com/key-with-dash", [["this-is-a-dns.domain.com/key-with-dash", "exists", []]]],
    [
      "this-is-another-dns.domain.com/key-with-dash in (so,what)",
      [["this-is-another-dns.domain.com/key-with-dash", "in", ["so", "what"]]],
    ],
    [
      "0.1.2.domain/99 notin (10.10.100.1, tick.tock.clock)",
      [["0.1.2.domain/99", "notin", ["10.10.100.1", "tick.tock.clock"]]],
    ],
    ["foo  in\t (abc)", [["foo", "in", ["abc"]]]],
    ["x notin\n (abc)", [["x", "notin", ["abc"]]]],
    ["x  notin\t\t\t(abc,def)", [["x", "notin", ["abc", "def"]]]],
    ["x in (abc,def)", [["x", "in", ["abc", "def"]]]],
    ["x in (abc,)", [["x", "in", ["", "abc"]]]],
    ["x in ()", [["x", "in", [""]]]],
    [
      "x notin (abc,,def),bar,z in (),w",
      [
        ["bar", "exists", []],
        ["w", "exists", []],
        ["x", "notin", ["", "abc", "def"]],
        ["z", "in", [""]],
      ],
    ],
    [
      "x,y in (a)",
      [
        ["x", "exists", []],
        ["y", "in", ["a"]],
      ],
    ],
    ["x=a", [["x", "=", ["a"]]]],
    ["x==a", [["x", "==", ["a"]]]],
    ["x>1", [["x", "gt", ["1"]]]],
    ["x<7", [["x", "lt", ["7"]]]],
    [
      "x=a,y!=b,z in (h,i,j)",
      [
        ["x", "=", ["a"]],
        ["y", "!=", ["b"]],
        ["z", "in", ["h", "i", "j"]],
      ],
    ],
    ["x notin ( )", [["x", "notin", [""]]]],
    ["x notin (, a)", [["x", "notin", ["", "a"]]]],
    ["a ", [["a", "exists", []]]],
    ["a in (x,y,notin, z,in)", [["a", "in", ["in", "notin", "x", "y", "z"]]]],
    ["in in (in)", [["in", "in", ["in"]]]],
    ["notin=in", [["notin", "=", ["in"]]]],
    ["x in (b,a,b)", [["x", "in", ["a", "b"]]]],
  ])("%j", (s, expected) => {
    expect(reqs(parseLabelSelector(s))).toEqual(expected);
  });

  it.each([
    "x=a||y=b",
    "x,,y",
    ",x,y",
    "x nott in (y)",
    "a in (xyz),",
    "a in (xyz)b notin ()",
    "a in (xyz abc)",
    "a notin(",
    "a (",
    "(",
  ])("rejects %j", (s) => {
    expect(() => parseLabelSelector(s)).toThrow(LabelSelectorError);
  });

  it("sorts requirements by key, stably, and is deterministic over value order", () => {
    expect(selectorToString(parseLabelSelector("z=1,a=2,m"))).toBe("a=2,m,z=1");
    expect(selectorToString(parseLabelSelector("a=2,a=1"))).toBe("a=2,a=1");
    expect(selectorToString(parseLabelSelector("x in (a,b)"))).toBe(selectorToString(parseLabelSelector("x in (b,a)")));
  });

  it("treats NUL like Go's byte reader: end of input between tokens, a separator inside one", () => {
    expect(reqs(parseLabelSelector("a=b \0junk"))).toEqual([["a", "=", ["b"]]]);
    expect(parseError("a=b\0junk")).toBe("found 'junk', expected: ',' or 'end of string'");
  });
});

describe("parseLabelSelector: exact error messages", () => {
  it.each([
    ["=foo", "found '=', expected: !, identifier, or 'end of string'"],
    [",a", "found ',', expected: !, identifier, or 'end of string'"],
    ["a,", "found '', expected: identifier after ','"],
    ["x,,y", "found ',', expected: identifier after ','"],
    ["a=b c", "found 'c', expected: ',' or 'end of string'"],
    ["x==a==b", "found '==', expected: ',' or 'end of string'"],
    ["!x=a", "found '=', expected: ',' or 'end of string'"],
    ["a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ["x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ["a in", "unable to parse requirement: found '' expected: '('"],
    ["a in x", "unable to parse requirement: found 'x' expected: '('"],
    ["a in (x y)", "unable to parse requirement: found 'y', expected: ',' or ')'"],
    ["a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ["a in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ["a in (x,=)", "unable to parse requirement: found '=', expected: ',', or identifier"],
    ["a=(b)", "unable to parse requirement: found '(', expected: identifier"],
    ["!!a", "unable to parse requirement: found '!', expected: identifier"],
    ["!,a", "unable to parse requirement: found ',', expected: identifier"],
    ["a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ["(", "found '(', expected: !, identifier, or 'end of string'"],
  ])("%j", (s, msg) => {
    expect(parseError(s)).toBe(msg);
  });

  it("reports a bad key with a nil field path, as kubectl users see it", () => {
    expect(parseError("app:monolith")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": ${QNAME_NAME_MSG}`,
    );
    expect(parseError("a/b/c ?=? def")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    expect(parseError("app.kubernetes_io/name=x")).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it("joins several key problems with '; '", () => {
    expect(parseError("/")).toBe(
      `unable to parse requirement: <nil>: Invalid value: "/": prefix part must be non-empty; name part must be non-empty; ${QNAME_NAME_MSG}`,
    );
  });

  it("reports bad values under values[i][key], aggregated in brackets when several", () => {
    expect(parseError("a=-b")).toBe(
      `unable to parse requirement: values[0][a]: Invalid value: "-b": ${LABEL_VALUE_MSG}`,
    );
    expect(parseError("a in (-x,-y)")).toBe(
      `unable to parse requirement: [values[0][a]: Invalid value: "-x": ${LABEL_VALUE_MSG}, values[1][a]: Invalid value: "-y": ${LABEL_VALUE_MSG}]`,
    );
    expect(parseError(`a=${"v".repeat(64)}`)).toBe(
      `unable to parse requirement: values[0][a]: Invalid value: "${"v".repeat(64)}": must be no more than 63 characters`,
    );
  });

  it("requires integers for > and <", () => {
    expect(parseError("x<a")).toBe(
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
    expect(parseError("x>")).toBe(
      `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
    expect(parseError("x>1.5")).toContain("the value must be an integer");
    expect(parseError("x>99999999999999999999")).toContain("the value must be an integer");
    // The bound is still a label value, so a negative one fails label value validation.
    expect(parseError("x>-2")).toBe(
      `unable to parse requirement: values[0][x]: Invalid value: "-2": ${LABEL_VALUE_MSG}`,
    );
  });
});

describe("matches (TestSelectorMatches)", () => {
  const yes: [string, Record<string, string>][] = [
    ["", { x: "y" }],
    ["x=y", { x: "y" }],
    ["x=y,z=w", { x: "y", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "a" }],
    ["notin=in", { notin: "in" }],
    ["x", { x: "z" }],
    ["!x", { y: "z" }],
    ["x>1", { x: "2" }],
    ["x<1", { x: "0" }],
    ["x<1", { x: "-5" }],
    ["x>0", { x: "+1" }],
    ["x!=y", {}],
    ["x notin (a)", {}],
    ["x in (a,b)", { x: "b" }],
    ["x=", { x: "" }],
    ["x in ()", { x: "" }],
  ];
  const no: [string, Record<string, string>][] = [
    ["x=z", {}],
    ["x=y", { x: "z" }],
    ["x=y,z=w", { x: "w", z: "w" }],
    ["x!=y,z!=w", { x: "z", z: "w" }],
    ["x", { y: "z" }],
    ["!x", { x: "z" }],
    ["x>1", { x: "0" }],
    ["x<1", { x: "2" }],
    ["x>1", { x: "abc" }],
    ["x>1", {}],
    ["x notin (a)", { x: "a" }],
    ["x=", {}],
  ];
  it.each(yes)("%j matches %j", (s, labels) => expect(matches(parseLabelSelector(s), labels)).toBe(true));
  it.each(no)("%j does not match %j", (s, labels) => expect(matches(parseLabelSelector(s), labels)).toBe(false));

  it("works on a larger label set and on undefined labels", () => {
    const set = { foo: "bar", baz: "blah" };
    expect(matches(parseLabelSelector("foo=bar,baz=blah"), set)).toBe(true);
    expect(matches(parseLabelSelector("foo=bar,foobar=bar,baz=blah"), set)).toBe(false);
    expect(matches(parseLabelSelector("!foo"), undefined)).toBe(true);
    expect(matches(parseLabelSelector("foo"), undefined)).toBe(false);
    expect(matches(parseLabelSelector("toString"), {})).toBe(false);
  });
});

describe("selector strings (TestToString)", () => {
  it("renders every operator", () => {
    expect(selectorToString(parseLabelSelector("x in (def,abc),y notin (jkl),z"))).toBe(
      "x in (abc,def),y notin (jkl),z",
    );
    expect(selectorToString(parseLabelSelector("x notin (abc,def),y!=jkl,!z"))).toBe("x notin (abc,def),y!=jkl,!z");
    expect(selectorToString(parseLabelSelector("x notin (abc),y in (jkl,mno),z notin ()"))).toBe(
      "x notin (abc),y in (jkl,mno),z notin ()",
    );
    expect(selectorToString(parseLabelSelector("x=abc,y==jkl,z!=a,z"))).toBe("x=abc,y==jkl,z!=a,z");
    expect(selectorToString(parseLabelSelector("x>2,y<8,z"))).toBe("x>2,y<8,z");
  });
});

describe("everything, nothing, sets", () => {
  it("distinguishes empty from nothing", () => {
    expect(isEmpty(everything())).toBe(true);
    expect(matches(everything(), undefined)).toBe(true);
    expect(isEmpty(nothing())).toBe(false);
    expect(matches(nothing(), { a: "b" })).toBe(false);
    expect(selectorToString(nothing())).toBe("");
    expect(isEmpty(parseLabelSelector("  "))).toBe(true);
    expect(isEmpty(parseLabelSelector("a"))).toBe(false);
  });

  it("builds a selector from a set", () => {
    const sel = selectorFromSet({ b: "2", a: "1" });
    expect(selectorToString(sel)).toBe("a=1,b=2");
    expect(matches(sel, { a: "1", b: "2", c: "3" })).toBe(true);
    expect(isEmpty(selectorFromSet(undefined))).toBe(true);
  });

  it("finds exact matches (RequiresExactMatch)", () => {
    const sel = parseLabelSelector("a=1,b==2,c in (3),d in (4,5),e!=6");
    expect(requiresExactMatch(sel, "a")).toBe("1");
    expect(requiresExactMatch(sel, "b")).toBe("2");
    expect(requiresExactMatch(sel, "c")).toBe("3");
    expect(requiresExactMatch(sel, "d")).toBeUndefined();
    expect(requiresExactMatch(sel, "e")).toBeUndefined();
    expect(requiresExactMatch(sel, "z")).toBeUndefined();
  });
});

describe("labelSelectorFromObject (metav1.LabelSelectorAsSelector)", () => {
  it("maps null to nothing and {} to everything", () => {
    expect(labelSelectorFromObject(null).nothing).toBe(true);
    expect(labelSelectorFromObject(undefined).nothing).toBe(true);
    expect(isEmpty(labelSelectorFromObject({}))).toBe(true);
    expect(isEmpty(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }))).toBe(true);
    expect(matches(labelSelectorFromObject({}), {})).toBe(true);
  });

  it("combines matchLabels and matchExpressions, sorted by key", () => {
    const sel = labelSelectorFromObject({
      matchLabels: { tier: "web", app: "nginx" },
      matchExpressions: [
        { key: "env", operator: "NotIn", values: ["prod"] },
        { key: "gpu", operator: "Exists" },
        { key: "arm", operator: "DoesNotExist" },
        { key: "zone", operator: "In", values: ["b", "a"] },
      ],
    });
    expect(selectorToString(sel)).toBe("app=nginx,!arm,env notin (prod),gpu,tier=web,zone in (a,b)");
    expect(matches(sel, { app: "nginx", tier: "web", gpu: "1", zone: "a" })).toBe(true);
    expect(matches(sel, { app: "nginx", tier: "web", gpu: "1", zone: "c" })).toBe(false);
  });

  it("rejects unknown operators with Go's %q", () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] })).toThrow(
      '"Gt" is not a valid pod selector operator',
    );
  });

  it("rejects empty In values (a nil slice, printed null) and values on Exists", () => {
    expect(() => labelSelectorFromObject({ matchExpressions: [{ key: "a", operator: "In", values: [] }] })).toThrow(
      "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() =>
      labelSelectorFromObject({ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }),
    ).toThrow('values: Invalid value: ["x"]: values set must be empty for exists and does not exist');
  });

  it("validates keys and values with key/values paths", () => {
    expect(() => labelSelectorFromObject({ matchLabels: { "a b": "c" } })).toThrow(
      `key: Invalid value: "a b": ${QNAME_NAME_MSG}`,
    );
    expect(() => labelSelectorFromObject({ matchLabels: { a: "-" } })).toThrow(
      `values[0][a]: Invalid value: "-": ${LABEL_VALUE_MSG}`,
    );
  });

  it("formats for table columns (FormatLabelSelector)", () => {
    expect(formatLabelSelector(undefined)).toBe("<none>");
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector({ matchLabels: { app: "x" } })).toBe("app=x");
    expect(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Bogus" }] })).toBe("<error>");
  });
});

describe("newRequirement (TestRequirementConstructor)", () => {
  it("checks value counts per operator", () => {
    expect(() => newRequirement("x1", "in", [])).toThrow(
      "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() => newRequirement("x1", "=", ["a", "b"])).toThrow(
      'values: Invalid value: ["a","b"]: exact-match compatibility requires one single value',
    );
    expect(() => newRequirement("x1", "gt", ["1", "2"])).toThrow(
      `values: Invalid value: ["1","2"]: for 'Gt', 'Lt' operators, exactly one value is required`,
    );
    expect(newRequirement("x1", "notin", ["abc"]).values).toEqual(["abc"]);
    expect(newRequirement("x1", "exists", []).values).toEqual([]);
  });

  it("aggregates key, operator-rule and value errors in order", () => {
    expect(() => newRequirement("-", "exists", ["-"])).toThrow(
      `[key: Invalid value: "-": ${QNAME_NAME_MSG}, values: Invalid value: ["-"]: values set must be empty for exists and does not exist, values[0][-]: Invalid value: "-": ${LABEL_VALUE_MSG}]`,
    );
  });

  it("quotes like Go's %q and escapes HTML in JSON like encoding/json", () => {
    expect(() => newRequirement("a\u0001", "exists", [])).toThrow('key: Invalid value: "a\\x01"');
    expect(() => newRequirement("a", "=", ["<", ">"])).toThrow('values: Invalid value: ["\\u003c","\\u003e"]');
  });
});

describe("validateLabelSelector (metav1validation.ValidateLabelSelector)", () => {
  it("accepts valid selectors and nil", () => {
    expect(validateLabelSelector(undefined, "spec.selector")).toEqual([]);
    expect(
      validateLabelSelector(
        { matchLabels: { app: "x" }, matchExpressions: [{ key: "a", operator: "In", values: ["b"] }] },
        "spec.selector",
      ),
    ).toEqual([]);
  });

  it("reports field errors with paths", () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { "bad key": "v" },
        matchExpressions: [
          { key: "a", operator: "In", values: [] },
          { key: "b", operator: "Exists", values: ["x"] },
          { key: "c", operator: "Gt", values: ["1"] },
          { key: "d", operator: "In", values: ["-bad"] },
        ],
      },
      "spec.selector",
    );
    expect(errs.map((e) => [e.type, e.field, e.detail])).toEqual([
      ["FieldValueInvalid", "spec.selector.matchLabels", QNAME_NAME_MSG],
      [
        "FieldValueRequired",
        "spec.selector.matchExpressions[0].values",
        "must be specified when `operator` is 'In' or 'NotIn'",
      ],
      [
        "FieldValueForbidden",
        "spec.selector.matchExpressions[1].values",
        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      ],
      ["FieldValueInvalid", "spec.selector.matchExpressions[2].operator", "not a valid selector operator"],
      ["FieldValueInvalid", "spec.selector.matchExpressions[3].values[0]", LABEL_VALUE_MSG],
    ]);
  });

  it("can allow invalid values for old objects", () => {
    const sel = { matchExpressions: [{ key: "d", operator: "In", values: ["-bad"] }] };
    expect(validateLabelSelector(sel, "s", { allowInvalidLabelValueInSelector: true })).toEqual([]);
  });
});
