# pywork: the python3 workload -- build records, JSON round trip, hashing,
# sorting.  usage: python3 pywork.py NRECORDS
import hashlib
import json
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 40000
r = random.Random(7)
recs = [{"id": i, "name": "item-%d" % r.randrange(10**6),
         "tags": [r.randrange(100) for _ in range(5)],
         "score": round(r.random() * 1000, 3)} for i in range(n)]
text = json.dumps(recs, sort_keys=True)
back = json.loads(text)
assert back == recs
digest = hashlib.sha256(text.encode()).hexdigest()
recs.sort(key=lambda d: (d["score"], d["name"]))
keys = sorted(hashlib.md5(d["name"].encode()).hexdigest() for d in recs)
print(n, len(text), digest)
print(recs[0]["id"], recs[-1]["id"], keys[0], keys[-1])
