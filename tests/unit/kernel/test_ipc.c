/* test_ipc.c: the kernel layer reads sockets and IPC objects: a UNIX
 * socketpair and a loopback TCP pair in the sock_diag dump with bytes
 * queued; a System V queue's messages copied, not taken; the machine's
 * System V objects listed whole, and those the caller may not read read
 * by id as listed; a semaphore set
 * with a child waiting in semop; a segment attached and removed; a POSIX
 * queue's attributes and status. Each IPC object is removed at the end
 * of its test on every path (the suite counts what is left). */
#include "config.h"

#include <sched.h>

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksysv.h"
#include "kunit.h"

static uint32_t
ino_of(int fd)
{
	struct stat	 st;

	return fstat(fd, &st) == 0 ? (uint32_t)st.st_ino : 0;
}

static void
test_unix_pair(void)
{
	struct netdiag		 nd;
	const struct sock_diag	*s;
	int			 sv[2];

	memset(&nd, 0, sizeof nd);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	CHECK(write(sv[0], "hello", 5) == 5);
	nd.want = NETDIAG_UNIX;
	netdiag_refresh(&nd, 1);
	CHECK(nd.valid && nd.error == 0);
	s = netdiag_by_ino(&nd, ino_of(sv[1]));
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(s->family == AF_UNIX && s->type == SOCK_STREAM);
		CHECK(s->rqueue == 5 && s->rq_unit == NQ_BYTES && !s->eof);
		CHECK(s->peer == ino_of(sv[0]) && s->name[0] == '\0');
	}
	/* Its peer has nothing to read. */
	s = netdiag_by_ino(&nd, ino_of(sv[0]));
	CHECK(s != NULL && s->rqueue == 0 && s->peer == ino_of(sv[1]));
	/* The peer gone, what is queued is read, then end of file. */
	close(sv[0]);
	netdiag_refresh(&nd, 2);
	s = netdiag_by_ino(&nd, ino_of(sv[1]));
	CHECK(s != NULL && s->rqueue == 5 && s->eof);
	netdiag_clear(&nd);
	close(sv[1]);
}

static void
test_tcp_pair(void)
{
	struct sockaddr_in	 sa;
	socklen_t		 len = sizeof sa;
	struct netdiag		 nd;
	const struct sock_diag	*s = NULL;
	char			 local[64];
	int			 lfd, cfd, afd = -1, i;

	memset(&nd, 0, sizeof nd);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK((lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1);
	CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0 && listen(lfd, 4) == 0);
	CHECK(getsockname(lfd, (struct sockaddr *)&sa, &len) == 0);
	CHECK((cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) != -1);
	CHECK(connect(cfd, (struct sockaddr *)&sa, sizeof sa) == 0);
	CHECK((afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) != -1);
	CHECK(write(cfd, "7 bytes", 7) == 7);
	nd.want = NETDIAG_TCP;
	/* Loopback delivers at once, mostly: give it a moment if not. */
	for (i = 1; i <= 500; i++) {
		netdiag_refresh(&nd, (uint64_t)i);
		if ((s = netdiag_by_ino(&nd, ino_of(afd))) != NULL && s->rqueue == 7)
			break;
		sleep_ms(2);
	}
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(s->family == AF_INET && s->type == SOCK_STREAM && s->state == TCP_ESTABLISHED);
		CHECK(s->rqueue == 7 && s->rq_unit == NQ_BYTES);
		snprintf(local, sizeof local, "127.0.0.1:%u", (unsigned)ntohs(sa.sin_port));
		CHECK_STR(s->local, local);
	}
	s = netdiag_by_ino(&nd, ino_of(lfd));
	CHECK(s != NULL && s->state == TCP_LISTEN && s->rq_unit == NQ_CONNECTIONS);
	s = netdiag_by_ino(&nd, ino_of(cfd));
	CHECK(s != NULL && s->rqueue == 0);
	CHECK(s != NULL && netdiag_by_addrs(&nd, 0, s->local, s->remote) == s);
	netdiag_clear(&nd);
	close(afd);
	close(cfd);
	close(lfd);
}

