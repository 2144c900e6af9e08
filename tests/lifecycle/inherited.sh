# An actor starts clean whatever ipcscope inherited: here it is started
# with SIGINT, SIGQUIT, SIGPIPE and the C library's signal 32 ignored and
# SIGUSR1 blocked (a shell's background job, a make), and every actor
# still has default dispositions and an empty mask.
. "$SRCDIR/tests/lib.sh"
cat > "$T/s.isc" <<'X'
spawn A
expect A signals.ignored == 0
expect A signals.blocked == 0
A fork B
expect B signals.ignored == 0
X
python3 - "$IPCSCOPE" --batch "$T/s.isc" > "$T/out" 2>&1 <<'P'
import ctypes, os, signal, sys
class KSA(ctypes.Structure):
    _fields_ = [("handler", ctypes.c_void_p), ("flags", ctypes.c_ulong),
                ("restorer", ctypes.c_void_p), ("mask", ctypes.c_uint64)]
libc = ctypes.CDLL(None, use_errno=True)
nr = {"x86_64": 13, "aarch64": 134}[os.uname().machine]
for sig in (2, 3, 13, 32):
    ksa = KSA(1, 0, None, 0)            # SIG_IGN
    libc.syscall(nr, sig, ctypes.byref(ksa), None, 8)
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
os.execv(sys.argv[1], sys.argv[1:])
P
st=$?
[ $st -eq 0 ] || { cat "$T/out"; fail "an actor inherited the lab's dispositions or mask"; }
exit 0
