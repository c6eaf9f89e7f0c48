/*--------------------------------------------------------------------*/
/*--- regrind: the trace file format.                  rg_format.h ---*/
/*--------------------------------------------------------------------*/

/*
   This header is shared by the tool (no libc) and the host programs
   (regrind-dump, regrind; host/rg_host.h).  It holds only constants,
   the specification and the record layouts both readers walk.

   THE TRACE
   =========

   A trace is a directory.  It holds the file "events", in the format
   below, for the recorded process, and one file "events-PID" in the
   same format for each child it forked (PID: the child's recorded
   pid), which starts with a FORK record instead of INIT.  A process
   whose execve Valgrind followed (regrind's default) goes on in the
   file named
   like its own plus ".exec" ("events.exec", "events-PID.exec.exec"),
   which starts with an INIT of the new program; the file before ends
   with the execve's SYSCALL record and END(exec).  (Readers ignore
   files they do not know.)

   All multi-byte fixed-size integers are little-endian.

   File header (24 bytes)
   ----------------------
      offset 0   8 bytes  magic "RGTRACE\0"
      offset 8   u32      format version (RG_FORMAT_VERSION)
      offset 12  u32      flags (0; reserved)
      offset 16  u64      trace id: random, identifies this recording;
                          every file of the trace (children, programs
                          after an execve) has the same one, and every
                          chunk repeats it, so that a chunk or a file
                          from another recording is detected.

   Chunks (follow the header, back to back, until end of file)
   ------
      offset 0   u32      magic "RGCK"
      offset 4   u32      sequence number, 0, 1, 2, ...
      offset 8   u64      trace id (as in the file header)
      offset 16  u32      method: 0 = stored, 1 = zlib (RFC 1950)
      offset 20  u32      stored length of the payload in bytes (clen)
      offset 24  u32      raw length of the payload after inflation (rlen)
      offset 28  u32      CRC-32 of the stored payload
      offset 32  u32      CRC-32 of bytes 0..31 of this chunk header
      offset 36  clen bytes of payload

   The raw payload is a sequence of whole records: a record never
   spans two chunks, so a chunk can exceed RG_CHUNK_TARGET by up to
   one record.  A chunk holds at least one record (rlen 0 is damage).
   No record exceeds RG_RECORD_MAX and no chunk's clen or rlen exceeds
   RG_CHUNK_MAX (256 MiB; below): readers refuse bigger ones before
   allocating.  A recording that is cut off (SIGKILL, power loss, a
   full disk) leaves a file whose complete chunks are all valid; a
   partial chunk at the end is detected by its lengths or CRCs.  A
   chunk holding a big record is written before its header, which is
   36 zero bytes until the chunk is complete: a header of 36 zero
   bytes (before any END) ends the file as cut off.  A recording that
   ended normally has an END record as its last record, and nothing
   follows it.

   Beyond the grammar below, readers refuse: signal numbers outside
   1..RG_NSIG, 9 (SIGKILL) or 19 (SIGSTOP); SIGNAL flags other than
   RG_SIGF_SYNC; syscall results below -4095 (errors are -errno);
   more than 6 syscall arguments; NONDET records with another number
   of values than their kind has; END reasons above RG_END_REFUSED;
   LOAD sizes outside 1..RG_LOAD_MAX; SCHED to thread 0, to the same
   thread, or to RG_MAX_SERIAL and above; a FILE's embedded bytes
   beyond the file's size (emb offset + length > size).  Replay also
   checks each SYSCALL against the call it answers (results bounded by
   a count argument, memory writes inside the buffers given and in
   writable client memory; rg_syscalls.c).

   Records
   -------
   Every record starts with one byte, its kind.  Fields are:
      v   unsigned LEB128 varint (up to 64 bits)
      z   signed varint, zigzag-encoded then LEB128
      s   string: v length, then that many bytes (no NUL)
      b   blob: v length, then that many bytes

   Threads are named by their creation order: 1 is the thread the
   program started with, 2 the first thread it created, and so on
   (across the whole process: a thread that exits keeps its number,
   a forked child goes on counting from its parent's count).  These
   numbers, not Valgrind's reused ThreadIds nor kernel tids, are the
   "thread" fields of events.

   Instruction counts are per thread: "icount" fields hold the delta
   from the previous event record of the same thread (the first event
   of a thread counts from 0).  The instruction count of an event is
   the number of guest instructions the thread had started when the
   event happened, the current instruction included.

   Events are the records SYSCALL, NONDET, SIGNAL, LOAD and SCHED; they
   are numbered from 1 in file order.  Events of different threads
   appear in the order in which they happened: the order in which the
   threads held Valgrind's lock.  INIT, FILE, OUTPUT, END and FORK are
   not events.

   INIT (1)   the initial image; first record of the first chunk.
      s  regrind version string
      s  valgrind version string
      v  pid of the recorded process
      v  parent pid
      v  start time, nanoseconds since the epoch (CLOCK_REALTIME)
      s  the program as given on the command line
      v  argc, then argc * s   (argv[0] is the program as given)
      v  envc, then envc * s   (the environment the client got)
      s  current working directory
      v  initial stack pointer of thread 1
      v  lowest address of the saved initial stack
      b  bytes of the initial stack from that address to its top
      v  number of FILE descriptions that follow inline, then each as
         the fields of a FILE record (without the kind byte): the
         files valgrind itself mapped for the program before it
         started (the executable, the dynamic linker; not regrind).
      v  chaos seed: 0 for a plain recording, else the seed of the
         scheduling perturbation of --chaos=yes (recorded so that it
         can be shown and reused; replay does not need it)

   FILE (2)   identity of a file about to be mapped; immediately
              precedes the SYSCALL record of the mmap that maps it.
      s  path
      v  size in bytes
      v  mtime seconds
      v  mtime nanoseconds
      v  device
      v  inode
      v  hash: CRC-32 of the whole content in the low 32 bits, Adler-32
         in the high 32 bits
      v  offset into the file of the embedded bytes
      b  embedded bytes (empty when the file is trusted to stay: files
         under system directories; otherwise the mapped range)

   SYSCALL (3)
      v  thread id (valgrind's ThreadId, 1-based)
      v  icount delta
      v  syscall number (amd64 numbering)
      v  number of arguments recorded (6)
      v  each argument (all six registers; those the syscall does not
         take hold whatever the program left there)
      z  result: a non-negative value or -errno
      v  number of memory regions the kernel wrote
         each:  v address, b bytes written there

   NONDET (4)  result of a nondeterministic instruction
      v  thread id
      v  icount delta
      v  kind: RG_ND_* below
      v  number of values, then each value as v
         RDTSC, RDRAND, RDSEED: 1 value (the helper's 64-bit result)
         RDTSCP: 3 values (RAX, RCX, RDX)
         CPUID:  5 values (input EAX, then EAX, EBX, ECX, EDX; the
                 ECX sub-leaf is not recorded)

   SIGNAL (5)  a signal delivered to a handler
      v  thread id
      v  icount delta
      v  signal number
      v  flags (RG_SIGF_*)

   END (6)    last record of a recording that ended
      v  reason: RG_END_*
      v  exit code; for RG_END_SIGNAL the signal that killed the
         program, or 0 when regrind could not learn it; for
         RG_END_EXEC, 1 if the recording followed the execve into the
         next file, else 0
      v  number of events in the trace
      v  number of threads the process had (the highest thread id)
      v  instructions executed by thread 1
      v  the thread that ran last (for RG_END_SIGNAL: the one that took
         the signal)
      v  its instruction count then (replay of a killed program stops
         that thread there and raises the signal)

   LOAD (8)   the value of a load from a MAP_SHARED mapping (memory
              another process may write at any time)
      v  thread id
      v  icount delta
      v  address
      b  the bytes loaded

   SCHED (9)  a change of the running thread
      v  thread id of the thread that ran until now
      v  icount delta: that thread's count when it stopped.  It
         stopped at a block boundary, or in a syscall that blocked
         (then the count includes the syscall instruction, and the
         SYSCALL record of that thread comes after this one), or
         exited (after its exit's SYSCALL record).
      v  thread id of the thread that ran next (never the same)

   OUTPUT (10) file data the kernel moved to the recorded stdout or
              stderr by itself (sendfile, copy_file_range, splice from
              a file), so that replay can show it; immediately precedes
              the SYSCALL record of that syscall.
      b  the bytes moved (as many as the syscall's result)

   FORK (7)   first record of a child's file "events-PID"
      v  recorded pid of the parent
      v  recorded pid of the child
      v  number of the parent's event that forked it (in the parent's
         file); the child's own first event is the same syscall seen
         from the child (result 0).  Instruction counts continue from
         the parent's (the child's first delta is its absolute count).
*/

