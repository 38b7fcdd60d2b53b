/**
 * The programs of well-known server images: what they print when they start (abbreviated from the real
 * output), which ports they listen on, how they answer HTTP, and how they stop on SIGTERM (or the image's
 * STOPSIGNAL, which containerd sends instead).
 */
import { formatDate } from "./shell/date";
import type { Fs } from "./shell/fs";
import type { Program, Shell } from "./shell/interp";
import { Forever, type HttpHandler, type SigtermSpec, type Stream } from "./shell/world";

type Line = { at: number; stream: Stream; text: string };

/** Listens on the ports and blocks forever; as PID 1 the program's own SIGTERM handling applies. */
export function serve(
  sh: Shell,
  pid1: boolean,
  ports: { port: number; http?: HttpHandler }[],
  sigterm: SigtermSpec,
): never {
  for (const p of ports) sh.world.listen(p.port, p.http);
  if (pid1) sh.world.pid1Sigterm = sigterm;
  throw new Forever("program", sigterm, pid1);
}

const env = (sh: Shell, name: string) => sh.environ().find(([k]) => k === name)?.[1];
const say = (sh: Shell, text: string) => sh.io.out.write(`${text}\n`);
const warn = (sh: Shell, text: string) => sh.io.err.write(`${text}\n`);
const cleanPath = (p: string) => p.split("?")[0].split("#")[0] || "/";

/** A static-file server rooted at `docroot`: 200 for files, directory index, 404 otherwise. */
export function staticFiles(docroot: string): HttpHandler {
  return (rawPath: string, fs: Fs) => {
    const p = cleanPath(rawPath);
    const full = `${docroot}${p}`.replace(/\/+/g, "/");
    if (p.endsWith("/"))
      return fs.files.has(`${full}index.html`) ? 200 : fs.isDir(full.replace(/\/$/, "") || "/") ? 403 : 404;
    if (fs.files.has(full)) return 200;
    if (fs.isDir(full)) return 301;
    return 404;
  };
}

export const anyPath200: HttpHandler = () => 200;

// ---------- nginx ----------

const nginxTime = (ms: number) => formatDate(ms, "%Y/%m/%d %H:%M:%S");

export function nginxEntrypoint(modern: boolean): Program {
  return (sh, argv, pid1) => {
    const rest = argv.slice(1);
    if (modern && (rest[0] === "nginx" || rest[0] === "nginx-debug") && !env(sh, "NGINX_ENTRYPOINT_QUIET_LOGS")) {
      const e = "/docker-entrypoint.sh";
      for (const l of [
        `${e}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`,
        `${e}: Looking for shell scripts in /docker-entrypoint.d/`,
        `${e}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`,
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        `${e}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`,
        `${e}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`,
        `${e}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`,
        `${e}: Configuration complete; ready for start up`,
      ])
        say(sh, l);
      sh.world.now += 20;
    }
    if (rest.length === 0) return 0;
    return sh.execArgv(rest, pid1);
  };
}

/** `modern`: 1.19+ images log at `notice` level; older ones log `warn` and above, so start silently. */
export function nginx(version: string, alpine: boolean, modern = true): Program {
  return (sh, argv, pid1) => {
    if (argv.includes("-v") || argv.includes("-V")) {
      warn(sh, `nginx version: nginx/${version}`);
      return 0;
    }
    if (argv.includes("-t")) {
      warn(sh, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok");
      warn(sh, "nginx: configuration file /etc/nginx/nginx.conf test is successful");
      return 0;
    }
    const pid = pid1 ? 1 : 7;
    const t = nginxTime(sh.world.now);
    const n = (who: number, s: string) => `${t} [notice] ${who}#${who}: ${s}`;
    for (const l of [
      n(pid, 'using the "epoll" event method'),
      n(pid, `nginx/${version}`),
      n(pid, alpine ? "built by gcc 14.2.0 (Alpine 14.2.0) " : "built by gcc 12.2.0 (Debian 12.2.0-14) "),
      n(pid, "OS: Linux 6.8.0-1015-gke"),
      n(pid, "getrlimit(RLIMIT_NOFILE): 1048576:1048576"),
      n(pid, "start worker processes"),
      n(pid, "start worker process 29"),
      n(pid, "start worker process 30"),
    ])
      if (modern) warn(sh, l);
    // The image's STOPSIGNAL is SIGQUIT: a graceful shutdown that finishes in a moment.
    const lines = (at: number): Line[] => {
      const ts = nginxTime(at);
      const m = (who: number, s: string): Line => ({
        at,
        stream: "stderr",
        text: `${ts} [notice] ${who}#${who}: ${s}`,
      });
      if (!modern) return [];
      return [
        m(pid, "signal 3 (SIGQUIT) received, shutting down"),
        m(29, "gracefully shutting down"),
        m(30, "gracefully shutting down"),
        m(29, "exiting"),
        m(30, "exiting"),
        m(29, "exit"),
        m(30, "exit"),
        m(pid, "signal 17 (SIGCHLD) received from 29"),
        m(pid, "worker process 29 exited with code 0"),
        m(pid, "worker process 30 exited with code 0"),
        m(pid, "exit"),
      ];
    };
    serve(sh, pid1, [{ port: 80, http: staticFiles("/usr/share/nginx/html") }], { exitMs: 50, code: 0, lines });
  };
}

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`;

// ---------- httpd ----------

export function httpd(version: string): Program {
  return (sh, _argv, pid1) => {
    const ip = sh.world.facts.podIP ?? "10.244.1.2";
    const stamp = () => formatDate(sh.world.now, "%a %b %d %H:%M:%S.%N %Y").replace(/(\.\d{6})\d{3}/, "$1");
    const msg = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ip}. Set the 'ServerName' directive globally to suppress this message`;
    warn(sh, msg);
    warn(sh, msg);
    warn(
      sh,
      `[${stamp()}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`,
    );
    warn(sh, `[${stamp()}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'`);
    const lines = (at: number): Line[] => [
      {
        at,
        stream: "stderr",
        text: `[${formatDate(at, "%a %b %d %H:%M:%S.%N %Y").replace(/(\.\d{6})\d{3}/, "$1")}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully`,
      },
    ];
    serve(sh, pid1, [{ port: 80, http: staticFiles("/usr/local/apache2/htdocs") }], { exitMs: 50, code: 0, lines });
  };
}

