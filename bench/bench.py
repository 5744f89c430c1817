#!/usr/bin/env python3
"""The benchmark (bench/run calls it after building): every figure
as a ratio to a floor measured in the same run, runs of the floor and of
sigce interleaved, medians; peak resident memory from wait4 of each child.

  bench.py TARGET_DIR WORK_DIR [--rapido] [--solo NAME,...] [--sigce PATH] [--corridas N]

Data comes from bench/gen_forms.py (realistic forms: mixed case, accents and
Ñ, ~5 % defective rows) and is cached in WORK_DIR. --rapido: 100k-row files
become 20k, 1M become 100k, fewer runs; the ratios, not the seconds, compare.
--sigce: another binary (an older build, to compare a change).
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd, check_codes=(0, 1)):
    """Seconds and peak RSS (kB) of one child; exit codes outside check_codes are reported."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in check_codes:
        print(f"AVISO: {' '.join(cmd)} terminó con código {code}: {err[:400].decode(errors='replace')}",
              file=sys.stderr)
    return seconds, usage.ru_maxrss, code


def interleaved(cmds, runs):
    """Each command `runs` times, in turn; median seconds and max peak RSS of each."""
    times = [[] for _ in cmds]
    peaks = [0 for _ in cmds]
    codes = [0 for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            t, m, c = run(cmd)
            times[i].append(t)
            peaks[i] = max(peaks[i], m)
            codes[i] = c
    return [(statistics.median(t), p, c) for t, p, c in zip(times, peaks, codes)]


class Data:
    def __init__(self, work, bins):
        self.work = work
        self.bins = bins

    def gen(self, name, rows, *extra):
        path = os.path.join(self.work, f"{name}.csv")
        if not os.path.exists(path):
            tmp = os.path.join(self.work, "gen")
            subprocess.run([sys.executable, os.path.join(HERE, "gen_forms.py"), "--rows", str(rows),
                            "--out-dir", tmp, "--prefix", "g_", *extra], check=True,
                           stderr=subprocess.DEVNULL)
            produced = [f for f in os.listdir(tmp) if f.endswith(".csv")]
            os.rename(os.path.join(tmp, produced[0]), path)
            for f in os.listdir(tmp):
                os.remove(os.path.join(tmp, f))
        return path

    def xlsx(self, csv_path):
        path = csv_path[:-4] + ".xlsx"
        if not os.path.exists(path):
            subprocess.run([os.path.join(self.bins, "examples", "csv_a_xlsx"), csv_path, path], check=True)
        return path

    def folder(self, forms, rows):
        """`forms` XLSX forms of `rows` rows each, different people in each."""
        folder = os.path.join(self.work, f"carpeta{forms}x{rows}")
        if os.path.isdir(folder) and len(os.listdir(folder)) == forms:
            return folder
        os.makedirs(folder, exist_ok=True)
        whole = self.gen(f"carpeta{forms}x{rows}", forms * rows)
        with open(whole, newline="", encoding="utf-8") as f:
            records = list(csv.reader(f))
        header, body = records[0], records[1:]
        for k in range(forms):
            part = os.path.join(folder, f"f{k:03}.csv")
            with open(part, "w", newline="", encoding="utf-8") as out:
                w = csv.writer(out, lineterminator="\n")
                w.writerow(header)
                w.writerows(body[k * rows:(k + 1) * rows])
            self.xlsx(part)
            os.remove(part)
        return folder


def secs(t):
    return f"{t * 1000:.1f} ms" if t < 1 else f"{t:.2f} s"


def mb(kb):
    return f"{kb / 1024:,.0f} MB".replace(",", ".")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("target")
    ap.add_argument("work")
    ap.add_argument("--rapido", action="store_true")
    ap.add_argument("--solo", default="")
    ap.add_argument("--sigce")
    ap.add_argument("--corridas", type=int, help="runs of each command (3; 1 with --rapido)")
    a = ap.parse_args()
    only = set(filter(None, a.solo.split(",")))
    want = lambda name: not only or name in only  # noqa: E731
    bins = os.path.abspath(a.target)
    sigce = os.path.abspath(a.sigce or os.path.join(bins, "sigce"))
    floor = os.path.join(bins, "examples", "piso")
    os.makedirs(a.work, exist_ok=True)
    out = os.path.join(a.work, "out")
    os.makedirs(out, exist_ok=True)
    d = Data(a.work, bins)
    small, large = (20_000, 100_000) if a.rapido else (100_000, 1_000_000)
    runs = a.corridas or (1 if a.rapido else 3)
    label = lambda n: f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"  # noqa: E731
    rows = []

    def versus(name, sigce_cmd, floor_cmd, target, n=runs):
        (st, sm, sc), (ft, fm, _) = interleaved([sigce_cmd, floor_cmd], n)
        note = "" if sc in (0, 1) else f" (código {sc})"
        rows.append((name, secs(st) + note, secs(ft), f"{st / ft:.2f}×", mb(sm), target))
        print(f"# {name}: {st:.3f} s / {ft:.3f} s = {st / ft:.2f}×, {mb(sm)} (piso {mb(fm)})",
              file=sys.stderr, flush=True)

    validate = [sigce, "validar", "--salida", out]
    if want("xlsx"):
        f = d.xlsx(d.gen(f"tipico_{label(small)}", small))
        versus(f"{label(small)} filas XLSX (típico) → XLSX", validate + [f],
               [floor, "xlsx", f, os.path.join(out, "piso.xlsx")], "≤ 1,5×")
    if want("csv"):
        f = d.gen(f"tipico_{label(large)}", large)
        versus(f"{label(large)} filas CSV (típico) → CSV", validate + ["--formato", "csv", f],
               [floor, "csv", f, os.path.join(out, "piso.csv")], "≤ 4×; ≤ 600 MB (1M)")
    if want("pocos"):
        n = small * 8 // 10
        f = d.gen(f"pocos_{label(n)}", n, "--defect-rate", "0.025", "--second-surname-rate", "1")
        versus(f"{label(n)} filas CSV, ~3 % rechazadas → CSV", validate + ["--formato", "csv", f],
               [floor, "csv", f, os.path.join(out, "piso.csv")], "—")
    if want("malo"):
        for n in (small, large):
            f = d.gen(f"malo_{label(n)}", n, "--shared-mailboxes")
            versus(f"{label(n)} filas CSV, lote malo (correos compartidos)",
                   validate + ["--formato", "csv", f], [floor, "csv", f, os.path.join(out, "piso.csv")],
                   "termina; ≤ 1,5 GB (1M)")
    if want("correo"):
        n = small * 2
        one = d.gen(f"un_correo_{label(n)}", n, "--one-mailbox", "secretaria@colegio.edu.co")
        distinct = d.gen(f"tipico_{label(n)}", n)
        versus(f"{label(n)} filas con un mismo correo, frente a {label(n)} distintas",
               validate + ["--formato", "csv", one], validate + ["--formato", "csv", distinct], "≤ 2×")
    if want("30"):
        f = d.xlsx(d.gen("tipico_30", 30))
        versus("formato de 30 filas, frente a `sigce --version`", validate + [f], [sigce, "--version"],
               "≤ 3×", n=10)
    if want("500"):
        folder = d.folder(500, 30)
        (one, _, _), (two, _, _) = interleaved(
            [validate + ["--hilos", "1", folder], validate + ["--hilos", "2", folder]], 2 if a.rapido else 5)
        rows.append(("500 formatos de 30 filas, 2 hilos frente a 1", secs(two), secs(one),
                     f"{one / two:.2f}× más rápido", "", "≥ 1,7× más rápido"))
    if want("web"):
        f30 = d.xlsx(d.gen("tipico_30", 30))
        fbig = d.xlsx(d.gen(f"tipico_{label(small)}", small))
        res = subprocess.run([sys.executable, os.path.join(HERE, "web.py"), sigce, f30, fbig, a.work,
                              str(runs)], capture_output=True, text=True)
        if res.returncode != 0:
            print(f"AVISO: web.py: {res.stderr[-600:]}", file=sys.stderr)
        else:
            w = dict((k, float(v)) for k, v in (line.split() for line in res.stdout.split("\n") if line))
            rows.append(("web: primer byte de /", f"{w['ttfb_home'] * 1000:.1f} ms", "", "", "", "< 200 ms"))
            rows.append(("web: primer byte de /validar", f"{w['ttfb_validar'] * 1000:.1f} ms", "", "", "",
                         "< 200 ms"))
            rows.append(("web: formato de 30 filas, subir → resultado", f"{w['web30']:.3f} s",
                         f"{w['cli30']:.3f} s (CLI)", f"{w['web30'] / w['cli30']:.2f}×", "", "≤ 1,5×"))
            rows.append((f"web: {label(small)} filas XLSX, subir → resultado", f"{w['web100k']:.2f} s",
                         f"{w['cli100k']:.2f} s (CLI)", f"{w['web100k'] / w['cli100k']:.2f}×",
                         f"{mb(w['web100k_rss'])} (CLI {mb(w['cli100k_rss'])}, "
                         f"{w['web100k_rss'] / w['cli100k_rss']:.2f}×)", "≤ 1,2× tiempo y memoria"))

    print("| medida | sigce | piso | razón | memoria pico | meta |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    with open("/proc/cpuinfo") as f:
        model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"\nMáquina: {os.cpu_count()} núcleos ({model}), {os.uname().sysname} {os.uname().release}; "
          f"carga al terminar {' '.join(load)}; {'--rapido, ' if a.rapido else ''}medianas de {runs} "
          f"(30 filas: de 10); archivos en {a.work}")


if __name__ == "__main__":
    main()
