#!/usr/bin/env python3
"""The HTTP side of the benchmarks in bench/: what people do to Vitae, through its real API.

Standard library only. Every subcommand talks to a running server at --base and writes what it
saw as JSON lines (one per request) or TSV, so the shell scripts can summarise and check it.

  signup    create built-in accounts over HTTP (POST /api/sign-up), print username<TAB>cookie
  publish   save a first résumé for accounts and publish some of them
  write     save résumés for random accounts at a fixed rate (POST /api/resume/save); log each
  verify    compare the writer's log with what the database holds (`vitae users show`)
  probe     GET /readyz and a random public page every --interval seconds; log each
  uploads   N accounts upload one file at the same moment (POST /api/upload)
  big       uploads far over the limit, with and without Content-Length
  slow      a slow-loris upload (and slow headers): one byte per second
  garbage   random files of every kind through the upload
  hostile   a PDF whose object stream explodes in memory, and JSON that expands, uploaded
            while /healthz is probed
  mine      one account holds slow uploads; does another person still get through?
  xss       a résumé whose every string breaks out of a textarea or script; the dashboard's HTML
  summary   read a log of `write`, `probe` or upload results and print the figures
  mix       N people at once, each: sign up, sign in again, dashboard, save, publish, public
            page, sign out — every answer checked (through a load balancer: across instances)
  signouts  sign-outs through the load balancer; is each session gone on every instance?
  coherence unpublish through the load balancer; how long until every instance answers 404?
  guess     wrong passwords for one e-mail round-robin, from one client address; then another
            person from another address signs in
"""

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit, urlencode

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BASE_RESUME = os.path.join(ROOT, "end2end", "fixtures", "grace.json")


def now():
    return time.time()


def conn_for(base, timeout):
    u = urlsplit(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)


def request(base, method, path, body=None, headers=None, timeout=10.0, conn=None):
    """One request; returns (status, body bytes, headers dict, seconds, error text).

    status is 0 when no answer came (refused, reset, timeout): the error text says which.
    """
    own = conn is None
    c = conn or conn_for(base, timeout)
    t0 = now()
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        return r.status, data, hdrs, now() - t0, ""
    except (OSError, http.client.HTTPException) as e:
        try:
            c.close()
        except OSError:
            pass
        return 0, b"", {}, now() - t0, type(e).__name__ + ": " + str(e)[:120]
    finally:
        if own:
            c.close()


def session_cookie(headers_list):
    for k, v in headers_list:
        if k.lower() == "set-cookie" and v.startswith("__session="):
            return v.split(";", 1)[0]
    return None


# ----- accounts -------------------------------------------------------------------------------


def sign_up_one(base, email, password):
    c = conn_for(base, 30)
    try:
        body = urlencode({"email": email, "password": password})
        c.request("POST", "/api/sign-up", body=body,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        r = c.getresponse()
        r.read()
        cookie = session_cookie(r.getheaders())
        if not cookie:
            raise RuntimeError(f"sign-up of {email}: status {r.status}, no session cookie")
    finally:
        c.close()
    status, data, _, _, err = dashboard(base, cookie)
    if status != 200:
        raise RuntimeError(f"dashboard for {email}: {status} {err} {data[:200]!r}")
    return json.loads(data)["username"], cookie


def cmd_signup(a):
    out = [None] * a.count
    errors = []
    lock = threading.Lock()
    next_i = [0]

    def worker():
        while True:
            with lock:
                i = next_i[0]
                next_i[0] += 1
            if i >= a.count:
                return
            email = f"{a.prefix}-{i + 1:04d}@bench.test"
            try:
                out[i] = sign_up_one(a.base, email, f"bench password {i + 1:04d}")
            except Exception as e:  # noqa: BLE001 - reported, then the run stops
                errors.append(str(e))

    t0 = now()
    threads = [threading.Thread(target=worker) for _ in range(a.parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit("signup failed: " + "; ".join(errors[:3]))
    for username, cookie in out:
        print(f"{username}\t{cookie}")
    print(f"signed up {a.count} accounts over HTTP in {now() - t0:.1f} s", file=sys.stderr)


def read_accounts(path):
    accounts = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                username, cookie = line.split("\t")
                accounts.append((username, cookie))
    return accounts


def resume_body(username, seq):
    with open(BASE_RESUME) as f:
        r = json.load(f)
    r["personalInfo"]["name"] = f"Bench Writer {username}"
    # The fixture's GitHub handle is not a link, which a save refuses (the import only warns).
    r["personalInfo"]["github"] = "https://github.com/" + username
    r["summary"] = f"Saved by the bench writer for {username}, save #{seq}. " + r["summary"]
    return json.dumps({"resume": r}).encode()


def save(base, cookie, username, seq, timeout, conn=None):
    return request(base, "POST", "/api/resume/save", body=resume_body(username, seq),
                   headers={"Cookie": cookie, "Content-Type": "application/json",
                            "Accept": "application/json"},
                   timeout=timeout, conn=conn)


def cmd_publish(a):
    accounts = read_accounts(a.accounts)
    for i, (username, cookie) in enumerate(accounts):
        status, data, _, _, err = save(a.base, cookie, username, 0, 30)
        if status != 200:
            sys.exit(f"first save for {username}: {status} {err} {data[:200]!r}")
        if i < a.live:
            status, data, _, _, err = request(
                a.base, "POST", "/api/publish", body=b"live=true",
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=30)
            if status != 200:
                sys.exit(f"publish {username}: {status} {err} {data[:200]!r}")
            print(username)


# ----- the writer -----------------------------------------------------------------------------


def cmd_write(a):
    """Saves at --rate per second in all, from --concurrency workers. Each worker owns a share of
    the accounts, so saves of one account never overlap and the last answer is the last write."""
    accounts = read_accounts(a.accounts)
    random.seed(a.seed)
    shares = [accounts[i::a.concurrency] for i in range(a.concurrency)]
    seqs = {u: 0 for u, _ in accounts}
    log = open(a.log, "w", buffering=1)
    lock = threading.Lock()
    end = now() + a.duration
    interval = a.concurrency / a.rate

    def worker(share, offset):
        conn = None
        t_next = now() + offset
        while True:
            t_next += interval
            if t_next > end:
                return
            delay = t_next - now()
            if delay > 0:
                time.sleep(delay)
            username, cookie = random.choice(share)
            seqs[username] += 1
            seq = seqs[username]
            if conn is None:
                conn = conn_for(a.base, a.timeout)
            t0 = now()
            status, data, _, secs, err = save(a.base, cookie, username, seq, a.timeout, conn)
            if status == 0:
                conn = None
            rec = {"t": round(t0, 3), "secs": round(secs, 4), "user": username, "seq": seq,
                   "status": status}
            if status != 200:
                rec["body"] = data[:160].decode("utf-8", "replace")
                rec["error"] = err
            with lock:
                log.write(json.dumps(rec) + "\n")

    threads = [threading.Thread(target=worker, args=(s, i * interval / a.concurrency))
               for i, s in enumerate(shares) if s]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()


def load_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100 * len(v) + 0.5)) - 1))
    return v[k]


