#!/usr/bin/env python3
"""Synthetic Colombian user-creation form generator (benchmark data only).

Writes UTF-8, comma-separated CSV files with 12 Spanish header columns.
One deterministic pass: for sizes 10k/100k/1M the smaller files are exact
prefixes of the larger ones (same seed, same row sequence).

About 5% of rows carry exactly one defect:
  dane11      CODIGO DANE with 11 digits instead of 12
  bad_email   malformed CORREO ELECTRONICO
  two_phones  two numbers in TELEFONO ("3001234567 / 3112223344")
  no_surname  empty PRIMER APELLIDO
  dup_doc     NUMERO DE DOCUMENTO repeating an earlier row's (the later one is the defect)
Clean rows still have "noise" a validator must normalize: mixed case,
surrounding spaces in names, accents and Ñ, empty optional columns.

Usage:
  python3 gen_forms.py                      # 10k, 100k, 1M into bench/work/data
  python3 gen_forms.py --rows 5000 --out-dir work/x --seed 7
  python3 gen_forms.py --rows 200000 --one-mailbox secretaria@colegio.edu.co
                                            # every row with the same e-mail (duplicate stress)
A sidecar <file>.truth.json records the defect counts and expected valid rows.
"""
import argparse
import csv
import json
import os
import random
import sys

HEADERS = [
    "PRIMER NOMBRE", "SEGUNDO NOMBRE", "PRIMER APELLIDO", "SEGUNDO APELLIDO",
    "TIPO DE DOCUMENTO", "NUMERO DE DOCUMENTO", "PERFIL", "CODIGO DANE",
    "CORREO ELECTRONICO", "CARGO", "CORREO ALTERNO", "TELEFONO",
]

FIRST_NAMES = [
    "José", "María", "Jesús", "Andrés", "Sebastián", "Martín", "Nicolás", "Tomás",
    "Inés", "Ángela", "Mónica", "Verónica", "Sofía", "Lucía", "Valentina", "Camila",
    "Julián", "Germán", "Hernán", "Ramón", "Joaquín", "Iván", "Óscar", "Víctor",
    "Begoña", "Yolanda", "Luz", "Ana", "Carlos", "Juan", "Luis", "Jorge", "Diana",
    "Paola", "Natalia", "Alejandra", "Daniela", "Santiago", "Mateo", "Samuel",
    "Isabella", "Mariana", "Gabriela", "Felipe", "Esteban", "Cristian", "Yeison",
    "Leidy", "Jhon", "Wilson", "Édgar", "Fabián", "Adrián", "Rubén", "Elkin",
    "Nubia", "Gloria", "Marlén", "Rocío", "Milena", "Piedad", "Dolores", "Consuelo",
]
MIDDLE_NAMES = FIRST_NAMES + ["del Carmen", "de Jesús", "Fernanda", "Andrea", "Eduardo", "Ignacio"]
SURNAMES = [
    "Muñoz", "Núñez", "Ibáñez", "Peña", "Castañeda", "Zúñiga", "Patiño", "Londoño",
    "Ordóñez", "Carreño", "Avendaño", "Cañón", "Gómez", "Rodríguez", "Martínez",
    "Pérez", "Sánchez", "Ramírez", "Hernández", "Díaz", "Jiménez", "Vásquez",
    "Gutiérrez", "Chávez", "Fernández", "García", "López", "González", "Rojas",
    "Castro", "Vargas", "Ortiz", "Ríos", "Suárez", "Quiñones", "Beltrán", "Agudelo",
    "Cárdenas", "Guzmán", "Ospina", "Restrepo", "Álvarez", "Montaño", "Cortés",
    "Mejía", "Acuña", "Salazar", "Osorio", "Mosquera", "Córdoba", "Palacios",
    "Valencia", "Arango", "Bermúdez", "De la Hoz", "Del Castillo", "Santamaría",
    "Ñañez", "Yáñez", "Urrego", "Zapata", "Echeverri", "Buitrago", "Cifuentes",
]
CARGOS = [
    "Rector", "Rectora", "Coordinador", "Coordinadora Académica", "Docente",
    "Docente de Aula", "Secretaria", "Secretario Académico", "Profesional Universitario",
    "Profesional Especializado", "Técnico Administrativo", "Auxiliar Administrativo",
    "Líder de Calidad", "Directivo Docente", "Orientadora Escolar", "Pagador",
    "Bibliotecaria", "Almacenista", "Asesor de Planeación", "Jefe de Núcleo",
]
PERFILES = ["Funcionario Secretaria", "Funcionario Establecimiento Educativo", "Funcionario MEN"]
PERFIL_W = [30, 60, 10]
TIPOS = ["CC", "CE", "TI"]
TIPO_W = [90, 7, 3]
# real DIVIPOLA municipality codes (Bogotá, Medellín, Cali, Barranquilla, ...)
MUNICIPIOS = [
    "11001", "05001", "76001", "08001", "13001", "68001", "54001", "66001",
    "17001", "73001", "41001", "52001", "23001", "20001", "47001", "50001",
    "63001", "19001", "70001", "15001", "25754", "05360", "05088", "25286",
    "27001", "44001", "18001", "85001", "81001", "86001", "91001", "99001",
]
MAIL_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.es", "outlook.com"]
INST_DOMAINS = ["educacionbogota.edu.co", "mineducacion.gov.co", "sedmedellin.gov.co",
                "semcali.edu.co", "educacioncartagena.gov.co"]
