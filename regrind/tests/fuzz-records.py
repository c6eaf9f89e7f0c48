#!/usr/bin/env python3
"""Mutate decoded records of a real trace and require a safe replay.

Usage: fuzz-records.py [--count N] [--jobs J] [--seed S] [--only I]
                       [--timeout T] [--chunk-kb K] PROG [ARGS...]

Records PROG ARGS (K KiB chunks, default 4, so that there are many),
decodes every
chunk into records and every record into fields (trace-edit.py), then
makes N mutations, each of one kind:

  field    a varint field (thread, instruction count, syscall number,
           argument, file size/offset/identity, END fields...) set to an
           edge value
  length   the length of a blob (a FILE record's embedded bytes, a
           region, a path...) changed, the bytes that follow kept
  count    a count (arguments, regions, argv, environment, files,
           values) changed
  kind     a record's kind byte changed
  signal   a signal number set to 0, 9, 19, 65...
  result   the result of a read/write-like syscall or an mmap/brk set to
           exceed its count, to an error, to an address...
  address  a memory region's address (or a shared load's) moved out of
           its buffer: to 0, Valgrind's own memory, the program's code
  records  a record deleted, duplicated or swapped with the next
  empty    an empty chunk inserted between two chunks
  chunk    a chunk header's raw length or method changed
  cutoff   a chunk's header zeroed and the file cut inside it (what a
           recorder killed while streaming a big record leaves)

then rewrites the chunks with fresh checksums and lengths, and replays
it with $VALGRIND (default valgrind).  Outcomes:

  error    a `regrind:` error line and a non-zero exit: good
  same     exit 0 with the output of the undamaged replay (the edit did
           not matter, e.g. an argument the syscall does not take): good
  BAD      a Valgrind panic or assertion, death by a signal, a hang
           (--timeout, default 60 s), exit 0 with other output, or a
           non-zero exit without a `regrind:` line

When $REGRIND_DUMP is set, regrind-dump must also read each mutation
without dying (exit 0, or 2 with a `regrind-dump:` line).  Mutation I is
made from a generator seeded with "S:I", so `--seed S --only I` replays
one failure.  Prints each BAD one with its seed, index and description,
then counts by kind and outcome; exits 1 if any was BAD.
"""
import importlib.util
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import concurrent.futures as cf

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "trace_edit", os.path.join(here, "trace-edit.py"))
te = importlib.util.module_from_spec(spec)
spec.loader.exec_module(te)

BAD_RE = re.compile(r"the 'impossible' happened|VEX|vex:|Valgrind: FATAL|aspacem|"
                    r"Assertion '|assertion failed|valgrind: m_|"
                    r"INTERNAL ERROR|Segmentation fault|sched status", re.I)

KINDS = [("field", 26), ("length", 14), ("count", 8), ("kind", 7),
         ("signal", 7), ("result", 12), ("address", 10), ("records", 6),
         ("empty", 4), ("chunk", 3), ("cutoff", 3)]

# Fields whose value is what the program observed, not structure:
# changing them changes what replay gives the program, which is right.
DATA_ROLES = {"ndvalue", "time", "chaos", "result"}

EDGE = [0, 1, 2, 0x7F, 0x80, 0xFFFF, 1 << 31, (1 << 32) - 1, 1 << 32,
        1 << 47, 1 << 63, (1 << 64) - 1]
FAR_ADDRS = [0, 0x1000, 0x400000, 0x58000000, 0x58100000, 0x1002000000,
             0x4000000000, (1 << 47) - 0x1000, (1 << 64) - 16]
# read, write, pread64, writev, mmap, brk, readlink, getrandom
RESULT_SYS = {0, 1, 17, 20, 9, 12, 89, 318}


def edge_values(rng, v):
    c = list(EDGE) + [v + 1, v * 2 + 1, v ^ (1 << rng.randrange(64))]
    if v > 0:
        c.append(v - 1)
    return [x & ((1 << 64) - 1) for x in c if x != v]