def summarise_writes(records):
    ok = [r for r in records if r["status"] == 200]
    told = [r for r in records if r["status"] not in (0, 200)]
    silent = [r for r in records if r["status"] == 0]
    by_status = {}
    for r in records:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    lat = [r["secs"] * 1000 for r in records]
    return {
        "saves": len(records),
        "ok": len(ok),
        "failed_with_status": len(told),
        "failed_without_answer": len(silent),
        "status_counts": {str(k): v for k, v in sorted(by_status.items())},
        "5xx": sum(1 for r in records if r["status"] >= 500),
        "p50_ms": round(pct(lat, 50), 1),
        "p99_ms": round(pct(lat, 99), 1),
        "max_ms": round(max(lat), 1) if lat else 0,
    }


def cmd_verify(a):
    """For each account: the database must hold the last save that was answered 200, or a later
    one whose answer was an error (the commit raced the failure: reported, not lost)."""
    records = load_jsonl(a.log)
    last_ok, attempts = {}, {}
    for r in records:
        attempts.setdefault(r["user"], {})[r["seq"]] = r["status"]
        if r["status"] == 200:
            last_ok[r["user"]] = max(last_ok.get(r["user"], 0), r["seq"])
    accounts = [u for u, _ in read_accounts(a.accounts)]
    lost, committed_after_error, checked = [], [], 0
    pattern = re.compile(r"save #(\d+)\.")
    for username in accounts:
        out = subprocess.run([a.vitae, "users", "show", username], capture_output=True,
                             text=True, check=False)
        if out.returncode != 0:
            sys.exit(f"vitae users show {username}: {out.stderr.strip()}")
        m = pattern.search(out.stdout)
        stored = int(m.group(1)) if m else -1
        want = last_ok.get(username, 0)
        checked += 1
        if stored < want:
            lost.append((username, want, stored))
        elif stored > want:
            status = attempts.get(username, {}).get(stored)
            committed_after_error.append((username, stored, status))
    result = {
        "accounts_checked": checked,
        "acknowledged_saves_lost": len(lost),
        "failed_saves_that_committed": len(committed_after_error),
    }
    print(json.dumps(result))
    for username, want, stored in lost[:10]:
        print(f"LOST: {username}: last 200 was save #{want}, the database holds #{stored}",
              file=sys.stderr)
    for username, stored, status in committed_after_error[:10]:
        print(f"note: {username}: save #{stored} answered {status} but was committed",
              file=sys.stderr)
    if lost:
        sys.exit(1)


# ----- the probe ------------------------------------------------------------------------------


