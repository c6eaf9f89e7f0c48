# python3 threading and concurrent.futures: which thread did what, in
# which order, depends on the interleaving (the GIL is handed over on a
# timer and at blocking calls), so the output differs between runs.
import concurrent.futures
import hashlib
import sys
import threading
import time

mode = sys.argv[1] if len(sys.argv) > 1 else "threading"

if mode == "threading":
    log = []
    lock = threading.Lock()

    def worker(n):
        h = hashlib.sha256()
        for i in range(3000):
            h.update(str(i * n).encode())
            if i % 500 == 0:
                with lock:
                    log.append(n)
                time.sleep(0.0005)
        with lock:
            log.append(-n)

    ts = [threading.Thread(target=worker, args=(n,)) for n in range(1, 5)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("order", " ".join(str(x) for x in log))
    print("elapsed %.6f" % time.monotonic())
else:
    def job(n):
        s = 0
        for i in range(20000 + 3000 * (n % 4)):
            s += i * n
        time.sleep(0.001 * (n % 3))
        return n, s, threading.current_thread().name

    done = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as ex:
        futs = [ex.submit(job, n) for n in range(12)]
        for f in concurrent.futures.as_completed(futs):
            n, s, who = f.result()
            done.append("%d@%s" % (n, who.rsplit("_", 1)[-1]))
    print("completed", " ".join(done))
    print("t %.6f" % time.time())