static void
test_msgq(void)
{
	struct {
		long	 type;
		char	 text[8];
	}			 msg;
	struct ksysv_msgq	 q;
	struct ksysv_msg	*m = malloc(sizeof *m);
	int			 id;

	CHECK(m != NULL);
	id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK(id != -1);
	if (id == -1 || m == NULL) {
		free(m);
		return;
	}
	msg.type = 5;
	memcpy(msg.text, "one", 3);
	CHECK(msgsnd(id, &msg, 3, IPC_NOWAIT) == 0);
	msg.type = 7;
	memcpy(msg.text, "three!", 6);
	CHECK(msgsnd(id, &msg, 6, IPC_NOWAIT) == 0);

	CHECK(ksysv_msgq(id, &q));
	CHECK(q.messages == 2 && q.bytes == 9 && q.qbytes > 9);
	CHECK(q.key == IPC_PRIVATE && (q.mode & 0777) == 0600);
	CHECK(q.last_sender == getpid() && q.last_receiver == 0 && q.sent != 0);
	/* Copied in order, not taken. */
	CHECK(ksysv_msg_copy(id, 0, m, sizeof m->text) == 3 && m->type == 5);
	CHECK(memcmp(m->text, "one", 3) == 0);
	CHECK(ksysv_msg_copy(id, 1, m, sizeof m->text) == 6 && m->type == 7);
	CHECK(memcmp(m->text, "three!", 6) == 0);
	CHECK(ksysv_msg_copy(id, 2, m, sizeof m->text) == -1 && errno == ENOMSG);
	/* Too long for the room given: not cut, refused. */
	CHECK(ksysv_msg_copy(id, 1, m, 2) == -1 && errno == E2BIG);
	CHECK(ksysv_msgq(id, &q) && q.messages == 2 && q.last_receiver == 0);
	CHECK(ksysv_msgmax() > 0);

	CHECK(msgctl(id, IPC_RMID, NULL) == 0);
	CHECK(!ksysv_msgq(id, &q) && (errno == EINVAL || errno == EIDRM));
	free(m);
}

/* Whether t lists id, its ids sorted. */
static bool
listed(const struct ksysv_table *t, int id)
{
	size_t	 i;

	for (i = 1; i < t->n; i++) {
		if (t->v[i - 1].id >= t->v[i].id)
			return false;	/* not sorted */
	}
	return ksysv_find(t, id) != NULL;
}

/* The machine's objects of each kind are listed with what the readers
 * by id say of them, read once a generation; and the stamp of what the
 * kernel says cheaply moves as objects come and go (checked in an IPC
 * namespace of the test's own where it may make one, so that nobody
 * else's objects come and go meanwhile). */