def cmd_probe(a):
    pages = [line.strip() for line in open(a.pages) if line.strip()]
    log = open(a.log, "w", buffering=1)
    lock = threading.Lock()
    end = now() + a.duration

    def loop(kind):
        while now() < end:
            t_tick = now()
            path = "/readyz" if kind == "readyz" else "/" + random.choice(pages)
            status, _, _, secs, err = request(a.base, "GET", path, timeout=a.timeout,
                                              headers={"Accept-Encoding": "gzip"})
            rec = {"t": round(t_tick, 3), "kind": kind, "status": status, "secs": round(secs, 4)}
            if err:
                rec["error"] = err
            with lock:
                log.write(json.dumps(rec) + "\n")
            time.sleep(max(0.0, a.interval - (now() - t_tick)))

    threads = [threading.Thread(target=loop, args=(k,)) for k in ("readyz", "page")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def cmd_fault_report(a):
    """Reads the probe and writer logs around an outage [down, up] and prints the checks."""
    probes = load_jsonl(a.probe)
    writes = load_jsonl(a.writes)
    down, up = a.down, a.up
    # Asked after the database went away and answered before it was back.
    during = [p for p in probes if down <= p["t"] and p["t"] + p["secs"] <= up]
    ready_during = [p["status"] for p in during if p["kind"] == "readyz"]
    page_during = [p["status"] for p in during if p["kind"] == "page"]
    # Recovery: the first moment after `up` from which every probe and every save was a 200.
    # (When the answer came, whether it was a 200.)
    events = sorted([(p["t"] + p["secs"], p["status"] == 200) for p in probes]
                    + [(w["t"] + w["secs"], w["status"] == 200) for w in writes])
    last_bad = max([t for t, ok in events if not ok and t >= down] or [down])
    recovered_at = min([t for t, ok in events if ok and t > last_bad] or [float("nan")])
    slowest_probe = max(probes, key=lambda p: p["secs"])
    report = {
        "outage_s": round(up - down, 1),
        "readyz_during_outage": {str(s): ready_during.count(s) for s in sorted(set(ready_during))},
        "page_probes_during_outage": {str(s): page_during.count(s) for s in sorted(set(page_during))},
        "slowest_probe_s": round(slowest_probe["secs"], 3),
        "slowest_probe": slowest_probe["kind"],
        "all_200_again_s_after_up": round(max(0.0, recovered_at - up), 2),
        "saves": summarise_writes(writes),
    }
    print(json.dumps(report))


# ----- uploads --------------------------------------------------------------------------------


def upload(base, cookie, data, timeout=180, chunked=False, content_type="application/pdf"):
    """POSTs `data` to /api/upload. With chunked=True no Content-Length is sent. Returns
    (status, seconds, body snippet, error)."""
    u = urlsplit(base)
    t0 = now()
    s = socket.create_connection((u.hostname, u.port), timeout=timeout)
    try:
        head = [f"POST /api/upload HTTP/1.1", f"Host: {u.netloc}", f"Cookie: {cookie}",
                f"Content-Type: {content_type}", "Connection: close"]
        head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(data)}")
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sent_all = True
        try:
            step = 256 * 1024
            for i in range(0, len(data), step):
                part = data[i:i + step]
                s.sendall((b"%x\r\n" % len(part) + part + b"\r\n") if chunked else part)
            if chunked:
                s.sendall(b"0\r\n\r\n")
        except OSError:
            sent_all = False  # the server answered and closed early: read what it said
        status, body = read_response(s)
        return status, now() - t0, body[:160].decode("utf-8", "replace"), "" if sent_all else "stopped early"
    except OSError as e:
        return 0, now() - t0, "", type(e).__name__ + ": " + str(e)[:100]
    finally:
        s.close()


def read_response(s):
    buf = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
            if b"\r\n\r\n" in buf:
                head, _, rest = buf.partition(b"\r\n\r\n")
                m = re.search(rb"content-length:\s*(\d+)", head, re.I)
                if m and len(rest) >= int(m.group(1)):
                    break
    except OSError:
        pass
    m = re.match(rb"HTTP/1\.[01] (\d{3})", buf)
    if not m:
        return 0, buf
    return int(m.group(1)), buf.partition(b"\r\n\r\n")[2]


def print_results(kind, results):
    by_status = {}
    for r in results:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    secs = [r["secs"] for r in results]
    print(json.dumps({
        "phase": kind,
        "requests": len(results),
        "status_counts": {str(k): v for k, v in sorted(by_status.items())},
        "5xx": sum(1 for r in results if r["status"] >= 500),
        "no_answer": sum(1 for r in results if r["status"] == 0),
        "p50_s": round(statistics.median(secs), 3) if secs else 0,
        "max_s": round(max(secs), 3) if secs else 0,
    }))


