import { describe, expect, it } from "vitest";
import { runContainer } from "../../../src/sim/run-container";

const T0 = Date.UTC(2026, 10, 28, 5, 30, 0);

/** Runs `script` with busybox's sh; returns [offset ms, text] of every line and the exit. */
function sh(script: string, opts: { image?: string; env?: Record<string, string>; shell?: string } = {}) {
  const r = runContainer({
    image: opts.image ?? "busybox",
    command: [opts.shell ?? "sh", "-c", script],
    env: opts.env ?? {},
    startedAtMs: T0,
    hostname: "web-0",
    podName: "web-0",
    namespace: "shop",
    restartCount: 0,
    annotations: {},
  });
  const lines = r.logs(T0, T0 + 86_400_000);
  return {
    out: lines.map((l) => l.text),
    at: lines.map((l) => l.atMs - T0),
    exit: r.exit && { ...r.exit, atMs: r.exit.atMs - T0 },
    run: r,
  };
}

describe("shell interpreter", () => {
  it("if/elif/else, && and ||", () => {
    expect(
      sh("x=3; if [ $x -gt 5 ]; then echo big; elif [ $x -eq 3 ]; then echo three; else echo small; fi").out,
    ).toEqual(["three"]);
    expect(sh("false && echo no || echo yes; true && echo and").out).toEqual(["yes", "and"]);
  });

  it("for over words and $(seq), until, while with a condition, break and continue", () => {
    expect(sh("for i in $(seq 1 5); do [ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; echo $i; done").out).toEqual([
      "1",
      "3",
    ]);
    expect(sh("n=0; until [ $n -ge 3 ]; do n=$((n+1)); echo n$n; done").out).toEqual(["n1", "n2", "n3"]);
    expect(sh("for f in a 'b c'; do echo \"[$f]\"; done").out).toEqual(["[a]", "[b c]"]);
  });

  it("variables, defaults, arithmetic and quoting", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    expect(sh("echo \"${NAME:-world}\" ${#NAME} $((2*3+1)) '$NAME'", { env: { NAME: "" } }).out).toEqual([
      "world 0 7 $NAME",
    ]);
    expect(sh('A="x  y"; echo $A; echo "$A"').out).toEqual(["x y", "x  y"]);
    expect(sh("i=5; i=$((i % 3)); echo $i; echo $((10 / 4)) $((1 < 2))").out).toEqual(["2", "2 1"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
    expect(sh("f=/tmp/app.log; echo ${f##*/} ${f%.log}").out).toEqual(["app.log /tmp/app"]);
  });

  it("environment and identity: env vars, hostname, /etc/hostname, namespace file", () => {
    const r = sh(
      "echo $GREETING from $(hostname) $HOSTNAME; cat /etc/hostname; cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo",
      {
        env: { GREETING: "hi" },
      },
    );
    expect(r.out).toEqual(["hi from web-0 web-0", "web-0", "shop"]);
    expect(sh("printenv GREETING; env | grep -c GREETING", { env: { GREETING: "hi" } }).out).toEqual(["hi", "1"]);
  });

  it("printf, echo -n/-e, and partial lines joined", () => {
    expect(sh('printf "%s=%d\\n" a 1 b 2; echo -n "x"; echo y; echo -e "p\\tq"').out).toEqual([
      "a=1",
      "b=2",
      "xy",
      "p\tq",
    ]);
    // dash's echo always interprets escapes and has no -e.
    expect(sh('echo "a\\nb"', { image: "debian" }).out).toEqual(["a", "b"]);
  });

  it("case, functions, pipes, here-documents", () => {
    expect(sh('case "$1" in start) echo s;; *) echo other;; esac').out).toEqual(["other"]);
    expect(sh('greet() { echo "hello $1"; }; greet bob').out).toEqual(["hello bob"]);
    expect(sh("echo one two three | wc -w; printf 'a\\nb\\n' | tail -n 1").out).toEqual(["3", "b"]);
    expect(sh("cat <<EOF > /tmp/c\nline $((1+1))\nEOF\ncat /tmp/c").out).toEqual(["line 2"]);
  });

  it("test operators on files and strings", () => {
    const r = sh(
      'touch /tmp/a; [ -f /tmp/a ] && echo f; [ -e /tmp/b ] || echo nob; [ -z "" ] && echo z; [ "a" != "b" ] && echo ne; mkdir -p /data/x; [ -d /data/x ] && echo d',
    );
    expect(r.out).toEqual(["f", "nob", "z", "ne", "d"]);
    expect(sh("[[ 2 -gt 1 ]] && echo dbl").out).toEqual(["dbl"]);
  });

  it("timing: every line is stamped when it was written", () => {
    const r = sh("echo a; sleep 2; echo b; sleep 0.5; echo c");
    expect(r.at).toEqual([0, 2000, 2500]);
    expect(r.exit).toEqual({ atMs: 2500, code: 0 });
  });

  it("syntax errors exit 2 with the shell's message", () => {
    const r = sh("if true; then echo x");
    expect(r.exit?.code).toBe(2);
    expect(r.out[0]).toMatch(/^sh: syntax error: /);
  });

  it("cat of a missing file uses the userland's wording", () => {
    expect(sh("cat /nope").out).toEqual(["cat: can't open '/nope': No such file or directory"]);
    expect(sh("cat /nope", { image: "ubuntu" }).out).toEqual(["cat: /nope: No such file or directory"]);
  });

  it("exec runs commands against the files as they were at that instant", () => {
    const { run } = sh("sleep 10; echo ready > /tmp/state; sleep 3600");
    expect(run.exec(["sh", "-c", "test -f /tmp/state"], T0 + 5000).code).toBe(1);
    expect(run.exec(["sh", "-c", "cat /tmp/state"], T0 + 20_000)).toEqual({ code: 0, stdout: "ready\n", stderr: "" });
    expect(run.exec(["nosuch"], T0 + 20_000).code).toBe(126);
  });

  it("sleep infinity after a background job, and `exec` handing PID 1 to a server", () => {
    expect(sh("trap 'exit 0' TERM; sleep infinity & wait").run.sigtermExitCode).toBe(0);
    const r = runContainer({
      image: "nginx:1.27-alpine",
      command: ["sh", "-c", "echo starting; exec nginx -g 'daemon off;'"],
      env: {},
      startedAtMs: T0,
      hostname: "w",
      podName: "w",
      namespace: "d",
      restartCount: 0,
      annotations: {},
    });
    expect(r.listensOn.map((l) => l.port)).toEqual([80]);
    expect(r.sigtermExitCode).toBe(0);
  });

  it("a loop writing a growing file stays bounded", () => {
    const r = sh("while true; do date >> /tmp/log; sleep 1; done");
    expect(r.exit).toBeUndefined();
    expect(r.run.exec(["sh", "-c", "wc -l < /tmp/log"], T0 + 10_500).stdout).toBe("11\n");
  });
});