static void
sysv_list_checks(bool alone)
{
	struct ksysv_table		 t[KSYSV_NKINDS];
	const struct ksysv_entry	*e;
	struct ksysv_msgq		 q1;
	struct ksysv_shm		 m1;
	uint64_t			 before, after;
	int				 q, s, m, q2, k;
	struct {
		long	 type;
		char	 text[4];
	} msg = { 1, "abc" };

	memset(t, 0, sizeof t);
	before = ksysv_stamp(KSYSV_MSG);
	CHECK(before != 0);
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	m = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	CHECK(q != -1 && s != -1 && m != -1);
	CHECK(msgsnd(q, &msg, 3, IPC_NOWAIT) == 0);
	after = ksysv_stamp(KSYSV_MSG);
	CHECK(after != 0 && (!alone || after != before));
	CHECK(ksysv_refresh(&t[KSYSV_MSG], KSYSV_MSG, 1) && listed(&t[KSYSV_MSG], q));
	CHECK(t[KSYSV_MSG].stamp == after && ksysv_fresh(&t[KSYSV_MSG], KSYSV_MSG, 1));
	CHECK(!ksysv_fresh(&t[KSYSV_MSG], KSYSV_MSG, 2) && !ksysv_fresh(&t[KSYSV_MSG], KSYSV_SEM, 1));
	CHECK(ksysv_refresh(&t[KSYSV_SEM], KSYSV_SEM, 1) && listed(&t[KSYSV_SEM], s));
	CHECK(ksysv_refresh(&t[KSYSV_SHM], KSYSV_SHM, 1) && listed(&t[KSYSV_SHM], m));
	/* What the readers by id say. */
	e = ksysv_find(&t[KSYSV_MSG], q);
	CHECK(e != NULL && ksysv_msgq(q, &q1));
	CHECK(e != NULL && e->msgq.messages == 1 && e->msgq.bytes == 3 &&
	    e->msgq.qbytes == q1.qbytes && e->msgq.last_sender == getpid() &&
	    e->msgq.uid == getuid() && (e->msgq.mode & 0777) == 0600 && e->msgq.sent == q1.sent);
	e = ksysv_find(&t[KSYSV_SEM], s);
	CHECK(e != NULL && e->sem.nsems == 2 && e->sem.last_op == 0 && e->sem.changed != 0);
	e = ksysv_find(&t[KSYSV_SHM], m);
	CHECK(e != NULL && ksysv_shm(m, &m1));
	CHECK(e != NULL && e->shm.size == 4096 && e->shm.creator == getpid() &&
	    e->shm.nattch == 0 && !e->shm.removed && e->shm.changed == m1.changed);
	/* Within a generation the listing stands: a queue made since is in
	 * the next. */
	q2 = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK(q2 != -1);
	CHECK(ksysv_refresh(&t[KSYSV_MSG], KSYSV_MSG, 1) && !listed(&t[KSYSV_MSG], q2));
	CHECK(ksysv_refresh(&t[KSYSV_MSG], KSYSV_MSG, 2) && listed(&t[KSYSV_MSG], q2));
	/* A send changes no queue: the stamp stays. */
	after = ksysv_stamp(KSYSV_MSG);
	CHECK(msgsnd(q, &msg, 3, IPC_NOWAIT) == 0);
	CHECK(!alone || ksysv_stamp(KSYSV_MSG) == after);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
	CHECK(msgctl(q2, IPC_RMID, NULL) == 0);
	CHECK(semctl(s, 0, IPC_RMID) == 0);
	CHECK(shmctl(m, IPC_RMID, NULL) == 0);
	CHECK(!alone || ksysv_stamp(KSYSV_MSG) != after);
	CHECK(ksysv_refresh(&t[KSYSV_MSG], KSYSV_MSG, 3) && !listed(&t[KSYSV_MSG], q));
	CHECK(ksysv_find(&t[KSYSV_MSG], q2) == NULL);
	for (k = 0; k < KSYSV_NKINDS; k++)
		ksysv_table_clear(&t[k]);
	CHECK(t[KSYSV_MSG].v == NULL && !t[KSYSV_MSG].valid);
}

/* A queue and a segment the caller may not read (mode 0, and no
 * CAP_IPC_OWNER: as user 65534 if root) read by id as the machine's
 * listing has them; a set's values stay refused. */
