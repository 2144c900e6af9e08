# Semaphores and mutexes on the screen: a set's values with the actor
# waiting on it and what for, a mutex's owner thread and its waiter, and
# the new-object menu placing a mutex in the memory that exists.
. "$SRCDIR/tests/lib.sh"
tui_start 180 50 "$IPCSCOPE"
see "Actors (0)"
tui_command 'spawn A'
tui_command 'spawn B'
tui_command 'A semget s1 2'
tui_command 'A semctl s1 setall 0 1'
tui_command 'B semop s1 0:-1 1:-1'
see "blocked in"
see_re "s1 +sem +2 semaphores: 0 1, 1 waiting"
tui_command 'show s1'
see "s1: sem"
see_re "B semop ops 0:-1 1:-1 waits_for semaphore 0 to reach 1 \(it is 0\)"
see_re "B +[0-9]+ blocked semtimedop s1"
see_re "num 1 value 1 ncnt 0 zcnt 0 last_pid A"
tui_command 'A semop s1 0:+1'
see_re "s1 +sem +2 semaphores: 0 0$|s1 +sem +2 semaphores: 0 0 "
# A mutex, made through the n menu: it goes into the memory there is.
tui_command 'A mmap m1 anon 4k'
tui_command 'A fork C'
tm send-keys -t lab n
see "a new object"
see "process-shared mutex inside shared memory"
# The mutex is the 17th kind.
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do tm send-keys -t lab Down; done
tm send-keys -t lab Enter
see "pthread_mutex_init mx1: made by which actor?"
tm send-keys -t lab Enter
see ":A pthread_mutex_init mx1 m1 64"
tm send-keys -t lab Enter
see_re "mx1 +mutex +unlocked"
tui_command 'A mutex_lock mx1'
tui_command 'C mutex_lock mx1'
see_re "mx1 +mutex +locked by A, 1 waiting"
tui_command 'show mx1'
see "owner: A"
see_re "C pthread_mutex_lock waits_for the mutex"
tui_quit
exit 0
