#!/usr/bin/env python3
"""Damage real traces many ways and require a clean `regrind:` error.

Usage: fuzz-trace.py [--count N] [--jobs J] [--seed S] PROG [ARGS...]

Records PROG ARGS twice (small chunks, so that there are many), then
damages the first recording.  Each mutation (truncation
at a random byte, a flipped bit, a zero-length file, a chunk pasted
from a second recording, a newer format version, the previous format
version (3, before thread switches were recorded), a missing file) is
replayed with $VALGRIND (default `valgrind`), and must exit non-zero
with a line starting `regrind:` (or ==PID== regrind:) on stderr, and
without any sign of a Valgrind or VEX crash.  When $REGRIND_DUMP is
set, regrind-dump must also refuse each mutation (exit 2 with a
`regrind-dump:` line), except that a truncated trace may be shown as
cut off (exit 0); it must never die of a signal.  Prints one line per
failure and a summary; exit 1 if any mutation failed.
"""
import os, random, re, shutil, subprocess, sys, tempfile, concurrent.futures as cf

def main():
    args = sys.argv[1:]
    count, jobs, seed = 500, 2, 12345
    while args and args[0].startswith('--'):
        opt = args.pop(0)
        if opt == '--count': count = int(args.pop(0))
        elif opt == '--jobs': jobs = int(args.pop(0))
        elif opt == '--seed': seed = int(args.pop(0))
        else: sys.exit('fuzz-trace: unknown option ' + opt)
    if len(args) < 1: sys.exit(__doc__)
    prog = args
    vg = os.environ.get('VALGRIND', 'valgrind')
    dump = os.environ.get('REGRIND_DUMP')
    rng = random.Random(seed)
    work = tempfile.mkdtemp(prefix='rg-fuzz-')

    # The second recording of the same program gives foreign chunks.
    def record(name):
        t = os.path.join(work, name)
        p = subprocess.run([vg, '--tool=regrind', '-q', '--record=' + t,
                            '--record-chunk-kb=4'] + prog,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if p.returncode != 0:
            sys.exit('fuzz-trace: recording %s failed (exit %d)' % (prog, p.returncode))
        return open(os.path.join(t, 'events'), 'rb').read()
    data, odata = record('main'), record('other')
    # The undamaged trace must replay, or the test proves nothing.
    p = subprocess.run([vg, '--tool=regrind', '-q', '--replay=' + os.path.join(work, 'main')]
                       + prog, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit('fuzz-trace: the undamaged trace does not replay: '
                 + p.stderr.decode('utf-8', 'replace'))

    def chunks(d):
        offs, o = [], 24
        while o + 36 <= len(d):
            clen = int.from_bytes(d[o + 20:o + 24], 'little')
            offs.append((o, o + 36 + clen)); o += 36 + clen
        return offs

    muts = [('zero-length', b''), ('missing', None),
            ('newer-version', data[:8] + (99).to_bytes(4, 'little') + data[12:]),
            ('older-version', data[:8] + (3).to_bytes(4, 'little') + data[12:])]
    oc = chunks(odata)
    for i, (a, b) in enumerate(chunks(data)):
        if i < len(oc):
            oa, ob = oc[i]
            muts.append(('foreign-chunk-%d' % i, data[:a] + odata[oa:ob] + data[b:]))
    n_trunc = (count - len(muts)) // 2
    for _ in range(n_trunc):
        cut = rng.randrange(0, len(data))
        muts.append(('truncate-at-%d' % cut, data[:cut]))
    while len(muts) < count:
        pos = rng.randrange(0, len(data)); bit = rng.randrange(8)
        d = bytearray(data); d[pos] ^= 1 << bit
        muts.append(('flip-byte-%d-bit-%d' % (pos, bit), bytes(d)))

    bad_re = re.compile(r"impossible|VEX|vex:|Valgrind: FATAL|aspacem|"
                        r"the 'impossible' happened|Segmentation fault|"
                        r"assertion failed|valgrind: m_", re.I)

    # What each kind of damage must be reported as.
    expect = {
        'zero': r'is empty', 'missing': r'has no events file',
        'newer': r'format version 99, this regrind reads',
        'older': r'format version 3, this regrind reads [0-9]+',
        'foreign': r'another recording',
        'truncate': r'cut off|truncated|is empty|no complete chunk',
        'flip': r'damaged|not a regrind trace|format version|another recording',
    }

    def run(i_m):
        i, (name, d) = i_m
        tdir = os.path.join(work, 't%d' % i)
        os.mkdir(tdir)
        if d is not None:
            open(os.path.join(tdir, 'events'), 'wb').write(d)
        p = subprocess.run([vg, '--tool=regrind', '-q', '--replay=' + tdir] + prog,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=120)
        err = p.stderr.decode('utf-8', 'replace')
        why = None
        if p.returncode == 0:
            why = 'replay exited 0'
        elif p.returncode < 0:
            why = 'replay died of signal %d' % -p.returncode
        elif not re.search(r'(^|== )regrind: ', err, re.M):
            why = 'no regrind: message'
        elif bad_re.search(err):
            why = 'Valgrind/VEX crash output'
        elif not re.search(expect[name.split('-')[0]], err):
            why = 'unexpected message'
        if why is None and dump:
            q = subprocess.run([dump, tdir], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, timeout=60)
            qerr = q.stderr.decode('utf-8', 'replace')
            ok = (0, 2) if name.startswith('truncate') else (2,)
            if q.returncode not in ok:
                why = 'regrind-dump exit %d' % q.returncode
            elif q.returncode == 2 and not qerr.startswith('regrind-dump: '):
                why = 'regrind-dump exit 2 without a regrind-dump: message'
            if why:
                err = qerr
        shutil.rmtree(tdir, ignore_errors=True)
        if why:
            return '%s: %s: %s' % (name, why, err.strip().splitlines()[-1:] )
        return None

    fails = []
    with cf.ThreadPoolExecutor(jobs) as ex:
        for r in ex.map(run, enumerate(muts)):
            if r: fails.append(r); print('FAIL', r, flush=True)
    shutil.rmtree(work, ignore_errors=True)
    print('fuzz-trace: %d mutations, %d clean errors, %d failures'
          % (len(muts), len(muts) - len(fails), len(fails)))
    sys.exit(1 if fails else 0)

main()