def mutate(hdr, chunks, rng):
    """Returns (description, file bytes) of one mutation of the trace."""
    chunks = [[bytearray(r) for r in c] for c in chunks]
    trace_id = struct.unpack_from("<Q", hdr, 16)[0]
    allrecs = [(ci, ri) for ci, c in enumerate(chunks) for ri in range(len(c))]
    kind = rng.choices([k for k, w in KINDS], [w for k, w in KINDS])[0]

    def pick_field(pred):
        cands = []
        for ci, ri in allrecs:
            for f in te.fields(chunks[ci][ri]):
                if pred(chunks[ci][ri], f):
                    cands.append((ci, ri, f))
        return rng.choice(cands) if cands else None

    def set_at(ci, ri, f, val, what):
        chunks[ci][ri] = te.set_field(chunks[ci][ri], f, val)
        return "%s: record %d of chunk %d (kind %d), %s %d -> %d" % (
            what, ri, ci, chunks[ci][ri][0], f.role, f.value, val)

    desc = None
    if kind == "field":
        p = pick_field(lambda r, f: f.type in ("v", "z")
                       and f.role not in DATA_ROLES
                       and not f.role.endswith(("argc", "envc", "nargs",
                                                "nregions", "nfiles",
                                                "nvalues")))
        desc = set_at(*p, rng.choice(edge_values(rng, p[2].value)), kind)
    elif kind == "length":
        p = pick_field(lambda r, f: f.type == "len" and (
            f.role in ("file.emb.len", "region.len") or rng.random() < 0.3))
        n = p[2].value
        val = rng.choice([n + 1, n + 7, 2 * n + 1, 65536, 1 << 20, 64 << 20,
                          1 << 32, 1 << 63] + ([n - 1, 0] if n else []))
        desc = set_at(*p, val, kind)
    elif kind == "count":
        p = pick_field(lambda r, f: f.role in ("argc", "envc", "nargs",
                                               "nregions", "nfiles",
                                               "nvalues"))
        n = p[2].value
        desc = set_at(*p, rng.choice([0, n + 1, n + 2, 1 << 20, 1 << 32,
                                      1 << 63] + ([n - 1] if n else [])),
                      kind)
    elif kind == "kind":
        ci, ri = rng.choice(allrecs)
        f = te.fields(chunks[ci][ri])[0]
        desc = set_at(ci, ri, f, rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                                             10, 127, 255]), kind)
    elif kind == "signal":
        p = pick_field(lambda r, f: f.role == "signo")
        if p is None:
            kind = "field"
            p = pick_field(lambda r, f: f.role == "sysno")
        desc = set_at(*p, rng.choice([0, 9, 19, 32, 64, 65, 200, 1 << 32,
                                      (1 << 32) + 10, 1 << 63]), kind)
    elif kind == "result":
        def is_res(r, f):
            return f.role == "result" and r[0] == te.SYSCALL and \
                te.fields(r)[3].value in RESULT_SYS
        ci, ri, f = pick_field(is_res)
        fs = te.fields(chunks[ci][ri])
        args = [x.value for x in fs if x.role.startswith("arg")]
        cnt = args[2] if len(args) > 2 else 0
        v = f.value
        big = [1 << 20, 1 << 40, -4096, -(1 << 62)]
        if fs[3].value != 20:          # writev's count is of iovecs
            big += [cnt + 1, cnt * 2 + 100]
        if fs[3].value in (1, 20):
            # A write's error or short count is what the program saw,
            # which replay gives it: only impossible ones are damage.
            val = rng.choice(big)
        else:
            val = rng.choice(big + [v + 1, v - 1, 0, -1, -14, -4095,
                                    1 << 62] + FAR_ADDRS[1:6])
        desc = set_at(ci, ri, f, val, kind)
    elif kind == "address":
        p = pick_field(lambda r, f: f.role in ("region.addr", "load.addr"))
        desc = set_at(*p, rng.choice(FAR_ADDRS), kind)
    elif kind == "records":
        # (A FILE record is not moved or deleted: an mmap without one is
        # how the format says "not a regular file, map zeroes" (a
        # device), which replay cannot tell from a deleted one.)
        cands = [(ci, ri) for ci, ri in allrecs
                 if chunks[ci][ri][0] not in (te.INIT, te.FILE)
                 and not (ri + 1 < len(chunks[ci])
                          and chunks[ci][ri + 1][0] == te.FILE)]
        ci, ri = rng.choice(cands)
        op = rng.choice(["delete", "duplicate", "swap"])
        if op == "delete":
            del chunks[ci][ri]
        elif op == "duplicate":
            chunks[ci].insert(ri, bytearray(chunks[ci][ri]))
        elif ri + 1 < len(chunks[ci]):
            chunks[ci][ri], chunks[ci][ri + 1] = chunks[ci][ri + 1], \
                chunks[ci][ri]
        else:
            op = "delete"
            del chunks[ci][ri]
        desc = "records: %s record %d of chunk %d" % (op, ri, ci)
        chunks = [c for c in chunks if c]
    elif kind == "empty":
        at = rng.randrange(1, len(chunks) + 1)
        chunks.insert(at, [])
        desc = "empty: empty chunk inserted as chunk %d of %d" % (
            at, len(chunks))
    if kind in ("chunk", "cutoff"):
        ci = rng.randrange(1, len(chunks)) if len(chunks) > 1 else 0
        out = bytearray(hdr)
        for seq, recs in enumerate(chunks):
            raw = b"".join(recs)
            if seq != ci:
                out += te.chunk_bytes(trace_id, seq, raw)
                continue
            if kind == "chunk":
                var = rng.choice(["rlen+1", "rlen-1", "rlen-huge",
                                  "rlen-max", "method", "stored-rlen"])
                rlen = {"rlen+1": len(raw) + 1, "rlen-1": len(raw) - 1,
                        "rlen-huge": 0xFFFFFFF0,
                        "rlen-max": 256 * 1024 * 1024 + 1}.get(var)
                c = te.chunk_bytes(trace_id, seq, raw, 0 if var ==
                                   "stored-rlen" else 1,
                                   len(raw) + 3 if var == "stored-rlen"
                                   else rlen)
                if var == "method":
                    c = bytearray(c)
                    c[16] = 2
                    c[32:36] = struct.pack("<I", te.zlib.crc32(bytes(c[:32])))
                out += c
                desc = "chunk: chunk %d %s" % (ci, var)
            else:
                c = te.chunk_bytes(trace_id, seq, raw)
                cut = rng.randrange(36, len(c) + 1)
                out += bytes(36) + c[36:cut]
                desc = "cutoff: chunk %d header zeroed, file cut %d bytes " \
                       "into it" % (ci, cut)
                break
        return desc, bytes(out)
    out = bytearray(hdr)
    for seq, recs in enumerate(chunks):
        out += te.chunk_bytes(trace_id, seq, b"".join(recs))
    return desc, bytes(out)


