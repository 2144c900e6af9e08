# golden.sed: what changes from one run of a scenario to the next, made
# the same (sed -E), so that two runs of one binary print the same lines.
# tests/lint/golden.sh applies it to text and to --json output alike; the
# order of lines is compared sorted, as records of things that happen at
# once may come in either order.
#
# Times: <12us>, <1.5ms, began 57us after the release>, "time", "elapsed".
s/"(time|elapsed|late)":[0-9][0-9.e+-]*/"\1":T/g
s/<[0-9][0-9.]*(ns|us|ms|s)([,>])/<T\2/g
s/began [0-9][0-9.]*(ns|us|ms|s)/began T/g
# Process and thread ids; user and group ids (the suite may run as any user).
s/"(pid|uid)":[0-9]+/"\1":N/g
s/(pid|tid|uid) [0-9]+/\1 N/g
s/(pid|tid|uid|gid)=[0-9]+/\1=N/g
s/setsid\(\) = [0-9]+/setsid() = N/g
s/killpg\([0-9]+/killpg(N/g
s/(tcsetpgrp\([^,]*, )[0-9]+/\1N/g
# Addresses (before the next rule: 0x7f12345678<m1> is an address).
s/0x[0-9a-f]{9,}/0xADDR/g
# A number of three digits or more before <NAME>: a pid (fork() =
# 4170<C>) or a System V id; and any id in a System V call, which is small
# in a fresh IPC namespace.
s/[0-9]{3,}</ID</g
/(shm|msg|sem)get\(/s/= [0-9]+</= ID</
s/((shm|msg|sem)(at|dt|ctl|snd|rcv|op|timedop)\()[0-9]+</\1ID</g
# A call's return value in JSON when it is a pid, an id or an address.
s/("call":"(fork|waitpid|setsid|shmget|msgget|semget|mmap|shmat|sem_open)",.*"ret":)[0-9]+/\1N/
# What expect saw, in JSON: live state (lists in the kernel's order,
# pids, counts); the claim and its verdict are in "text".
s/,"actual":"(\\.|[^"\\])*"//
# The runtime directory (XDG_RUNTIME_DIR/ipcscope/PID-START or
# /tmp/ipcscope-UID/PID-START), POSIX IPC names made from it, and the
# length of a socket address holding such a path.
s#(/[A-Za-z0-9._-]+)*/ipcscope(-[0-9]+)?/[0-9]+-[0-9]+#RUNDIR#g
s/ipcscope\.[0-9]+-[0-9]+/ipcscope.RUN/g
s/(RUNDIR[^"]*\\?"[}], )[0-9]+/\1N/g
# Autobound abstract socket names, loopback ports, pty numbers.
s/@(\\?")?[0-9a-f]{5}([^0-9A-Za-z_]|$)/@\1AUTO\2/g
s/(127\.0\.0\.1|127\.255\.255\.255|::1\]?):[1-9][0-9]*/\1:PORT/g
s#/dev/pts/[0-9]+#/dev/pts/N#g