#ifndef __RG_FORMAT_H
#define __RG_FORMAT_H

#define RG_TRACE_FILE      "events"
#define RG_MAGIC           "RGTRACE"      /* 8 bytes with the NUL */
#define RG_FORMAT_VERSION  5
#define RG_CHUNK_MAGIC     0x4b434752u    /* "RGCK" little-endian */
#define RG_FILE_HDR_SIZE   24
#define RG_CHUNK_HDR_SIZE  36

/* A chunk's raw payload can exceed this when one record is bigger. */
#define RG_CHUNK_TARGET    (256 * 1024)
/* No record is larger than this (the recorder refuses a syscall that
   writes more memory at once, and does not embed a bigger mapped
   file's bytes), and no chunk, stored or raw, is larger than
   RG_CHUNK_MAX: at most 64 MiB of records (--record-chunk-kb) plus
   one record.  Readers refuse bigger chunks as damaged, so that a
   trace cannot make them allocate more. */
#define RG_RECORD_MAX      (128u * 1024u * 1024u)
#define RG_CHUNK_MAX       (256u * 1024u * 1024u)
/* Signals are 1..RG_NSIG (never SIGKILL or SIGSTOP, which no handler
   takes; 64 is Valgrind's own, which no program under it gets); shared
   loads are 1..RG_LOAD_MAX bytes. */