// ---------- redis ----------

const redisTime = (ms: number) => formatDate(ms, "%d %b %Y %H:%M:%S.%N").replace(/(\.\d{3})\d+/, "$1");

export function redis(version: string): Program {
  return (sh, argv, pid1) => {
    const portArg = argv.indexOf("--port");
    const port = portArg > 0 ? Number(argv[portArg + 1]) || 6379 : 6379;
    const c = (s: string) => say(sh, `1:C ${redisTime(sh.world.now)} ${s}`);
    const m = (s: string) => say(sh, `1:M ${redisTime(sh.world.now)} ${s}`);
    c("* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
    c(`* Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`);
    c(
      "# Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf",
    );
    m("* monotonic clock: POSIX clock_gettime");
    m(`* Running mode=standalone, port=${port}.`);
    m("* Server initialized");
    m("* Ready to accept connections tcp");
    const lines = (at: number): Line[] => {
      const l = (s: string): Line => ({ at, stream: "stdout", text: s });
      return [
        l(`1:signal-handler (${Math.floor(at / 1000)}) Received SIGTERM scheduling shutdown...`),
        l(`1:M ${redisTime(at)} * User requested shutdown...`),
        l(`1:M ${redisTime(at)} * Saving the final RDB snapshot before exiting.`),
        l(`1:M ${redisTime(at)} * DB saved on disk`),
        l(`1:M ${redisTime(at)} # Redis is now ready to exit, bye bye...`),
      ];
    };
    serve(sh, pid1, [{ port }], { exitMs: 100, code: 0, lines });
  };
}

// ---------- coredns ----------

/** CoreDNS as kind runs it (`-conf /etc/coredns/Corefile`): its start-up banner, DNS on 53, health on 8080,
 * readiness on 8181, metrics on 9153; the Corefile's `lameduck 5s` delays its exit after SIGTERM. */
export function coredns(version: string): Program {
  return (sh, _argv, pid1) => {
    say(sh, ".:53");
    say(
      sh,
      "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908",
    );
    say(sh, `CoreDNS-${version}`);
    say(sh, "linux/amd64, go1.22.2, a6338e9");
    const lines = (at: number): Line[] => [
      { at, stream: "stdout", text: "[INFO] SIGTERM: Shutting down servers then terminating" },
    ];
    serve(
      sh,
      pid1,
      [
        { port: 53 },
        { port: 8080, http: anyPath200 },
        { port: 8181, http: anyPath200 },
        { port: 9153, http: anyPath200 },
      ],
      { exitMs: 5000, code: 0, lines },
    );
  };
}

/** The official images' entrypoint: `docker-entrypoint.sh <server> …` prepares, then execs the server. */
export function execEntrypoint(): Program {
  return (sh, argv, pid1) => (argv.length > 1 ? sh.execArgv(argv.slice(1), pid1) : 0);
}

// ---------- postgres ----------

const pgTime = (ms: number) => formatDate(ms, "%Y-%m-%d %H:%M:%S.%N UTC").replace(/(\.\d{3})\d+/, "$1");

export const POSTGRES_NO_PASSWORD = `Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html`;

export function postgresEntrypoint(): Program {
  return (sh, argv, pid1) => {
    if (argv[1] === "postgres" && !env(sh, "POSTGRES_PASSWORD") && env(sh, "POSTGRES_HOST_AUTH_METHOD") !== "trust") {
      for (const l of POSTGRES_NO_PASSWORD.split("\n")) warn(sh, l);
      return 1;
    }
    if (argv[1] === "postgres") {
      for (const l of [
        'The files belonging to this database system will be owned by user "postgres".',
        "This user must also own the server process.",
        "",
        'The database cluster will be initialized with locale "en_US.utf8".',
        'The default database encoding has accordingly been set to "UTF8".',
        "",
        "fixing permissions on existing directory /var/lib/postgresql/data ... ok",
        "creating subdirectories ... ok",
        "performing post-bootstrap initialization ... ok",
        "syncing data to disk ... ok",
        "",
        "Success. You can now start the database server using:",
        "",
        "    pg_ctl -D /var/lib/postgresql/data -l logfile start",
        "",
      ])
        say(sh, l);
      sh.world.now += 1500;
      say(sh, "PostgreSQL init process complete; ready for start up.");
      say(sh, "");
    }
    return argv.length > 1 ? sh.execArgv(argv.slice(1), pid1) : 0;
  };
}

export function postgres(version: string): Program {
  return (sh, _argv, pid1) => {
    const log = (pid: number, s: string) => warn(sh, `${pgTime(sh.world.now)} [${pid}] LOG:  ${s}`);
    log(1, `starting PostgreSQL ${version} on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`);
    log(1, 'listening on IPv4 address "0.0.0.0", port 5432');
    log(1, 'listening on IPv6 address "::", port 5432');
    log(1, 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"');
    sh.world.now += 200;
    log(64, `database system was shut down at ${formatDate(sh.world.now - 1000, "%Y-%m-%d %H:%M:%S UTC")}`);
    log(1, "database system is ready to accept connections");
    // postgres' STOPSIGNAL is SIGINT: a fast shutdown.
    const lines = (at: number): Line[] =>
      [
        "received fast shutdown request",
        "aborting any active transactions",
        'background worker "logical replication launcher" (PID 67) exited with exit code 1',
        "shutting down",
        "database system is shut down",
      ].map((s) => ({ at, stream: "stderr" as const, text: `${pgTime(at)} [1] LOG:  ${s}` }));
    serve(sh, pid1, [{ port: 5432 }], { exitMs: 200, code: 0, lines });
  };
}

// ---------- mysql ----------

export function mysqlEntrypoint(version: string): Program {
  return (sh, argv, pid1) => {
    const ts = () => formatDate(sh.world.now, "%Y-%m-%d %H:%M:%S+00:00");
    if (argv[1] === "mysqld") {
      warn(sh, `${ts()} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version}-1.el9 started.`);
      warn(sh, `${ts()} [Note] [Entrypoint]: Switching to dedicated user 'mysql'`);
      warn(sh, `${ts()} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${version}-1.el9 started.`);
      if (
        !env(sh, "MYSQL_ROOT_PASSWORD") &&
        !env(sh, "MYSQL_ALLOW_EMPTY_PASSWORD") &&
        !env(sh, "MYSQL_RANDOM_ROOT_PASSWORD")
      ) {
        warn(sh, `${ts()} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`);
        warn(sh, "    You need to specify one of the following as an environment variable:");
        warn(sh, "    - MYSQL_ROOT_PASSWORD");
        warn(sh, "    - MYSQL_ALLOW_EMPTY_PASSWORD");
        warn(sh, "    - MYSQL_RANDOM_ROOT_PASSWORD");
        return 1;
      }
      warn(sh, `${ts()} [Note] [Entrypoint]: Initializing database files`);
      sh.world.now += 6000;
      warn(sh, `${ts()} [Note] [Entrypoint]: Database files initialized`);
      warn(sh, `${ts()} [Note] [Entrypoint]: Starting temporary server`);
      sh.world.now += 2000;
      warn(sh, `${ts()} [Note] [Entrypoint]: Temporary server started.`);
      warn(sh, `${ts()} [Note] [Entrypoint]: Stopping temporary server`);
      sh.world.now += 1500;
      warn(sh, `${ts()} [Note] [Entrypoint]: Temporary server stopped`);
      warn(sh, "");
      warn(sh, `${ts()} [Note] [Entrypoint]: MySQL init process done. Ready for start up.`);
      warn(sh, "");
    }
    return argv.length > 1 ? sh.execArgv(argv.slice(1), pid1) : 0;
  };
}

export function mysqld(version: string): Program {
  return (sh, _argv, pid1) => {
    const ts = () => formatDate(sh.world.now, "%Y-%m-%dT%H:%M:%S.%N000Z").replace(/(\.\d{6})\d+Z/, "$1Z");
    warn(sh, `${ts()} 0 [System] [MY-015015] [Server] MySQL Server - start.`);
    warn(sh, `${ts()} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld ${version}) starting as process 1`);
    sh.world.now += 500;
    warn(
      sh,
      `${ts()} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`,
    );
    serve(sh, pid1, [{ port: 3306 }, { port: 33060 }], { exitMs: 500, code: 0 });
  };
}

// ---------- small servers ----------

/** registry.k8s.io/pause: sleeps until signalled. */
export const pause: Program = (sh, _argv, pid1) =>
  serve(sh, pid1, [], {
    exitMs: 0,
    code: 0,
    lines: (at) => [{ at, stream: "stderr", text: "Shutting down, got signal: Terminated" }],
  });

/** hashicorp/http-echo: answers every path with -text on -listen (default :5678). */
export const httpEcho: Program = (sh, argv, pid1) => {
  const opt = (name: string) =>
    argv
      .find((a) => a.startsWith(`-${name}=`) || a.startsWith(`--${name}=`))
      ?.split("=")
      .slice(1)
      .join("=");
  if (opt("text") === undefined) {
    warn(sh, "Missing -text option!");
    return 127;
  }
  const listen = opt("listen") ?? ":5678";
  const port = Number(listen.split(":").pop()) || 5678;
  warn(sh, `${formatDate(sh.world.now, "%Y/%m/%d %H:%M:%S")} [INFO] server is listening on ${listen}`);
  serve(sh, pid1, [{ port, http: anyPath200 }], { exitMs: 0, code: 0 });
};

/** agnhost's subcommands used by the Kubernetes docs (netexec, serve-hostname, liveness, pause, …). */
export const agnhost: Program = (sh, argv, pid1) => {
  const sub = argv[1];
  const flag = (name: string, def: number) => {
    const a = argv.find((x) => x.startsWith(`--${name}=`));
    return a ? Number(a.split("=")[1]) || def : def;
  };
  switch (sub) {
    case "netexec": {
      const port = flag("http-port", 8080);
      warn(
        sh,
        `I${formatDate(sh.world.now, "%m%d %H:%M:%S.%N").replace(/(\.\d{6})\d+/, "$1")}       1 log.go:245] Started HTTP server on port ${port}`,
      );
      serve(sh, pid1, [{ port, http: anyPath200 }, { port: flag("udp-port", 8081) }], { exitMs: 0, code: 0 });
      break;
    }
    case "serve-hostname":
      serve(sh, pid1, [{ port: flag("port", 9376), http: anyPath200 }], { exitMs: 0, code: 0 });
      break;
    case "liveness":
      return liveness(sh, argv, pid1);
    case "test-webserver":
      serve(sh, pid1, [{ port: flag("port", 80), http: anyPath200 }], { exitMs: 0, code: 0 });
      break;
    case "pause":
      return pause(sh, argv, pid1);
    default:
      say(sh, "Usage:");
      say(sh, "  app [command]");
      return 0;
  }
  return 0;
};

/** The liveness demo server: /healthz answers 200 for the first 10 seconds, then 500. */
export const liveness: Program = (sh, _argv, pid1) => {
  const started = sh.world.now;
  const http: HttpHandler = (path, _fs, at) => {
    if (cleanPath(path) !== "/healthz") return 200;
    return at - started < 10_000 ? 200 : 500;
  };
  serve(sh, pid1, [{ port: 8080, http }], { exitMs: 0, code: 0 });
};

/** A generic HTTP server image (hello-app, echo-server, whoami, …) with one startup line. */
export function httpServer(port: number, startLine?: (ms: number) => string, stream: Stream = "stdout"): Program {
  return (sh, _argv, pid1) => {
    if (startLine) (stream === "stdout" ? say : warn)(sh, startLine(sh.world.now));
    serve(sh, pid1, [{ port, http: anyPath200 }], { exitMs: 0, code: 0 });
  };
}

/** An application image the simulator does not know: runs silently, serving its declared container ports. */
export function unknownApp(ports: number[]): Program {
  return (sh, _argv, pid1) =>
    serve(
      sh,
      pid1,
      ports.map((port) => ({ port, http: anyPath200 })),
      // Most apps die of SIGTERM's default action: the runtime reports 128+15.
      { exitMs: 0, code: 143 },
    );
}

/** `python -m http.server [port]`: serves the working directory (200 for `/`). */
export const python: Program = (sh, argv, pid1) => {
  const m = argv.indexOf("-m");
  if (m > 0 && argv[m + 1] === "http.server") {
    const port = Number(argv[m + 2]) || 8000;
    warn(sh, `Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...`);
    serve(sh, pid1, [{ port, http: anyPath200 }], { exitMs: 0, code: 143 });
  }
  // Without a TTY the REPL reads EOF from stdin and exits.
  return 0;
};
