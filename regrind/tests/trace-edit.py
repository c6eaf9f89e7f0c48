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

Usage: trace-edit.py craft WHAT TRACE [FILE]
  Rewrites the trace (fresh chunks and checksums) so that it is damaged
  in one way a crafted trace could be, and prints what it did.  WHAT:
    mmap-bytes     the first FILE record with embedded bytes gets 64 KiB
                   more of them than its mapping holds (file size and
                   hash changed to match, so that replay uses them)
    emb-len        that record's embedded length enlarged past the bytes
                   that follow it (nothing added)
    write-result   the result of the last write to fd 1 becomes its count
                   plus 100000
    read-region    the region of the first read with one moves 1 MiB
                   past its buffer
    signal=N       every SIGNAL record's number becomes N
    startup-path=P[,size=N]
                   the first startup file of INIT becomes path P with its
                   recorded size set to N, or P's current size (or 0)
    empty-chunk    an empty chunk is inserted after the first chunk
    big-chunk      a chunk of more than RG_CHUNK_MAX raw bytes (zeroes,
                   deflated) replaces the second chunk
    cpuid=LEAF:REG:BIT
                   the first CPUID record of leaf LEAF gets bit BIT of
                   register REG (eax..edx) set: a feature the recording
                   machine had, e.g. 7:ebx:16 (avx512f)
    cut-stream     what a recorder killed while streaming a big record
                   leaves: the last chunk holding a record of 64 KiB or
                   more gets a zeroed header, and the file ends half-way
                   into its payload (earlier chunks are kept whole)

