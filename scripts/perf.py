#!/usr/bin/env python3
"""`make perf`: every speed figure Liner promises, measured in one run against the release build
in sandbox mode on a fresh database it seeds itself (20 posts for Pat), printed as one table with
each figure beside its target (issue 16).

Needs `make build` first, and wrk (Debian's package) for the load runs; Lighthouse runs when
`perf/node_modules` has it (`make perf` installs both). Figures are measurements, not tests: the
script fails only when it cannot measure.
"""

import http.cookiejar
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "liner"
PKG = ROOT / "target" / "site" / "pkg"
LIGHTHOUSE = ROOT / "perf" / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/", "/posts", "/posts/new"]
SEEDED = 20
DRAIN = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    """The release binary on a free port, a fresh database in a temporary folder."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="liner-perf-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(
            os.environ,
            LINER_MODE="sandbox",
            LEPTOS_SITE_ADDR=f"127.0.0.1:{self.port}",
            LEPTOS_SITE_ROOT="target/site",
            LEPTOS_SITE_PKG_DIR="pkg",
            LEPTOS_OUTPUT_NAME="liner",
            LEPTOS_ENV="PROD",
            LEPTOS_HASH_FILES="true",
            DATABASE_URL=f"{self.dir}/liner.db",
            LINER_SANDBOX_RECORD=f"{self.dir}/discord.jsonl",
            LINER_SIGN_IN_PER_MINUTE="1000",
            # The load runs are one member's: their allowance must not be what is measured.
            LINER_MEMBER_RATE_SCALE="1000",
            RUST_LOG="warn",
        )
        self.log = open(f"{self.dir}/liner.log", "w")
        self.proc = subprocess.Popen([str(BIN)], cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.base}/readyz", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        sys.exit(f"perf: the server did not start; see {self.dir}/liner.log")

    def rss_kb(self, field: str = "VmRSS") -> int:
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith(field + ":"):
                return int(line.split()[1])
        return 0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Member:
    """A browser-like client signed in through the fake Discord."""

    def __init__(self, server: Server, who: str):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )
        login = self.location(self.get("/auth/discord/login"))
        authorize = urllib.parse.urlsplit(login)
        q = dict(urllib.parse.parse_qsl(authorize.query))
        form = urllib.parse.urlencode(
            {
                "user": who,
                "redirect_uri": q["redirect_uri"],
                "state": q["state"],
                "code_challenge": q.get("code_challenge", ""),
            }
        ).encode()
        callback = self.location(
            self.open(urllib.request.Request(login.split("?")[0], data=form, method="POST"))
        )
        self.location(self.get(callback))
        self.cookie = "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def open(self, request):
        try:
            return self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as answer:
            return answer

    @staticmethod
    def location(resp) -> str:
        where = resp.headers.get("location")
        if not where:
            sys.exit(f"perf: sign-in stopped at {resp.status}")
        return where

    def get(self, path: str, headers=None):
        url = path if path.startswith("http") else self.server.base + path
        return self.open(urllib.request.Request(url, headers=headers or {}))

    def call(self, path: str, body) -> dict:
        req = urllib.request.Request(
            self.server.base + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"content-type": "application/json", "origin": self.server.base},
        )
        resp = self.open(req)
        text = resp.read().decode()
        if resp.status != 200:
            sys.exit(f"perf: {path} answered {resp.status}: {text[:300]}")
        return json.loads(text) if text else {}


def draft(title: str, channel: int, when=None) -> dict:
    return {
        "request": {
            "draft": {
                "id": str(uuid.uuid4()),
                "release": {"title": title, "artists": "Massive Attack"},
                "body": {"title": title, "author": "Massive Attack", "description": "Out now"},
                "schedule": {"channel_id": channel, "when": when or {"mode": "now"}},
            },
            "base_revision": None,
        }
    }


def first_load(member: Member, path: str) -> tuple[int, int]:
    """(bytes of the page and what it loads before it is interactive, as served with brotli;
    of which the page's HTML)."""
    resp = member.get(path, {"accept-encoding": "br"})
    body = resp.read()
    html_bytes = len(body)
    if resp.headers.get("content-encoding") == "br":
        html = subprocess.run(["brotli", "-dc"], input=body, capture_output=True).stdout.decode()
    else:
        html = body.decode()
    assets = set(re.findall(r'(?:href|src)="(/pkg/[^"]+\.(?:wasm|js|css))"', html))
    total = html_bytes
    for asset in assets:
        a = member.get(asset, {"accept-encoding": "br"})
        total += len(a.read())
    return total, html_bytes


def wrk(url: str, connections: int, seconds: int, cookie: str | None = None) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label: str) -> float:
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return {"rate": rate, "p50": ms("50"), "p99": ms("99")}