#define RG_NSIG            63
#define RG_LOAD_MAX        64

#define RG_METHOD_STORED   0
#define RG_METHOD_ZLIB     1

/* Record kinds. */
#define RG_REC_INIT        1
#define RG_REC_FILE        2
#define RG_REC_SYSCALL     3
#define RG_REC_NONDET      4
#define RG_REC_SIGNAL      5
#define RG_REC_END         6
#define RG_REC_FORK        7
#define RG_REC_LOAD        8
#define RG_REC_SCHED       9
#define RG_REC_OUTPUT      10

/* Record layouts, the one description of the grammar above that the
   readers (the tool's rg_trace_read.c, the host's rg_host_read.c)
   skip records by: the fields of each kind after the kind byte, and
   for events after thread and icount.  'v' varint, 'z' zigzag
   varint, 'b' string or blob, 'F' the fields of a FILE record,
   '[...]' a varint count then that many of what is inside.  A reader
   makes its table with  static const char* const t[] = RG_REC_LAYOUTS;
   A kind without a layout is damage. */
#define RG_LAYOUT_FILE     "bvvvvvvvb"
#define RG_REC_LAYOUTS { \
   [RG_REC_INIT]    = "bbvvvb[b][b]bvvb[F]v", \
   [RG_REC_FILE]    = RG_LAYOUT_FILE, \
   [RG_REC_SYSCALL] = "v[v]z[vb]", \
   [RG_REC_NONDET]  = "v[v]", \
   [RG_REC_SIGNAL]  = "vv", \
   [RG_REC_END]     = "vvvvvvv", \
   [RG_REC_FORK]    = "vvv", \
   [RG_REC_LOAD]    = "vb", \
   [RG_REC_SCHED]   = "v", \
   [RG_REC_OUTPUT]  = "b", \
}
#define RG_N_REC_KINDS     (RG_REC_OUTPUT + 1)
/* Events carry thread and icount first, and are numbered. */
#define RG_REC_IS_EVENT(k) \
   ((k) == RG_REC_SYSCALL || (k) == RG_REC_NONDET || (k) == RG_REC_SIGNAL \
    || (k) == RG_REC_LOAD || (k) == RG_REC_SCHED)

/* Thread numbers are below this (readers refuse it and above). */
#define RG_MAX_SERIAL      (1u << 22)

/* Nondeterministic instructions. */
#define RG_ND_RDTSC        0
#define RG_ND_RDTSCP       1
#define RG_ND_CPUID        2
#define RG_ND_RDRAND       3
#define RG_ND_RDSEED       4
#define RG_ND_N            5

/* SIGNAL flags. */
#define RG_SIGF_SYNC       1   /* raised by the instruction itself */

/* END reasons. */
#define RG_END_EXIT        0   /* exit / exit_group; code follows   */
#define RG_END_SIGNAL      1   /* killed by a fatal signal          */
#define RG_END_EXEC        2   /* execve replaced the program       */
#define RG_END_REFUSED     3   /* regrind stopped the recording     */

#endif /* __RG_FORMAT_H */