static void
unreadable_checks(void)
{
	struct ksysv_msgq	 q;
	struct ksysv_shm	 m;
	struct ksysv_sem	 se;
	unsigned short		 vals[2];
	struct msqid_ds		 ds;
	int			 qid, mid, sid;
	bool			 ok = true;

	if (getuid() == 0 && (setgid(65534) == -1 || setuid(65534) == -1))
		_exit(1);
	qid = msgget(IPC_PRIVATE, IPC_CREAT | 0000);
	mid = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0000);
	sid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0000);
	CHECK(qid != -1 && mid != -1 && sid != -1);
	CHECK(msgctl(qid, IPC_STAT, &ds) == -1 && errno == EACCES);
	ok = ksysv_msgq(qid, &q);
	CHECK(ok && q.key == IPC_PRIVATE && q.qbytes > 0 && q.messages == 0 && q.uid == getuid());
	ok = ksysv_shm(mid, &m);
	CHECK(ok && m.size == 8192 && m.creator == getpid());
	CHECK(ksysv_sem(sid, &se) && se.nsems == 2);
	CHECK(!ksysv_sem_values(sid, vals) && errno == EACCES);
	CHECK(msgctl(qid, IPC_RMID, NULL) == 0);
	CHECK(shmctl(mid, IPC_RMID, NULL) == 0);
	CHECK(semctl(sid, 0, IPC_RMID) == 0);
	/* Gone: said so, not found at another index. */
	CHECK(!ksysv_msgq(qid, &q) && (errno == EINVAL || errno == EIDRM));
}