def lighthouse(server: Server, member: Member, path: str) -> dict | None:
    if not LIGHTHOUSE.exists():
        return None
    headers = json.dumps({"Cookie": member.cookie})
    out = subprocess.run(
        [
            str(LIGHTHOUSE),
            server.base + path,
            "--quiet",
            "--output=json",
            "--only-categories=performance,accessibility,best-practices,seo",
            f"--extra-headers={headers}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
            "--disable-component-update --disable-sync --no-first-run",
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"),
    )
    if out.returncode != 0:
        print(f"perf: lighthouse failed on {path}: {out.stderr[-400:]}", file=sys.stderr)
        return None
    cats = json.loads(out.stdout)["categories"]
    return {k: round(v["score"] * 100) for k, v in cats.items() if v.get("score") is not None}


def count_published(server: Server) -> int:
    import sqlite3

    con = sqlite3.connect(f"file:{server.dir}/liner.db?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM posts WHERE status = 'published'").fetchone()[0]
    finally:
        con.close()


def browser_benches() -> dict:
    """The composer's keystroke-to-preview bench (a maximal post) and its hydration on a
    throttled phone (Playwright over CDP), each by the name of its result file."""
    results = {}
    names = {"keystroke": "keystroke-bench.json", "throttled": "throttled-bench.json"}
    for name in names.values():
        (ROOT / "end2end" / "test-results" / name).unlink(missing_ok=True)
    run = subprocess.run(
        ["./end2end/run.sh", "--config", "playwright.bench.config.ts", "--grep", "keystroke|throttled"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    for key, name in names.items():
        result = ROOT / "end2end" / "test-results" / name
        if result.exists():
            results[key] = json.loads(result.read_text())
    if run.returncode != 0:
        print(f"perf: a browser bench failed: {run.stdout[-800:]}{run.stderr[-400:]}", file=sys.stderr)
    return results


def publish_delay() -> tuple[int, int] | None:
    """Publish delay after the due time at idle (30 posts over 30 s, the soak's own test)."""
    run = subprocess.run(
        ["cargo", "test", "--release", "-p", "server", "--test", "it", "--",
         "timing::publish_latency_at_idle", "--ignored", "--nocapture"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    m = re.search(r"p50 (\d+) ms, p99 (\d+) ms", run.stdout)
    if not m:
        print(f"perf: the publish delay run failed: {run.stdout[-600:]}{run.stderr[-600:]}", file=sys.stderr)
        return None
    return int(m.group(1)), int(m.group(2))


def row(rows: list, what: str, figure: str, target: str, ok: bool | None):
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    rows.append((what, figure, target, mark))


def main() -> int:
    if not BIN.exists():
        sys.exit("perf: target/release/liner is missing; run 'make build' first")
    for tool in ("wrk", "brotli"):
        if not shutil.which(tool):
            sys.exit(f"perf: {tool} is missing; 'make perf' installs it")
    rows: list = []
    server = Server()
    try:
        pat = Member(server, "pat")
        for i in range(SEEDED):
            pat.call("/api/drafts/save", draft(f"Seeded #{i:02}", 1))
        time.sleep(1)
        idle = server.rss_kb()

        # What a phone downloads.
        wasm = sorted(PKG.glob("liner*.wasm"), key=lambda p: p.stat().st_mtime)[-1]
        wasm_br = pathlib.Path(str(wasm) + ".br")
        for path in PAGES:
            total, html = first_load(pat, path)
            row(rows, f"first load {path} (brotli, as served)", f"{total / 1000:.0f} KB (HTML {html / 1000:.1f} KB)", "<= 250 KB", total <= 250_000)
        row(rows, "wasm raw / brotli", f"{wasm.stat().st_size / 1000:.0f} KB / {wasm_br.stat().st_size / 1000:.0f} KB", "", None)

        # The server: one kept-alive connection, then 16.
        one_page = wrk(server.base + "/", 1, 5, pat.cookie)
        one_health = wrk(server.base + "/healthz", 1, 5)
        ratio = one_page["rate"] / one_health["rate"]
        row(rows, "one connection: / vs /healthz", f"{one_page['rate']:.0f}/s vs {one_health['rate']:.0f}/s = {ratio:.1%} (p50 {one_page['p50']:.1f} ms)", ">= 5 %", ratio >= 0.05)
        health = wrk(server.base + "/healthz", 16, 10)
        dash = wrk(server.base + "/posts", 16, 10, pat.cookie)
        ratio = dash["rate"] / health["rate"]
        row(rows, "16 connections: /healthz", f"{health['rate']:.0f}/s (p50 {health['p50']:.2f} ms, p99 {health['p99']:.2f} ms)", "", None)
        row(rows, f"16 connections: /posts ({SEEDED} posts)", f"{dash['rate']:.0f}/s (p50 {dash['p50']:.1f} ms, p99 {dash['p99']:.1f} ms)", "", None)
        row(rows, "dashboard / healthz", f"{ratio:.1%}", ">= 10 %", ratio >= 0.10)

        # Lighthouse on the seeded database (20 posts), before the drain adds 300.
        for path in PAGES:
            scores = lighthouse(server, pat, path)
            if scores is None:
                row(rows, f"Lighthouse mobile {path}", "not run (perf/node_modules lacks lighthouse)", ">= 95 each", None)
                continue
            text = ", ".join(f"{k} {v}" for k, v in scores.items())
            row(rows, f"Lighthouse mobile {path}", text, ">= 95 each", min(scores.values()) >= 95)
        # Memory: idle, then the dashboard at full load while 300 posts drain.
        started = time.time()
        for i in range(DRAIN):
            pat.call("/api/posts/publish", draft(f"Drain #{i:03}", 1 + i % 3))
        load = subprocess.Popen(
            ["wrk", "-H", f"Cookie: {pat.cookie}", "-t1", "-c16", "-d600s", server.base + "/posts"],
            stdout=subprocess.DEVNULL,
        )
        peak = server.rss_kb()
        drained = None
        while time.time() - started < 600:
            peak = max(peak, server.rss_kb())
            if count_published(server) >= DRAIN:
                drained = time.time() - started
                break
            time.sleep(0.5)
        load.terminate()
        load.wait()
        peak = max(peak, server.rss_kb("VmHWM"))
        row(rows, "RSS idle", f"{idle / 1024:.1f} MB", "<= 40 MB", idle / 1024 <= 40)
        row(rows, f"RSS peak (dashboard load + {DRAIN} posts draining)", f"{peak / 1024:.1f} MB", "<= 80 MB", peak / 1024 <= 80)
        if drained is not None:
            # The fake's limit: 5 sends per 2 s per webhook, three webhooks share the posts.
            bound = (DRAIN / 3 - 5) / 5 * 2
            row(rows, f"{DRAIN} posts drained (3 webhooks, under load)", f"{drained:.1f} s = {drained / bound:.2f}x the rate-limit bound", "<= 1.1x", drained / bound <= 1.1)
        else:
            row(rows, f"{DRAIN} posts drained", "did not finish in 600 s", "", False)

    finally:
        server.stop()

    benches = browser_benches()
    if "throttled" in benches:
        t = benches["throttled"]
        row(rows, "composer hydrated, throttled phone (median)", f"{t['median_ms'] / 1000:.1f} s (runs {', '.join(f'{x / 1000:.1f}' for x in t['all_ms'])} s)", "<= 3 s", t["median_ms"] <= 3000)
    if "keystroke" in benches:
        keys = benches["keystroke"]
        row(rows, "keystroke to preview p50 / p95", f"{keys['p50_ms']} ms / {keys['p95_ms']} ms", "p95 <= 16 ms", keys["p95_ms"] <= 16)
    delay = publish_delay()
    if delay:
        row(rows, "publish delay after due p50 / p99", f"{delay[0]} ms / {delay[1]} ms", "p99 <= 1 s", delay[1] <= 1000)

    width = max(len(r[0]) for r in rows)
    fig = max(len(r[1]) for r in rows)
    print()
    print(f"{'what':<{width}}  {'figure':<{fig}}  {'target':<10}")
    for what, figure, target, mark in rows:
        print(f"{what:<{width}}  {figure:<{fig}}  {target:<10}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
