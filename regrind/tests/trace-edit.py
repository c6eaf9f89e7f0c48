#!/usr/bin/env python3
"""trace-edit.py -- rewrite records of a regrind trace, keeping it valid.

Usage: trace-edit.py threads TRACE [FILE]
  Prints the number of threads the recorded process had and the number
  of thread switches (tests use it to check that threads really ran).

Usage: trace-edit.py swap-sched TRACE [FILE]
  Finds two thread switches (SCHED events) of the same thread that hand
  over to different threads, swaps their "next thread" fields, writes
  the file back with fresh chunks and checksums, and prints the event
  number of the first one edited.  A replay of the edited trace must
  report a divergence there.

Usage: trace-edit.py diverge TRACE [FILE]
  Adds one to the first argument of the last SYSCALL record of the file
  (the exit, for a process that ended normally), writes it back with
  fresh chunks and checksums, and prints that event's number.  A replay
  of the edited file must report a divergence there.

The format is specified at the top of regrind/rg_format.h; this script
knows just enough of it to find record boundaries.
"""
import struct
import sys
import zlib

INIT, FILE, SYSCALL, NONDET, SIGNAL, END, FORK, LOAD, SCHED, OUTPUT = range(1, 11)
EVENTS = (SYSCALL, NONDET, SIGNAL, LOAD, SCHED)


class Cur:
    def __init__(self, b, p=0):
        self.b, self.p = b, p

    def v(self):
        r = s = 0
        while True:
            c = self.b[self.p]
            self.p += 1
            r |= (c & 0x7F) << s
            s += 7
            if c < 0x80:
                return r

    def blob(self):
        n = self.v()
        self.p += n


def enc_v(x):
    out = bytearray()
    while True:
        c = x & 0x7F
        x >>= 7
        if x:
            out.append(c | 0x80)
        else:
            out.append(c)
            return bytes(out)


def skip_file_fields(c):
    c.blob()
    for _ in range(7):
        c.v()
    c.blob()


def skip_body(kind, c):
    if kind == INIT:
        c.blob(); c.blob(); c.v(); c.v(); c.v(); c.blob()
        for _ in range(c.v()):
            c.blob()
        for _ in range(c.v()):
            c.blob()
        c.blob(); c.v(); c.v(); c.blob()
        for _ in range(c.v()):
            skip_file_fields(c)
        c.v()
    elif kind == FILE:
        skip_file_fields(c)
    elif kind == SYSCALL:
        c.v()
        for _ in range(c.v()):
            c.v()
        c.v()
        for _ in range(c.v()):
            c.v(); c.blob()
    elif kind == NONDET:
        c.v()
        for _ in range(c.v()):
            c.v()
    elif kind == SIGNAL:
        c.v(); c.v()
    elif kind == END:
        for _ in range(7):
            c.v()
    elif kind == FORK:
        for _ in range(3):
            c.v()
    elif kind == LOAD:
        c.v(); c.blob()
    elif kind == SCHED:
        c.v()
    elif kind == OUTPUT:
        c.blob()
    else:
        raise SystemExit("trace-edit: unknown record kind %d" % kind)


def read(path):
    data = open(path, "rb").read()
    hdr, off, recs = data[:24], 24, []
    while off + 36 <= len(data):
        magic, seq, tid, meth, clen, rlen, pcrc, hcrc = struct.unpack_from(
            "<IIQIIIII", data, off)
        payload = data[off + 36:off + 36 + clen]
        raw = zlib.decompress(payload) if meth == 1 else payload
        c = Cur(raw)
        while c.p < len(raw):
            start = c.p
            kind = raw[c.p]
            c.p += 1
            if kind in EVENTS:
                c.v(); c.v()
            skip_body(kind, c)
            recs.append(bytearray(raw[start:c.p]))
        off += 36 + clen
    return hdr, recs


def write(path, hdr, recs):
    trace_id = struct.unpack_from("<Q", hdr, 16)[0]
    out = bytearray(hdr)
    chunk, seq = bytearray(), 0

    def flush():
        nonlocal chunk, seq
        if not chunk:
            return
        z = zlib.compress(bytes(chunk), 1)
        h = struct.pack("<IIQIIII", 0x4B434752, seq, trace_id, 1, len(z),
                        len(chunk), zlib.crc32(z))
        out.extend(h + struct.pack("<I", zlib.crc32(h)) + z)
        chunk, seq = bytearray(), seq + 1

    for r in recs:
        chunk.extend(r)
        if len(chunk) >= 256 * 1024:
            flush()
    flush()
    open(path, "wb").write(bytes(out))


def sched_fields(r):
    c = Cur(r, 1)
    tid = c.v()
    c.v()
    pos = c.p
    nxt = c.v()
    return tid, pos, nxt


def swap_sched(path):
    hdr, recs = read(path)
    evno, scheds = 0, []
    for i, r in enumerate(recs):
        if r[0] in EVENTS:
            evno += 1
        if r[0] == SCHED:
            scheds.append((i, evno) + sched_fields(r))
    for a in range(len(scheds)):
        for b in range(a + 1, len(scheds)):
            ia, ea, ta, pa, na = scheds[a]
            ib, eb, tb, pb, nb = scheds[b]
            if ta == tb and na != nb:
                recs[ia] = recs[ia][:pa] + enc_v(nb)
                recs[ib] = recs[ib][:pb] + enc_v(na)
                write(path, hdr, recs)
                print(ea)
                return
    raise SystemExit("trace-edit: no two switches of one thread to "
                     "different threads in %s" % path)


def diverge(path):
    hdr, recs = read(path)
    evno, last = 0, None
    for i, r in enumerate(recs):
        if r[0] in EVENTS:
            evno += 1
        if r[0] == SYSCALL:
            last = (i, evno)
    if last is None:
        raise SystemExit("trace-edit: no SYSCALL record in %s" % path)
    i, ev = last
    r = recs[i]
    c = Cur(r, 1)
    c.v(); c.v(); c.v(); c.v()         # thread, icount, sysno, nargs
    pos = c.p
    a0 = c.v()
    recs[i] = r[:pos] + enc_v(a0 + 1) + r[c.p:]
    write(path, hdr, recs)
    print(ev)


def threads(path):
    hdr, recs = read(path)
    tids, switches = {1}, 0
    for r in recs:
        if r[0] == SCHED:
            tid, pos, nxt = sched_fields(r)
            tids.update((tid, nxt))
            switches += 1
    print("%d threads, %d switches" % (len(tids), switches))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("swap-sched", "threads",
                                                "diverge"):
        raise SystemExit(__doc__)
    name = sys.argv[3] if len(sys.argv) > 3 else "events"
    path = sys.argv[2] + "/" + name
    if sys.argv[1] == "threads":
        threads(path)
    elif sys.argv[1] == "diverge":
        diverge(path)
    else:
        swap_sched(path)


if __name__ == "__main__":
    main()