static void
test_sysv_unreadable(void)
{
	pid_t	 pid = fork();
	int	 st;

	CHECK(pid != -1);
	if (pid == 0) {
		unreadable_checks();
		_exit(unit_failed != 0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void
test_sysv_list(void)
{
	pid_t	 pid = fork();
	int	 st;

	CHECK(pid != -1);
	if (pid == 0) {
		sysv_list_checks(unshare(CLONE_NEWIPC) == 0);
		_exit(unit_failed != 0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Wait in semop for semaphore 0 of the set to be 1 or more. */
static void
wait_in_semop(void *arg)
{
	struct sembuf	 op = { 0, -1, 0 };

	semop(*(int *)arg, &op, 1);
}

static void
test_sem(void)
{
	struct ksysv_sem	 s;
	struct ksysv_semnum	 sn;
	struct ksysv_semop	 r;
	struct task_info	 ti;
	unsigned short		 vals[2] = { 9, 9 };
	pid_t			 pid = -1;
	int			 id;

	id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	CHECK(id != -1);
	if (id == -1)
		return;
	CHECK(semctl(id, 1, SETVAL, 3) == 0);
	CHECK(ksysv_sem(id, &s));
	CHECK(s.nsems == 2 && s.key == IPC_PRIVATE && (s.mode & 0777) == 0600 && s.last_op == 0);
	CHECK(ksysv_sem_values(id, vals) && vals[0] == 0 && vals[1] == 3);

	pid = child_start(wait_in_semop, &id);
	CHECK(pid > 0);
	/* glibc's semop is semtimedop with no timeout on some systems. */
	CHECK(wait_in_call(pid, pid, SYS_semop, SYS_semtimedop, &ti));
	CHECK(ksysv_semop_request(pid, &ti, &r));
	CHECK(r.id == id && r.nops == 1 && !r.timed);
	CHECK(r.ops[0].sem_num == 0 && r.ops[0].sem_op == -1);
	CHECK(ksysv_sem_num(id, 0, &sn) && sn.ncnt == 1 && sn.zcnt == 0);
	CHECK(ksysv_sem_num(id, 1, &sn) && sn.ncnt == 0 && sn.last_pid == getpid());
	CHECK(!ksysv_sem_num(id, 2, &sn) && sn.ncnt == -1);
	/* A call that is no semop. */
	probe_task(getpid(), getpid(), true, NULL, &ti);
	CHECK(!ksysv_semop_request(getpid(), &ti, &r) && errno == EINVAL);
	child_end(pid);

	CHECK(semctl(id, 0, IPC_RMID) == 0);
	CHECK(!ksysv_sem(id, &s) && !ksysv_sem_values(id, vals));
}

static void
test_shm(void)
{
	struct ksysv_shm	 s;
	struct map_table	 t;
	const struct map_entry	*e;
	void			*at;
	int			 id;

	memset(&t, 0, sizeof t);
	id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	CHECK(id != -1);
	if (id == -1)
		return;
	at = shmat(id, NULL, 0);
	CHECK(at != (void *)-1);
	CHECK(ksysv_shm(id, &s));
	CHECK(s.size == 8192 && s.nattch == (at != (void *)-1) && s.creator == getpid());
	CHECK(!s.removed && (s.mode & 0777) == 0600);
	/* The segment's mapping: inode = its id on the kernel's shm device. */
	CHECK(maps_read(getpid(), &t));
	e = map_table_find(&t, (unsigned long)at);
	CHECK(e != NULL && e->shared && e->id.ino == (ino_t)id);
	map_table_clear(&t);
	/* Removed while attached, it lives on until the last detach. */
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	CHECK(at == (void *)-1 || (ksysv_shm(id, &s) && s.removed && s.nattch == 1));
	if (at != (void *)-1)
		CHECK(shmdt(at) == 0);
	CHECK(!ksysv_shm(id, &s));
}

/* Open the queue named arg as descriptor 70, say so, and wait. */
static void
open_queue_70(void *arg)
{
	const char	*name = arg;
	int		 fd = (int)mq_open(name, O_RDONLY);

	if (fd == -1 || dup2(fd, 70) == -1)
		_exit(1);
	(void)write(71, "r", 1);
}

static void
test_mqueue(void)
{
	struct mq_attr		 attr = { .mq_maxmsg = 4, .mq_msgsize = 32 };
	struct posixipc_mq	 q;
	struct sigevent		 sev;
	char			 name[64];
	mqd_t			 mq;
	pid_t			 pid;
	int			 fd, pidfd = -1, p[2], ready[2];

	snprintf(name, sizeof name, "/ipcscope-unit-%d", (int)getpid());
	mq = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, &attr);
	CHECK(mq != (mqd_t)-1);
	if (mq == (mqd_t)-1)
		return;
	CHECK(mq_send(mq, "abc", 3, 2) == 0);
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR2;
	CHECK(mq_notify(mq, &sev) == 0);

	CHECK(posixipc_mq_read((int)mq, &q));
	CHECK(q.attr.mq_curmsgs == 1 && q.attr.mq_maxmsg == 4 && q.attr.mq_msgsize == 32);
	CHECK(q.have_status && q.qsize == 3);
	CHECK(q.notify_pid == getpid() && q.notify == SIGEV_SIGNAL && q.signo == SIGUSR2);
	/* By name, and through another process's descriptor (its number 70,
	 * which is none of ours). */
	CHECK((fd = posixipc_mq_open(name)) != -1);
	CHECK(posixipc_mq_read(fd, &q) && q.attr.mq_curmsgs == 1);
	CHECK(pipe(ready) == 0 && dup2(ready[1], 71) == 71);
	pid = child_start(open_queue_70, name);
	CHECK(pid > 0 && child_ready(ready[0]));
	CHECK(fcntl(70, F_GETFD) == -1);
	CHECK((pidfd = sys_pidfd_open(pid, 0)) != -1);
	CHECK(posixipc_mq_read_of(pidfd, 70, &q) && q.attr.mq_curmsgs == 1 && q.qsize == 3);
	CHECK(!posixipc_mq_read_of(pidfd, 72, &q) && errno == EBADF);
	child_end(pid);
	close(71);
	close(ready[0]);
	close(ready[1]);
	/* A descriptor that is no queue. */
	CHECK(pipe(p) == 0);
	CHECK(!posixipc_mq_read(p[0], &q) && errno == EBADF);
	CHECK(posixipc_mq_limit("msg_max") > 0 && posixipc_mq_limit("no_such_limit") == -1);

	CHECK(mq_unlink(name) == 0);
	CHECK(posixipc_mq_open(name) == -1 && errno == ENOENT);
	close(p[0]);
	close(p[1]);
	close(pidfd);
	close(fd);
	mq_close(mq);
}

int
main(void)
{
	RUN(test_unix_pair);
	RUN(test_tcp_pair);
	RUN(test_msgq);
	RUN(test_sysv_list);
	RUN(test_sysv_unreadable);
	RUN(test_sem);
	RUN(test_shm);
	RUN(test_mqueue);
	return unit_failed != 0;
}
