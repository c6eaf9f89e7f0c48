/*--------------------------------------------------------------------*/
/*--- regrind: naming errno values in messages.         rg_errno.c ---*/
/*--------------------------------------------------------------------*/

/* The tool has no libc strerror; messages name the errors they give
   ("Permission denied (EACCES)") from this table of amd64 Linux
   numbers, the ones file and process handling can meet. */

#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "rg_include.h"

static const struct { UShort no; const HChar* name; const HChar* text; }
errnos[] = {
   {   1, "EPERM",        "Operation not permitted" },
   {   2, "ENOENT",       "No such file or directory" },
   {   3, "ESRCH",        "No such process" },
   {   4, "EINTR",        "Interrupted system call" },
   {   5, "EIO",          "Input/output error" },
   {   6, "ENXIO",        "No such device or address" },
   {   7, "E2BIG",        "Argument list too long" },
   {   8, "ENOEXEC",      "Exec format error" },
   {   9, "EBADF",        "Bad file descriptor" },
   {  10, "ECHILD",       "No child processes" },
   {  11, "EAGAIN",       "Resource temporarily unavailable" },
   {  12, "ENOMEM",       "Cannot allocate memory" },
   {  13, "EACCES",       "Permission denied" },
   {  14, "EFAULT",       "Bad address" },
   {  16, "EBUSY",        "Device or resource busy" },
   {  17, "EEXIST",       "File exists" },
   {  18, "EXDEV",        "Invalid cross-device link" },
   {  19, "ENODEV",       "No such device" },
   {  20, "ENOTDIR",      "Not a directory" },
   {  21, "EISDIR",       "Is a directory" },
   {  22, "EINVAL",       "Invalid argument" },
   {  23, "ENFILE",       "Too many open files in system" },
   {  24, "EMFILE",       "Too many open files" },
   {  26, "ETXTBSY",      "Text file busy" },
   {  27, "EFBIG",        "File too large" },
   {  28, "ENOSPC",       "No space left on device" },
   {  29, "ESPIPE",       "Illegal seek" },
   {  30, "EROFS",        "Read-only file system" },
   {  31, "EMLINK",       "Too many links" },
   {  32, "EPIPE",        "Broken pipe" },
   {  36, "ENAMETOOLONG", "File name too long" },
   {  38, "ENOSYS",       "Function not implemented" },
   {  39, "ENOTEMPTY",    "Directory not empty" },
   {  40, "ELOOP",        "Too many levels of symbolic links" },
   { 122, "EDQUOT",       "Disk quota exceeded" },
};

const HChar* RG_(errstr)(Long err)
{
   static HChar buf[4][80];
   static Int next;
   UInt i;
   if (err < 0) err = -err;
   HChar* b = buf[next++ & 3];      /* a few may share one message */
   for (i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
      if (errnos[i].no == err) {
         VG_(snprintf)(b, sizeof buf[0], "%s (%s)", errnos[i].text,
                       errnos[i].name);
         return b;
      }
   VG_(snprintf)(b, sizeof buf[0], "error %lld", err);
   return b;
}