The format is specified at the top of regrind/rg_format.h; this script
knows the record grammar (fields()) and how to rewrite chunks.
"""
import os
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


def enc_z(x):
    return enc_v((x << 1) ^ (x >> 63) if x < 0 else x << 1)


class Field:
    """One field of a record: bytes [start, end) of the record, its type
    ('kind', 'v', 'z', or 'len' for the length of the blob that follows,
    whose bytes are [end, end + value)), a role name, and its value."""
    __slots__ = ("start", "end", "type", "role", "value")

    def __init__(self, start, end, type, role, value):
        self.start, self.end, self.type = start, end, type
        self.role, self.value = role, value

    def __repr__(self):
        return "%s=%r" % (self.role, self.value)


def fields(rec):
    """The fields of one record (bytes), in order; the grammar of
    rg_format.h."""
    c, out = Cur(bytes(rec)), []

    def v(role, t="v"):
        s = c.p
        x = c.v()
        if t == "z":
            x = (x >> 1) ^ -(x & 1)
        out.append(Field(s, c.p, t, role, x))
        return x

    def blob(role):
        n = v(role + ".len")
        out[-1].type = "len"
        c.p += n
        return n

    def file_fields(pre):
        blob(pre + "path")
        for name in ("size", "mtime", "mtime_ns", "dev", "ino", "hash",
                     "emb_off"):
            v(pre + name)
        blob(pre + "emb")

    kind = rec[0]
    out.append(Field(0, 1, "kind", "kind", kind))
    c.p = 1
    if kind in EVENTS:
        v("tid")
        v("icount")
    if kind == INIT:
        blob("rgver"); blob("vgver"); v("pid"); v("ppid"); v("time")
        blob("exe")
        for i in range(v("argc")):
            blob("argv")
        for i in range(v("envc")):
            blob("env")
        blob("cwd"); v("sp"); v("stack_lo"); blob("stack")
        for i in range(v("nfiles")):
            file_fields("file.")
        v("chaos")
    elif kind == FILE:
        file_fields("file.")
    elif kind == SYSCALL:
        v("sysno")
        for i in range(v("nargs")):
            v("arg%d" % i)
        v("result", "z")
        for i in range(v("nregions")):
            v("region.addr")
            blob("region")
    elif kind == NONDET:
        v("ndkind")
        for i in range(v("nvalues")):
            v("ndvalue")
    elif kind == SIGNAL:
        v("signo"); v("sigflags")
    elif kind == END:
        for name in ("reason", "code", "events", "threads", "icount1",
                     "last_thread", "last_icount"):
            v("end." + name)
    elif kind == FORK:
        v("ppid"); v("child"); v("fork_event")
    elif kind == LOAD:
        v("load.addr"); blob("load")
    elif kind == SCHED:
        v("next")
    elif kind == OUTPUT:
        blob("output")
    return out


def set_field(rec, f, value):
    """REC with field F replaced by VALUE (the rest of its bytes kept)."""
    enc = enc_z(value) if f.type == "z" else (
        bytes([value & 0xFF]) if f.type == "kind" else enc_v(value))
    return bytearray(rec[:f.start]) + enc + rec[f.end:]


def read_chunks(path):
    """(file header, [[record, ...] per chunk]) of a trace file."""
    data = open(path, "rb").read()
    hdr, off, chunks = data[:24], 24, []
    while off + 36 <= len(data):
        magic, seq, tid, meth, clen, rlen, pcrc, hcrc = struct.unpack_from(
            "<IIQIIIII", data, off)
        payload = data[off + 36:off + 36 + clen]
        raw = zlib.decompress(payload) if meth == 1 else payload
        c, recs = Cur(raw), []
        while c.p < len(raw):
            start = c.p
            kind = raw[c.p]
            c.p += 1
            if kind in EVENTS:
                c.v(); c.v()
            skip_body(kind, c)
            recs.append(bytearray(raw[start:c.p]))
        chunks.append(recs)
        off += 36 + clen
    return hdr, chunks


def chunk_bytes(trace_id, seq, raw, method=1, rlen=None):
    """One chunk, checksums computed; RLEN overrides the raw length."""
    payload = zlib.compress(bytes(raw), 1) if method == 1 else bytes(raw)
    h = struct.pack("<IIQIIII", 0x4B434752, seq, trace_id, method,
                    len(payload), len(raw) if rlen is None else rlen,
                    zlib.crc32(payload))
    return h + struct.pack("<I", zlib.crc32(h)) + payload


def write_chunks(path, hdr, chunks):
    """Write HDR and the chunks (lists of records; an empty list makes an
    empty chunk) with fresh sequence numbers and checksums."""
    trace_id = struct.unpack_from("<Q", hdr, 16)[0]
    out = bytearray(hdr)
    for seq, recs in enumerate(chunks):
        out += chunk_bytes(trace_id, seq, b"".join(recs))
    open(path, "wb").write(bytes(out))


def read(path):
    """(file header, [record, ...]) of a trace file, chunks flattened."""
    hdr, chunks = read_chunks(path)
    return hdr, [r for c in chunks for r in c]


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


def find(chunks, pred):
    """(chunk, record, fields) of the records PRED(record, fields) likes."""
    out = []
    for ci, c in enumerate(chunks):
        for ri, r in enumerate(c):
            fs = fields(r)
            if pred(r, fs):
                out.append((ci, ri, fs))
    return out


def role(fs, name):
    return [f for f in fs if f.role == name]


def craft(what, path):
    hdr, chunks = read_chunks(path)
    trace_id = struct.unpack_from("<Q", hdr, 16)[0]
    if "=" in what:
        what, arg = what.split("=", 1)

    def first(pred, desc):
        found = find(chunks, pred)
        if not found:
            raise SystemExit("trace-edit: no %s in %s" % (desc, path))
        return found[0]

    def syscall(sysno):
        return lambda r, fs: r[0] == SYSCALL and fs[3].value == sysno

    if what == "cpuid":
        # arg: LEAF:REG:BIT, e.g. 7:ebx:16 (avx512f)
        leaf, reg, bit = arg.split(":")
        leaf, bit = int(leaf, 0), int(bit)
        k = 1 + ("eax", "ebx", "ecx", "edx").index(reg)
        ci, ri, fs = first(lambda r, fs: r[0] == NONDET
                           and role(fs, "ndkind")[0].value == 2
                           and role(fs, "ndvalue")[0].value == leaf,
                           "CPUID record of leaf %#x" % leaf)
        f = role(fs, "ndvalue")[k]
        chunks[ci][ri] = set_field(chunks[ci][ri], f, f.value | (1 << bit))
        print("CPUID leaf %#x %s: %#x -> %#x (record %d of chunk %d)"
              % (leaf, reg, f.value, f.value | (1 << bit), ri, ci))
    elif what in ("mmap-bytes", "emb-len"):
        ci, ri, fs = first(lambda r, fs: r[0] == FILE
                           and role(fs, "file.emb.len")[0].value > 0,
                           "FILE record with embedded bytes")
        r = chunks[ci][ri]
        emb = role(fs, "file.emb.len")[0]
        n = emb.value
        if what == "emb-len":
            chunks[ci][ri] = set_field(r, emb, n + (64 << 20))
        else:
            r = r[:emb.start] + enc_v(n + 65536) + r[emb.end:] + \
                bytes(65536)
            fs = fields(r)
            for name, val in (("file.hash", 1), ("file.size", 1 << 30)):
                f = role(fs, name)[0]
                r = set_field(r, f, val)
                fs = fields(r)
            chunks[ci][ri] = r
        print("FILE record %d of chunk %d: %d embedded bytes, length now "
              "%s" % (ri, ci, n, n + 65536 if what == "mmap-bytes"
                      else "%d (past its chunk)" % (n + (64 << 20))))
    elif what == "write-result":
        found = find(chunks, lambda r, fs: syscall(1)(r, fs)
                     and role(fs, "arg0")[0].value == 1
                     and role(fs, "result")[0].value > 0)
        if not found:
            raise SystemExit("trace-edit: no write to fd 1 in %s" % path)
        ci, ri, fs = found[-1]
        res = role(fs, "result")[0]
        cnt = role(fs, "arg2")[0].value
        chunks[ci][ri] = set_field(chunks[ci][ri], res, cnt + 100000)
        print("write(1, .., %d) now returns %d" % (cnt, cnt + 100000))
    elif what == "read-region":
        ci, ri, fs = first(lambda r, fs: syscall(0)(r, fs)
                           and role(fs, "nregions")[0].value > 0,
                           "read with a region")
        a = role(fs, "region.addr")[0]
        chunks[ci][ri] = set_field(chunks[ci][ri], a, a.value + (1 << 20))
        print("read region moved from %#x to %#x" % (a.value,
                                                    a.value + (1 << 20)))
    elif what == "signal":
        n = 0
        for ci, ri, fs in find(chunks, lambda r, fs: r[0] == SIGNAL):
            chunks[ci][ri] = set_field(chunks[ci][ri],
                                       role(fs, "signo")[0], int(arg))
            n += 1
        if not n:
            raise SystemExit("trace-edit: no SIGNAL record in %s" % path)
        print("%d SIGNAL records now say signal %s" % (n, arg))
    elif what == "startup-path":
        ci, ri, fs = first(lambda r, fs: r[0] == INIT, "INIT record")
        r = chunks[ci][ri]
        p = role(fs, "file.path.len")
        if not p:
            raise SystemExit("trace-edit: INIT lists no startup file")
        p = p[0]
        arg, _, given = arg.partition(",size=")
        size = int(given) if given else \
            os.stat(arg).st_size if os.path.exists(arg) else 0
        enc = arg.encode()
        r = r[:p.start] + enc_v(len(enc)) + enc + r[p.end + p.value:]
        chunks[ci][ri] = set_field(r, role(fields(r), "file.size")[0], size)
        print("startup file %s, size %d" % (arg, size))
    elif what == "empty-chunk":
        chunks.insert(1, [])
        print("empty chunk inserted as chunk 1 of %d" % len(chunks))
    elif what == "big-chunk":
        out = bytearray(hdr)
        out += chunk_bytes(trace_id, 0, b"".join(chunks[0]))
        rlen = 256 * 1024 * 1024 + 4096
        z = zlib.compressobj(9)
        payload = bytearray()
        block = bytes(1 << 20)
        for _ in range(rlen >> 20):
            payload += z.compress(block)
        payload += z.compress(bytes(rlen & ((1 << 20) - 1))) + z.flush()
        h = struct.pack("<IIQIIII", 0x4B434752, 1, trace_id, 1,
                        len(payload), rlen, zlib.crc32(payload))
        out += h + struct.pack("<I", zlib.crc32(h)) + payload
        open(path, "wb").write(bytes(out))
        print("chunk 1: %d bytes deflating to %d" % (len(payload), rlen))
        return
    elif what == "cut-stream":
        big = [ci for ci, c in enumerate(chunks)
               if ci > 0 and any(len(r) >= 65536 for r in c)]
        if not big:
            raise SystemExit("trace-edit: no chunk with a big record")
        ci = big[-1]
        out = bytearray(hdr)
        for seq in range(ci):
            out += chunk_bytes(trace_id, seq, b"".join(chunks[seq]))
        c = chunk_bytes(trace_id, ci, b"".join(chunks[ci]))
        out += bytes(36) + c[36:36 + (len(c) - 36) // 2]
        open(path, "wb").write(bytes(out))
        print("chunk %d of %d: header zeroed, payload cut at %d of %d "
              "bytes" % (ci, len(chunks), (len(c) - 36) // 2, len(c) - 36))
        return
    else:
        raise SystemExit("trace-edit: unknown craft %s" % what)
    write_chunks(path, hdr, chunks)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("swap-sched", "threads",
                                                "diverge", "craft"):
        raise SystemExit(__doc__)
    if sys.argv[1] == "craft":
        if len(sys.argv) < 4:
            raise SystemExit(__doc__)
        name = sys.argv[4] if len(sys.argv) > 4 else "events"
        craft(sys.argv[2], sys.argv[3] + "/" + name)
        return
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