def run_parallel(jobs, parallel):
    results = [None] * len(jobs)
    next_i = [0]
    lock = threading.Lock()
    start = threading.Barrier(min(parallel, len(jobs)))

    def worker():
        try:
            start.wait()
        except threading.BrokenBarrierError:
            pass
        while True:
            with lock:
                i = next_i[0]
                next_i[0] += 1
            if i >= len(jobs):
                return
            results[i] = jobs[i]()

    threads = [threading.Thread(target=worker) for _ in range(min(parallel, len(jobs)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def as_record(res, **extra):
    status, secs, body, err = res
    rec = {"status": status, "secs": round(secs, 3), **extra}
    if status not in (200,):
        rec["body"] = body
    if err:
        rec["error"] = err
    return rec


def cmd_uploads(a):
    accounts = read_accounts(a.accounts)[: a.count]
    data = open(a.file, "rb").read()
    jobs = [lambda c=cookie: as_record(upload(a.base, c, data)) for _, cookie in accounts]
    results = run_parallel(jobs, len(jobs))
    with open(a.log, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    print_results(f"{len(jobs)} concurrent uploads of {len(data):,} bytes", results)


def cmd_big(a):
    # One account each: a person may have only two uploads in flight.
    accounts = read_accounts(a.accounts)
    data = os.urandom(1024) * (a.size // 1024)
    data = b"%PDF-1.7\n" + data[9:]
    jobs = []
    for i in range(a.count):
        chunked = i % 2 == 1
        cookie = accounts[i % len(accounts)][1]
        jobs.append(lambda ch=chunked, c=cookie: as_record(upload(a.base, c, data, chunked=ch),
                                                            chunked=ch))
    results = run_parallel(jobs, a.parallel)
    with open(a.log, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    print_results(f"{a.count} uploads of {len(data):,} bytes (half without Content-Length)",
                  results)


def cmd_slow(a):
    """One byte per second: of the body (the upload's deadline must end it), or of the headers."""
    _, cookie = read_accounts(a.accounts)[0]
    u = urlsplit(a.base)
    s = socket.create_connection((u.hostname, u.port), timeout=a.give_up)
    t0 = now()
    if a.what == "body":
        head = (f"POST /api/upload HTTP/1.1\r\nHost: {u.netloc}\r\nCookie: {cookie}\r\n"
                f"Content-Type: application/pdf\r\nContent-Length: 100000\r\n\r\n").encode()
        s.sendall(head)
        trickle = b"%PDF-1.7\n" + b"%" * 100000
    else:
        trickle = (f"POST /api/upload HTTP/1.1\r\nHost: {u.netloc}\r\nCookie: {cookie}\r\n"
                   f"Content-Type: application/pdf\r\nContent-Length: 10\r\n\r\n%PDF-1.7\n\n").encode()
    sent = 0
    s.setblocking(False)
    answer = b""
    closed = False
    while now() - t0 < a.give_up:
        try:
            s.send(trickle[sent:sent + 1])
            sent += 1
        except BlockingIOError:
            pass
        except OSError:
            closed = True
        # Anything back? (an answer, or the server closing the connection)
        deadline = now() + 1.0
        while now() < deadline:
            try:
                chunk = s.recv(4096)
                if not chunk:
                    closed = True
                    break
                answer += chunk
            except BlockingIOError:
                time.sleep(0.05)
            except OSError:
                closed = True
                break
        if closed or answer:
            break
    m = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    print(json.dumps({
        "phase": f"slow {a.what}, 1 byte/s",
        "bytes_sent": sent,
        "status": int(m.group(1)) if m else 0,
        "cut_off_after_s": round(now() - t0, 1) if (closed or answer) else None,
        "answer": answer.partition(b"\r\n\r\n")[2][:160].decode("utf-8", "replace"),
    }))
    s.close()


def garbage_file(rng, i):
    """Random bytes of random sizes, disguised in turn as a PDF, JSON, or nothing at all."""
    size = rng.choice([0, 1, 4, 5, 100, 1000, 10_000, 100_000, 1_000_000, rng.randrange(0, 300_000)])
    body = rng.randbytes(size)
    kind = i % 6
    if kind == 0:
        return "random", body
    if kind == 1:
        return "pdf-header", b"%PDF-1." + body
    if kind == 2:
        # A PDF skeleton with garbage objects: reaches the parser's object reader.
        objs = b"".join(b"%d 0 obj\n<< /Length %d >>\nstream\n" % (n, len(body) // 8)
                        + body[n * 64:(n + 1) * 64] + b"\nendstream\nendobj\n" for n in range(1, 9))
        return "pdf-objects", (b"%PDF-1.4\n" + objs + b"xref\n0 3\ntrailer\n<< /Root 1 0 R >>\n"
                               b"startxref\n9\n%%EOF\n")
    if kind == 3:
        return "json-ish", b"{" + body
    if kind == 4:
        # Valid JSON of odd shapes.
        shapes = [
            {"basics": body.hex()[:200]},
            {"basics": {"name": 5, "profiles": [None, 1, "x"]}, "work": "nope"},
            {"personalInfo": [1, 2, 3]},
            [1, 2, 3],
            {"basics": {"name": "x" * 100_000}},
            {"work": [{"highlights": [{"a": 1}] * 50}] * 50},
        ]
        return "json-shapes", json.dumps(rng.choice(shapes)).encode()
    # A real PDF header with a truncated real file.
    return "pdf-truncated", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n" + body[: size // 2]


def cmd_garbage(a):
    _, cookie = read_accounts(a.accounts)[0]
    rng = random.Random(a.seed)
    files = [garbage_file(rng, i) for i in range(a.count)]
    accounts = read_accounts(a.accounts)
    jobs = []
    for i, (kind, data) in enumerate(files):
        c = accounts[i % len(accounts)][1]
        ctype = "application/json" if kind.startswith("json") else "application/pdf"
        jobs.append(lambda d=data, k=kind, c=c, t=ctype: as_record(
            upload(a.base, c, d, timeout=60, content_type=t), kind=k, bytes=len(d)))
    results = run_parallel(jobs, a.parallel)
    with open(a.log, "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")
    print_results(f"{a.count} garbage files", results)
    for r in results:
        if r["status"] >= 500 or r["status"] == 0:
            print(f"  {r['kind']} ({r['bytes']} bytes): {r['status']} {r.get('body', '')} "
                  f"{r.get('error', '')}", file=sys.stderr)


def pdf_file(objs, version):
    """A PDF file of these objects (numbered from 1, the first the catalog) with its xref table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def cmd_make_pdf(a):
    """A valid one-page résumé PDF of exactly --size bytes: real text, padded by an image that
    is never drawn (as a PDF with a large photo would be)."""
    text = ["Ada Lovelace", "Analyst and Programmer", "ada@example.com  London",
            "Experience", "Analytical Engine, Programmer, 1842 - 1843",
            "Wrote the first published program for a computing machine.",
            "Education", "Private tutoring in mathematics, 1832 - 1840",
            "Skills", "Mathematics, Translation, Notes"]
    ops = ["BT /F1 12 Tf 72 720 Td"]
    for line in text:
        ops.append("(%s) Tj 0 -18 Td" % line.replace("(", "").replace(")", ""))
    ops.append("ET")
    content = "\n".join(ops).encode()

    def build(image_len):
        objs = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> "
            b"/XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width %d /Height 1 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (image_len, image_len)
            + random.Random(5).randbytes(image_len) + b"\nendstream",
        ]
        return pdf_file(objs, b"1.4")

    image_len = a.size
    for _ in range(10):
        pdf = build(image_len)
        if len(pdf) == a.size:
            break
        image_len -= len(pdf) - a.size
    assert len(pdf) == a.size, len(pdf)
    with open(a.out, "wb") as f:
        f.write(pdf)


def trickle_upload(base, cookie, data, seconds, pieces=20):
    """An upload whose body takes `seconds` to arrive: in flight for that long."""
    u = urlsplit(base)
    t0 = now()
    try:
        s = socket.create_connection((u.hostname, u.port), timeout=seconds + 30)
    except OSError as e:
        return {"status": 0, "secs": 0, "error": "connect: " + str(e)}
    try:
        s.sendall((f"POST /api/upload HTTP/1.1\r\nHost: {u.netloc}\r\nCookie: {cookie}\r\n"
                   f"Content-Type: application/pdf\r\nContent-Length: {len(data)}\r\n\r\n").encode())
        step = -(-len(data) // pieces)
        for i in range(0, len(data), step):
            s.sendall(data[i:i + step])
            time.sleep(seconds / pieces)
        status, body = read_response(s)
        rec = {"status": status, "secs": round(now() - t0, 3), "started": round(t0, 3)}
        if status != 200:
            rec["body"] = body[:160].decode("utf-8", "replace")
        return rec
    except OSError as e:
        return {"status": 0, "secs": round(now() - t0, 3), "started": round(t0, 3),
                "error": type(e).__name__ + ": " + str(e)[:100]}
    finally:
        s.close()


def cmd_inflight(a):
    """--count uploads of --file, each trickled over --seconds, all started together."""
    accounts = read_accounts(a.accounts)
    data = open(a.file, "rb").read()
    jobs = [lambda c=accounts[i % len(accounts)][1]: trickle_upload(a.base, c, data, a.seconds)
            for i in range(a.count)]
    for r in run_parallel(jobs, len(jobs)):
        print(json.dumps(r))


def cmd_connect_probe(a):
    """A new connection and GET /healthz every --interval s, until --duration s: when did the
    server stop accepting?"""
    u = urlsplit(a.base)
    end = now() + a.duration
    while now() < end:
        t0 = now()
        try:
            s = socket.create_connection((u.hostname, u.port), timeout=2)
            s.sendall(f"GET /healthz HTTP/1.1\r\nHost: {u.netloc}\r\nConnection: close\r\n\r\n".encode())
            status, _ = read_response(s)
            s.close()
            outcome = status
        except OSError as e:
            outcome = type(e).__name__
        print(json.dumps({"t": round(t0, 3), "outcome": outcome}), flush=True)
        time.sleep(max(0.0, a.interval - (now() - t0)))


def object_stream_bomb(objects=1000, integers=100_000):
    """A few kilobytes of PDF whose object stream lists `objects` objects, all at the offset of
    one array of `integers` zeros (the same file as server/tests/support/hostile.rs builds)."""
    import zlib
    header = "".join(f"{10 + i} 0 " for i in range(objects))
    stream = zlib.compress(header.encode() + b"[" + b"0 " * integers + b"]", 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 10 0 R >>",
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (objects, len(header), len(stream)) + stream + b"\nendstream",
    ]
    return pdf_file(objs, b"1.5")


class HealthProbe:
    """GET /healthz every 100 ms on a thread: the slowest answer and the failures."""

    def __init__(self, base):
        self.base, self.stop, self.slowest, self.failures, self.count = base, False, 0.0, 0, 0
        self.thread = threading.Thread(target=self.run)
        self.thread.start()

    def run(self):
        while not self.stop:
            status, _, _, secs, _ = request(self.base, "GET", "/healthz", timeout=5)
            self.count += 1
            self.slowest = max(self.slowest, secs)
            if status != 200:
                self.failures += 1
            time.sleep(0.1)

    def finish(self):
        self.stop = True
        self.thread.join()
        return {"healthz_probes": self.count, "healthz_failures": self.failures,
                "healthz_slowest_s": round(self.slowest, 3)}


def cmd_hostile(a):
    accounts = read_accounts(a.accounts)
    bomb = object_stream_bomb()
    spray = b'{"basics":{"name":"Ada"},"work":[' + b",".join([b"{}"] * 1_700_000) + b"]}"
    probe = HealthProbe(a.base)
    jobs = [lambda c=accounts[i % len(accounts)][1]: as_record(upload(a.base, c, bomb), kind="pdf")
            for i in range(a.count)]
    jobs += [lambda c=accounts[(i + 20) % len(accounts)][1]:
             as_record(upload(a.base, c, spray, content_type="application/json"), kind="json")
             for i in range(a.count)]
    results = run_parallel(jobs, a.parallel)
    health = probe.finish()
    by = lambda kind: {str(s): sum(1 for r in results if r["kind"] == kind and r["status"] == s)
                       for s in sorted({r["status"] for r in results if r["kind"] == kind})}
    print(json.dumps({"phase": f"{a.count} object-stream PDFs ({len(bomb)} bytes) and {a.count} "
                               f"JSON sprays ({len(spray):,} bytes), {a.parallel} at a time",
                      "pdf_status_counts": by("pdf"), "json_status_counts": by("json"),
                      "max_s": max(r["secs"] for r in results), **health}))


def cmd_mine(a):
    """Account 1 opens --count stalled uploads (headers and the first bytes of a large body, then
    nothing); account 2 then uploads --file. Were account 1's extra uploads refused at once, and
    did account 2 get through without waiting for the slots?"""
    accounts = read_accounts(a.accounts)
    (_, mine), (_, other) = accounts[0], accounts[1]
    u = urlsplit(a.base)
    held, refused = [], 0
    for _ in range(a.count):
        s = socket.create_connection((u.hostname, u.port), timeout=30)
        s.sendall((f"POST /api/upload HTTP/1.1\r\nHost: {u.netloc}\r\nCookie: {mine}\r\n"
                   f"Content-Type: application/pdf\r\nContent-Length: 1000000\r\n\r\n%PDF-1.7\n").encode())
        held.append(s)
    time.sleep(0.5)
    for s in held:
        s.setblocking(False)
        try:
            if re.match(rb"HTTP/1\.[01] 429", s.recv(4096)):
                refused += 1
        except (BlockingIOError, OSError):
            pass
    data = open(a.file, "rb").read()
    status, secs, body, err = upload(a.base, other, data, timeout=60)
    for s in held:
        s.close()
    print(json.dumps({"phase": f"one account holds {a.count} slow uploads; another uploads",
                      "held_uploads_refused_at_once": refused, "other_status": status,
                      "other_secs": round(secs, 3), "other_body": body if status != 200 else ""}))


XSS_PAYLOADS = [
    "</textarea><svg onload=fetch('/api/style',{method:'POST',body:'style=bento'})>",
    "</textarea><img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    "\"><script>alert(3)</script>",
]


def cmd_xss(a):
    """Saves a résumé whose every string is a break-out payload, then reads /dashboard's HTML: no
    payload may appear as markup, and the page must carry a Content-Security-Policy."""
    username, cookie = read_accounts(a.accounts)[-1]
    with open(BASE_RESUME) as f:
        r = json.load(f)
    n = [0]

    def poison(v):
        if isinstance(v, dict):
            return {k: poison(x) for k, x in v.items()}
        if isinstance(v, list):
            return [poison(x) for x in v]
        if isinstance(v, str) and v and not v.startswith("http"):
            n[0] += 1
            return XSS_PAYLOADS[n[0] % len(XSS_PAYLOADS)]
        return v

    r = poison(r)
    # Links and the e-mail address are validated on save: those stay valid (or empty).
    r["personalInfo"]["github"] = ""
    r["personalInfo"]["email"] = "ada@example.org"
    status, data, _, _, err = request(a.base, "POST", "/api/resume/save",
                                      body=json.dumps({"resume": r}).encode(),
                                      headers={"Cookie": cookie, "Content-Type": "application/json",
                                               "Accept": "application/json"}, timeout=30)
    status_d, html, headers, _, _ = request(a.base, "GET", "/dashboard",
                                            headers={"Cookie": cookie}, timeout=30)
    html = html.decode("utf-8", "replace")
    raw = [p for p in ("<svg onload", "<img src=x", "<script>alert") if p in html]
    print(json.dumps({"phase": f"a résumé of {n[0]} break-out strings on /dashboard",
                      "save_status": status, "save_error": "" if status == 200 else data[:200].decode("utf-8", "replace"),
                      "dashboard_status": status_d, "raw_markup_found": raw,
                      "csp": headers.get("content-security-policy", "")}))


def cmd_summary(a):
    records = load_jsonl(a.log)
    print(json.dumps(summarise_writes(records)))


# ----- scale-out (bench/scale-out.sh) ---------------------------------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form_post(base, path, fields, cookie=None, extra=None):
    headers = dict(FORM)
    if cookie:
        headers["Cookie"] = cookie
    headers.update(extra or {})
    c = conn_for(base, 30)
    try:
        c.request("POST", path, body=urlencode(fields), headers=headers)
        r = c.getresponse()
        r.read()
        return r.status, session_cookie(r.getheaders())
    except (OSError, http.client.HTTPException) as e:
        return 0, None
    finally:
        c.close()


def dashboard(base, cookie):
    """POST /api/dashboard with a session: 200 and the person's data, or 401 without a session."""
    return request(base, "POST", "/api/dashboard", body=b"",
                   headers={**FORM, "Cookie": cookie}, timeout=30)


def journey(base, instances, i, password="correct horse battery"):
    """One person's visit; returns the list of what went wrong (empty: everything answered as it
    should)."""
    bad = []
    email = f"mix{i}-{random.randrange(1 << 40):x}@example.org"
    st, first = form_post(base, "/api/sign-up", {"email": email, "password": password},
                          extra={"Accept": "text/html"})
    if st != 302 or not first:
        return [f"sign-up {st}"]
    # Each person from their own address (nginx passes it on; TRUSTED_PROXIES believes it), as
    # people on the internet are: the per-address limit is not what this measures.
    st, second = form_post(base, "/api/sign-in", {"email": email, "password": password},
                           extra={"Accept": "text/html",
                                  "X-Forwarded-For": f"198.18.{i // 250}.{i % 250 + 1}"})
    if st != 302 or not second:
        return [f"sign-in {st}"]
    st, data, _, _, err = dashboard(base, first)
    if st != 200:
        return [f"dashboard {st} {err}"]
    username = json.loads(data)["username"]
    st, _, _, _, err = save(base, second, username, 1, 30)
    if st != 200:
        bad.append(f"save {st} {err}")
    st, _, _, _, err = request(base, "POST", "/api/publish", body=b"live=true",
                               headers={**FORM, "Cookie": second}, timeout=30)
    if st != 200:
        bad.append(f"publish {st} {err}")
    for _ in range(3):
        st, _, _, _, err = request(base, "GET", f"/{username}", timeout=30)
        if st != 200:
            bad.append(f"public page {st} {err}")
    st, _ = form_post(base, "/api/sign-out", {}, cookie=first, extra={"Accept": "text/html"})
    if st != 302:
        bad.append(f"sign-out {st}")
    for inst in instances:
        st, _, _, _, err = dashboard(inst, first)
        if st != 401:
            bad.append(f"signed-out session on {inst}: {st} {err}")
    st, _, _, _, err = dashboard(base, second)
    if st != 200:
        bad.append(f"second session {st} {err}")
    return bad


def cmd_mix(a):
    instances = a.instances.split(",")
    results = [None] * a.people
    rounds_bad = []

    def run(i):
        results[i] = journey(a.base, instances, i)

    requests_per = 9 + len(instances)
    for r in range(a.rounds):
        threads = [threading.Thread(target=run, args=(i,)) for i in range(a.people)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rounds_bad.extend(x for res in results for x in res)
    total = a.rounds * a.people * requests_per
    print(json.dumps({"people": a.people * a.rounds, "requests": total,
                      "failed": len(rounds_bad), "examples": rounds_bad[:5]}))


def cmd_signouts(a):
    instances = a.instances.split(",")
    effective = 0
    for i in range(a.count):
        email = f"out{i}-{random.randrange(1 << 40):x}@example.org"
        st, cookie = form_post(a.base, "/api/sign-up",
                               {"email": email, "password": "correct horse battery"},
                               extra={"Accept": "text/html"})
        if not cookie:
            continue
        # Used on every instance first, so each has had a chance to remember it.
        for inst in instances:
            dashboard(inst, cookie)
        form_post(a.base, "/api/sign-out", {}, cookie=cookie, extra={"Accept": "text/html"})
        gone = all(dashboard(inst, cookie)[0] == 401 for inst in instances)
        effective += gone
    print(json.dumps({"sign_outs": a.count, "effective": effective}))


def cmd_coherence(a):
    """Each round: publish, load the page on every instance (so each caches it), unpublish
    through the balancer, then poll every instance until it answers 404."""
    instances = a.instances.split(",")
    email = f"coh-{random.randrange(1 << 40):x}@example.org"
    username, cookie = sign_up_one(a.base, email, "correct horse battery")
    st, _, _, _, _ = save(a.base, cookie, username, 1, 30)
    worst = []
    for r in range(a.rounds):
        request(a.base, "POST", "/api/publish", body=b"live=true", headers={**FORM, "Cookie": cookie})
        for inst in instances:
            for _ in range(3):
                request(inst, "GET", f"/{username}")
        if a.idle:
            time.sleep(a.idle)
        st, _, _, _, _ = request(a.base, "POST", "/api/publish", body=b"live=false",
                                 headers={**FORM, "Cookie": cookie})
        t0 = now()
        gone = {}
        while len(gone) < len(instances) and now() - t0 < 60:
            for inst in instances:
                if inst not in gone and request(inst, "GET", f"/{username}")[0] == 404:
                    gone[inst] = now() - t0
            time.sleep(0.005)
        worst.append(max(gone.values()) if len(gone) == len(instances) else 60.0)
    print(json.dumps({"rounds": a.rounds, "max_s": round(max(worst), 3),
                      "median_s": round(statistics.median(worst), 3)}))


def cmd_guess(a):
    instances = a.instances.split(",")
    email = f"victim-{random.randrange(1 << 40):x}@example.org"
    owner = f"owner-{random.randrange(1 << 40):x}@example.org"
    for e in (email, owner):
        sign_up_one(a.base, e, "correct horse battery")
    statuses = []
    # A new attacker each run: the counts are in the database and outlive a run.
    attacker = f"198.51.100.{random.randrange(1, 250)}"
    for i in range(a.count):
        inst = instances[i % len(instances)] if a.direct else a.base
        st, _ = form_post(inst, "/api/sign-in", {"email": email, "password": "guess guess"},
                          extra={"X-Forwarded-For": attacker})
        statuses.append(st)
    st, cookie = form_post(a.base, "/api/sign-in",
                           {"email": owner, "password": "correct horse battery"},
                           extra={"Accept": "text/html",
                                  "X-Forwarded-For": f"203.0.113.{random.randrange(1, 250)}"})
    print(json.dumps({"attempts": a.count, "refused": statuses.count(429),
                      "checked": statuses.count(401), "other": len(statuses) - statuses.count(429) - statuses.count(401),
                      "owner_signs_in": st == 302 and cookie is not None}))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", help="http://127.0.0.1:PORT")
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("signup")
    s.add_argument("--prefix", default="writer")
    s.add_argument("--count", type=int, required=True)
    s.add_argument("--parallel", type=int, default=4)

    s = sub.add_parser("publish")
    s.add_argument("--accounts", required=True)
    s.add_argument("--live", type=int, required=True, help="publish the first N")

    s = sub.add_parser("write")
    s.add_argument("--accounts", required=True)
    s.add_argument("--duration", type=float, required=True)
    s.add_argument("--rate", type=float, default=10, help="saves per second, in all")
    s.add_argument("--concurrency", type=int, default=4)
    s.add_argument("--timeout", type=float, default=10)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--log", required=True)

    s = sub.add_parser("verify")
    s.add_argument("--accounts", required=True)
    s.add_argument("--log", required=True)
    s.add_argument("--vitae", required=True, help="the vitae binary (DATABASE_URL from the env)")

    s = sub.add_parser("probe")
    s.add_argument("--pages", required=True)
    s.add_argument("--duration", type=float, required=True)
    s.add_argument("--interval", type=float, default=0.1)
    s.add_argument("--timeout", type=float, default=10)
    s.add_argument("--log", required=True)

    s = sub.add_parser("fault-report")
    s.add_argument("--probe", required=True)
    s.add_argument("--writes", required=True)
    s.add_argument("--down", type=float, required=True)
    s.add_argument("--up", type=float, required=True)

    s = sub.add_parser("uploads")
    s.add_argument("--accounts", required=True)
    s.add_argument("--file", required=True)
    s.add_argument("--count", type=int, default=50)
    s.add_argument("--log", required=True)

    s = sub.add_parser("big")
    s.add_argument("--accounts", required=True)
    s.add_argument("--count", type=int, default=20)
    s.add_argument("--size", type=int, default=50 * 1024 * 1024)
    s.add_argument("--parallel", type=int, default=4)
    s.add_argument("--log", required=True)

    s = sub.add_parser("slow")
    s.add_argument("--accounts", required=True)
    s.add_argument("--what", choices=["body", "headers"], default="body")
    s.add_argument("--give-up", type=float, default=200)

    s = sub.add_parser("garbage")
    s.add_argument("--accounts", required=True)
    s.add_argument("--count", type=int, default=1000)
    s.add_argument("--parallel", type=int, default=4)
    s.add_argument("--seed", type=int, default=9)
    s.add_argument("--log", required=True)

    s = sub.add_parser("hostile")
    s.add_argument("--accounts", required=True)
    s.add_argument("--count", type=int, default=16)
    s.add_argument("--parallel", type=int, default=16)

    s = sub.add_parser("mine")
    s.add_argument("--accounts", required=True)
    s.add_argument("--file", required=True)
    s.add_argument("--count", type=int, default=16)

    s = sub.add_parser("xss")
    s.add_argument("--accounts", required=True)

    s = sub.add_parser("summary")
    s.add_argument("--log", required=True)

    s = sub.add_parser("inflight")
    s.add_argument("--accounts", required=True)
    s.add_argument("--file", required=True)
    s.add_argument("--count", type=int, default=4)
    s.add_argument("--seconds", type=float, default=3)

    s = sub.add_parser("connect-probe")
    s.add_argument("--duration", type=float, required=True)
    s.add_argument("--interval", type=float, default=0.05)

    s = sub.add_parser("make-pdf")
    s.add_argument("--size", type=int, required=True, help="bytes, exactly")
    s.add_argument("--out", required=True)

    s = sub.add_parser("mix")
    s.add_argument("--instances", required=True, help="comma-separated base URLs")
    s.add_argument("--people", type=int, default=16)
    s.add_argument("--rounds", type=int, default=4)

    s = sub.add_parser("signouts")
    s.add_argument("--instances", required=True)
    s.add_argument("--count", type=int, default=24)

    s = sub.add_parser("coherence")
    s.add_argument("--instances", required=True)
    s.add_argument("--rounds", type=int, default=20)
    s.add_argument("--idle", type=float, default=0, help="seconds of quiet before unpublishing")

    s = sub.add_parser("guess")
    s.add_argument("--instances", required=True)
    s.add_argument("--count", type=int, default=30)
    s.add_argument("--direct", action="store_true", help="round-robin over the instances ourselves")

    a = p.parse_args()
    {
        "signup": cmd_signup, "publish": cmd_publish, "write": cmd_write, "verify": cmd_verify,
        "probe": cmd_probe, "fault-report": cmd_fault_report, "uploads": cmd_uploads,
        "big": cmd_big, "slow": cmd_slow, "garbage": cmd_garbage, "summary": cmd_summary,
        "make-pdf": cmd_make_pdf, "inflight": cmd_inflight, "connect-probe": cmd_connect_probe,
        "hostile": cmd_hostile, "mine": cmd_mine, "xss": cmd_xss, "mix": cmd_mix,
        "signouts": cmd_signouts, "coherence": cmd_coherence, "guess": cmd_guess,
    }[a.cmd](a)


if __name__ == "__main__":
    main()
