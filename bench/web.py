#!/usr/bin/env python3
"""Figures of `sigce web` for bench/run, against the command line in the same run.

  web.py SIGCE FORM30 FORM100K WORKDIR RUNS

Starts `sigce web --no-abrir --puerto 0` (as tests/common/web.rs does: the
link on its first line carries the session token, sent back as the
`sigce_sesion` cookie; uploads carry the page's own Origin) and prints, one
per line, `name value`:

  ttfb_home / ttfb_validar   time to the first byte of / and /validar (median, s)
  web30 / cli30              30-row form: upload -> result page, and `sigce validar` (median, s)
  web100k / cli100k          100k-row form, the same (median, s)
  web100k_rss / cli100k_rss  peak resident memory (kB): the server that validated only
                             that upload, and the command line on the same file

Medians of RUNS, each web run interleaved with a CLI run of the same file.
"""
import http.client
import os
import statistics
import subprocess
import sys
import time

BOUNDARY = "----sigcebench7MA4YWxkTrZu0gW"


class Server:
    def __init__(self, sigce, workdir):
        env = dict(os.environ, TMPDIR=workdir)
        self.proc = subprocess.Popen(
            [sigce, "web", "--no-abrir", "--puerto", "0"],
            cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline().decode()
        url = next(w for w in line.split() if w.startswith("http://"))
        self.port = int(url[len("http://127.0.0.1:"):].split("/")[0])
        self.token = url.split("t=")[1].strip()
        self.cookie = f"sigce_sesion={self.token}"
        self.origin = f"http://127.0.0.1:{self.port}"

    def conn(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def ttfb(self, path):
        c = self.conn()
        start = time.perf_counter()
        c.request("GET", path, headers={"Cookie": self.cookie})
        r = c.getresponse()
        r.read(1)
        first = time.perf_counter() - start
        r.read()
        c.close()
        if r.status != 200:
            sys.exit(f"GET {path}: {r.status}")
        return first

    def upload(self, name, data):
        body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"formatos\"; "
                f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
        body += data + f"\r\n--{BOUNDARY}--\r\n".encode()
        start = time.perf_counter()
        c = self.conn()
        c.request("POST", "/validar", body=body, headers={
            "Cookie": self.cookie, "Origin": self.origin,
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
        r = c.getresponse()
        r.read()
        location = r.getheader("Location")
        if r.status not in (302, 303) or not location:
            sys.exit(f"POST /validar: {r.status}")
        c.request("GET", location, headers={"Cookie": self.cookie})
        page = c.getresponse()
        page.read()
        c.close()
        if page.status != 200:
            sys.exit(f"GET {location}: {page.status}")
        return time.perf_counter() - start

    def peak_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def cli(sigce, path, out):
    start = time.perf_counter()
    subprocess.run([sigce, "validar", "--salida", out, path],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cli_peak_kb(sigce, path, out):
    """Peak RSS of one `sigce validar`, from wait4 of that child alone."""
    p = subprocess.Popen([sigce, "validar", "--salida", out, path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return usage.ru_maxrss


def main():
    sigce, form30, form100k, work, runs = sys.argv[1:6]
    runs = int(runs)
    out = os.path.join(work, "web_cli_out")
    os.makedirs(out, exist_ok=True)
    s = Server(sigce, work)
    try:
        s.ttfb("/")  # first request warms nothing up but the connection path
        print("ttfb_home", statistics.median(s.ttfb("/") for _ in range(max(runs, 10))))
        print("ttfb_validar", statistics.median(s.ttfb("/validar") for _ in range(max(runs, 10))))
        data30 = open(form30, "rb").read()
        web, line = [], []
        for _ in range(max(runs, 10)):
            web.append(s.upload(os.path.basename(form30), data30))
            line.append(cli(sigce, form30, out))
        print("web30", statistics.median(web))
        print("cli30", statistics.median(line))
    finally:
        s.stop()
    data = open(form100k, "rb").read()
    web, line, rss = [], [], []
    for _ in range(runs):
        s = Server(sigce, work)
        try:
            web.append(s.upload(os.path.basename(form100k), data))
            rss.append(s.peak_kb())
        finally:
            s.stop()
        line.append(cli(sigce, form100k, out))
    print("web100k", statistics.median(web))
    print("cli100k", statistics.median(line))
    print("web100k_rss", statistics.median(rss))
    print("cli100k_rss", cli_peak_kb(sigce, form100k, out))


if __name__ == "__main__":
    main()