def main():
    args = sys.argv[1:]
    count, jobs, seed, only, timeout, chunk_kb = 1000, 2, 1, None, 60, 4
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--count": count = int(args.pop(0))
        elif opt == "--jobs": jobs = int(args.pop(0))
        elif opt == "--seed": seed = int(args.pop(0))
        elif opt == "--only": only = int(args.pop(0))
        elif opt == "--timeout": timeout = int(args.pop(0))
        elif opt == "--chunk-kb": chunk_kb = int(args.pop(0))
        else: sys.exit("fuzz-records: unknown option " + opt)
    if not args:
        sys.exit(__doc__)
    prog = args
    vg = os.environ.get("VALGRIND", "valgrind").split()
    dump = os.environ.get("REGRIND_DUMP")
    work = tempfile.mkdtemp(prefix="rg-fuzzrec-")
    main_t = os.path.join(work, "main")
    rec = subprocess.run(vg + ["--tool=regrind", "-q", "--record=" + main_t,
                               "--record-chunk-kb=%d" % chunk_kb] + prog,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if rec.returncode != 0:
        sys.exit("fuzz-records: recording %s failed (exit %d): %s"
                 % (prog, rec.returncode, rec.stderr.decode()[-500:]))
    ref = subprocess.run(vg + ["--tool=regrind", "-q", "--replay=" + main_t]
                         + prog, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=timeout)
    if ref.returncode != 0 or ref.stdout != rec.stdout:
        sys.exit("fuzz-records: the undamaged trace does not replay: "
                 + ref.stderr.decode("utf-8", "replace"))
    hdr, chunks = te.read_chunks(os.path.join(main_t, "events"))
    others = [f for f in os.listdir(main_t) if f != "events"]

    def run(i):
        rng = random.Random("%d:%d" % (seed, i))
        desc, data = mutate(hdr, chunks, rng)
        tdir = os.path.join(work, "t%d" % i)
        os.mkdir(tdir)
        for f in others:
            shutil.copy(os.path.join(main_t, f), tdir)
        open(os.path.join(tdir, "events"), "wb").write(data)
        why, err = None, ""
        t0 = time.time()
        try:
            p = subprocess.run(vg + ["--tool=regrind", "-q",
                                     "--replay=" + tdir] + prog,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout)
            err = p.stderr.decode("utf-8", "replace")
            if BAD_RE.search(err):
                why = "Valgrind/VEX crash output"
            elif p.returncode < 0:
                why = "replay died of signal %d" % -p.returncode
            elif p.returncode == 0:
                outcome = "same" if p.stdout == ref.stdout else None
                if outcome is None:
                    why = "exit 0 with other output"
            elif not re.search(r"(^|== )regrind: ", err, re.M):
                why = "exit %d without a regrind: message" % p.returncode
            else:
                outcome = "error"
        except subprocess.TimeoutExpired:
            why = "hang (no end within %d s)" % timeout
        if why is None and dump:
            try:
                q = subprocess.run([dump, tdir], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, timeout=timeout)
                qerr = q.stderr.decode("utf-8", "replace")
                if q.returncode not in (0, 2) or (
                        q.returncode == 2
                        and not qerr.startswith("regrind-dump: ")):
                    why, err = "regrind-dump exit %d" % q.returncode, qerr
            except subprocess.TimeoutExpired:
                why = "regrind-dump hangs"
        if not os.environ.get("FUZZ_KEEP"):
            shutil.rmtree(tdir, ignore_errors=True)
        kind = desc.split(":")[0]
        took.append((time.time() - t0, i, desc))
        if why:
            last = err.strip().splitlines()[-3:]
            return kind, "BAD", "seed %d mutation %d: %s: %s: %s" % (
                seed, i, desc, why, " | ".join(last))
        return kind, outcome, None

    took = []
    todo = [only] if only is not None else range(count)
    tally, bad = {}, 0
    with cf.ThreadPoolExecutor(jobs) as ex:
        for kind, outcome, msg in ex.map(run, todo):
            tally.setdefault(kind, {}).setdefault(outcome, 0)
            tally[kind][outcome] += 1
            if msg:
                bad += 1
                print("BAD", msg, flush=True)
    if not os.environ.get("FUZZ_KEEP"):
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("fuzz-records: kept", work)
    for kind in sorted(tally):
        print("  %-8s %s" % (kind, ", ".join(
            "%d %s" % (n, o) for o, n in sorted(tally[kind].items()))))
    took.sort(reverse=True)
    print("  slowest: " + "; ".join("%.1f s #%d %s" % t for t in took[:3]))
    print("fuzz-records: %d mutations (seed %d), %d bad (panic, hang, "
          "signal, exit 0 with other output, or no regrind: message)"
          % (len(todo), seed, bad))
    sys.exit(1 if bad else 0)


main()
