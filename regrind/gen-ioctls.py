#!/usr/bin/env python3
# Regenerates rg_ioctls.def: the old-style ioctls (no direction bits)
# that Valgrind's syscall wrappers describe.  Run with the unpacked
# Valgrind source dir (apt-get source valgrind) as argument.
import re, subprocess, sys, os, tempfile
src = sys.argv[1]
lines = open(os.path.join(src, 'coregrind/m_syswrap/syswrap-linux.c')).read()
body = lines[lines.index('PRE(sys_ioctl)'):lines.index('POST(sys_ioctl)')]
names = sorted(set(re.findall(r'case (VKI_[A-Z0-9_]+)', body)))
hdr = ''.join(open('/usr/include/valgrind/vki/' + f).read()
              for f in ('vki-linux.h', 'vki-amd64-linux.h'))
names = [n for n in names if not re.search(r'#define\s+' + n + r'\(', hdr)]
tmp = tempfile.mkdtemp()
def build(ns):
    c = ['#include "pub_tool_basics.h"', '#include "pub_tool_vki.h"',
         'int printf(const char*,...);', 'int main(void){']
    for n in ns:
        c += ['#ifdef ' + n, 'printf("%#x ' + n + '\\n", (unsigned)(' + n + '));', '#endif']
    c.append('return 0;}')
    open(tmp + '/gen.c', 'w').write('\n'.join(c))
    return subprocess.run('gcc -w -DVGA_amd64=1 -DVGO_linux=1 -DVGP_amd64_linux=1 '
                          '-DVGPV_amd64_linux_vanilla=1 -I/usr/include/valgrind '
                          + tmp + '/gen.c -o ' + tmp + '/gen',
                          shell=True, capture_output=True, text=True)
while True:
    r = build(names)
    if r.returncode == 0: break
    bad = set(re.findall(r"‘(VKI_\w+)’ undeclared", r.stderr))
    if not bad: sys.exit(r.stderr)
    names = [n for n in names if n not in bad]
out = subprocess.run(tmp + '/gen', capture_output=True, text=True).stdout.split()
vals = sorted(set((int(v, 16), n) for v, n in zip(out[::2], out[1::2]) if int(v, 16) >> 30 == 0))
print('/* Old-style ioctls (no direction bits) that Valgrind 3.19 describes\n'
      ' * itself, so their memory effects reach the recorder.  Any other\n'
      ' * ioctl without direction bits is refused at record time.  Produced\n'
      ' * by regrind/gen-ioctls.py from coregrind/m_syswrap/syswrap-linux.c.\n'
      ' *   RG_IOCTL(request, name) */')
for v, n in vals:
    print('RG_IOCTL(%#06x, %s)' % (v, n[4:]))