DEFECTS = ["dane11", "bad_email", "two_phones", "no_surname", "dup_doc"]

FOLD = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")


def ascii_slug(s):
    return s.translate(FOLD).lower().replace(" ", "")


def mixed_case(rng, s):
    r = rng.random()
    if r < 0.55:
        return s
    if r < 0.80:
        return s.upper()
    if r < 0.95:
        return s.lower()
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in s)


def noisy(rng, s):
    s = mixed_case(rng, s)
    if rng.random() < 0.03:
        s = " " + s + "  "
    return s


def phone(rng):
    return "3" + str(rng.randrange(0, 10**9)).zfill(9)


def make_rows(rng, n, defect_rate, unique_emails=True, second_surname=0.85):
    """Yield (row, defect_or_None). With unique_emails, every person has their own mailbox (as in a
    real batch); without, the small name pool makes many people share one (a stress case: most rows
    are then rejected as CORREO_DUPLICADO)."""
    used_docs = set()
    used_emails = set()
    docs = []  # for dup_doc picks
    for i in range(n):
        defect = rng.choice(DEFECTS) if rng.random() < defect_rate else None
        if defect == "dup_doc" and not docs:
            defect = None
        p1 = rng.choice(FIRST_NAMES)
        p2 = rng.choice(MIDDLE_NAMES) if rng.random() < 0.6 else ""
        a1 = rng.choice(SURNAMES)
        a2 = rng.choice(SURNAMES) if rng.random() < second_surname else ""
        tipo = rng.choices(TIPOS, TIPO_W)[0]
        if defect == "dup_doc":
            doc = docs[rng.randrange(len(docs))]
        else:
            while True:
                ndig = rng.randint(6, 10)
                doc = str(rng.randrange(10 ** (ndig - 1), 10 ** ndig))
                if doc not in used_docs:
                    break
            used_docs.add(doc)
            docs.append(doc)
        perfil = rng.choices(PERFILES, PERFIL_W)[0]
        dane = str(rng.randint(1, 4)) + rng.choice(MUNICIPIOS) + str(rng.randrange(0, 10**6)).zfill(6)
        if defect == "dane11":
            dane = dane[:-1]
        user = ascii_slug(p1) + "." + ascii_slug(a1 or rng.choice(SURNAMES))
        if rng.random() < 0.3:
            user += str(rng.randrange(1, 100))
        dom = rng.choice(INST_DOMAINS) if perfil != "Funcionario Establecimiento Educativo" or rng.random() < 0.5 \
            else rng.choice(MAIL_DOMAINS)
        if unique_emails and (user + "@" + dom) in used_emails:
            user += str(i)
        used_emails.add(user + "@" + dom)
        email = user + "@" + dom
        if defect == "bad_email":
            k = rng.randrange(4)
            email = [user + dom, user + "@" + dom.split(".")[0], user + " @" + dom, user + "@@" + dom][k]
        if rng.random() < 0.2:
            email = email.upper()
        alt = ""
        if rng.random() < 0.4:
            alt = ascii_slug(p1) + str(rng.randrange(10, 9999)) + "@" + rng.choice(MAIL_DOMAINS)
        tel = phone(rng)
        if defect == "two_phones":
            tel = tel + rng.choice([" / ", " - ", ";"]) + phone(rng)
        if defect == "no_surname":
            a1 = ""
        row = [noisy(rng, p1), noisy(rng, p2) if p2 else "", noisy(rng, a1) if a1 else "",
               noisy(rng, a2) if a2 else "", tipo, doc, perfil, dane, email,
               mixed_case(rng, rng.choice(CARGOS)), alt, tel]
        yield row, defect


def label(n):
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--out-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "data"))
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--defect-rate", type=float, default=0.05)
    ap.add_argument("--prefix", default="forms_")
    ap.add_argument("--shared-mailboxes", action="store_true",
                    help="let people share e-mails (stress case: most rows rejected as duplicates)")
    ap.add_argument("--second-surname-rate", type=float, default=0.85,
                    help="share of people with a second surname (the rest are rejected: it is required)")
    ap.add_argument("--one-mailbox", metavar="EMAIL",
                    help="write this one e-mail for every row (the worst grouping for duplicate rules)")
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    sizes = sorted(set(a.rows))
    rng = random.Random(a.seed)
    outs = []
    for n in sizes:
        path = os.path.join(a.out_dir, f"{a.prefix}{label(n)}.csv")
        f = open(path, "w", encoding="utf-8", newline="")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADERS)
        outs.append({"n": n, "path": path, "f": f, "w": w, "defects": dict.fromkeys(DEFECTS, 0)})
    active = list(outs)
    for i, (row, defect) in enumerate(make_rows(rng, sizes[-1], a.defect_rate, not a.shared_mailboxes,
                                                   a.second_surname_rate)):
        while active and active[0]["n"] <= i:
            active.pop(0)
        if a.one_mailbox:
            row[8] = a.one_mailbox
        for o in active:
            o["w"].writerow(row)
            if defect:
                o["defects"][defect] += 1
    for o in outs:
        o["f"].close()
        bad = sum(o["defects"].values())
        truth = {"rows": o["n"], "seed": a.seed, "defects": o["defects"],
                 "defective_rows": bad, "expected_valid_rows": o["n"] - bad}
        with open(o["path"] + ".truth.json", "w") as t:
            json.dump(truth, t, indent=1)
        print(f"{o['path']}: {o['n']} rows, {bad} defective, {os.path.getsize(o['path'])} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
