/* stuckfs.c: a filesystem that stops answering, for the tests of reads
 * that hang. It speaks the FUSE protocol on /dev/fuse itself (no
 * libfuse): a root directory holding one file, "f", of 4096 bytes of
 * 'x', whose attributes are never cached (attr timeout 0), so that each
 * stat asks it. On SIGUSR1 it stops answering: every request then waits
 * until it is killed (its /dev/fuse closed aborts the connection, and
 * each waiting call gets ENOTCONN).
 *
 *   stuckfs serve DIR READY    mount on DIR, write READY, serve
 *   stuckfs mapwrite FILE      map FILE, stop (SIGSTOP), then on SIGCONT
 *                              write the mapping to stdout: a write that
 *                              faults its bytes in from FILE while it
 *                              holds stdout's pipe */
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <linux/fuse.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FILE_SIZE	4096

static volatile sig_atomic_t silent;

static void
on_usr1(int sig)
{
	(void)sig;
	silent = 1;
}

static void
reply(int dev, uint64_t unique, int error, const void *arg, size_t len)
{
	struct fuse_out_header	 h;
	char			 buf[sizeof h + 4096];

	if (len > sizeof buf - sizeof h)
		len = sizeof buf - sizeof h;
	h.len = (uint32_t)(sizeof h + (error == 0 ? len : 0));
	h.error = -error;
	h.unique = unique;
	memcpy(buf, &h, sizeof h);
	if (error == 0 && len > 0)
		memcpy(buf + sizeof h, arg, len);
	if (write(dev, buf, h.len) == -1 && errno != ENOENT)
		perror("stuckfs: write");
}

static void
attr_of(uint64_t node, struct fuse_attr *a)
{
	memset(a, 0, sizeof *a);
	a->ino = node;
	a->blksize = 4096;
	if (node == FUSE_ROOT_ID) {
		a->mode = S_IFDIR | 0755;
		a->nlink = 2;
	} else {
		a->mode = S_IFREG | 0644;
		a->nlink = 1;
		a->size = FILE_SIZE;
		a->blocks = FILE_SIZE / 512;
	}
}

static void
serve_one(int dev, const char *req, size_t len)
{
	const struct fuse_in_header *in = (const void *)req;
	const char	*arg = req + sizeof *in;
	uint64_t	 u = in->unique;

	(void)len;
	switch (in->opcode) {
	case FUSE_INIT: {
		const struct fuse_init_in *ii = (const void *)arg;
		struct fuse_init_out	 o;

		memset(&o, 0, sizeof o);
		o.major = FUSE_KERNEL_VERSION;
		o.minor = FUSE_KERNEL_MINOR_VERSION;
		o.max_readahead = ii->max_readahead;
		o.max_write = 4096;
		o.max_background = 16;
		o.congestion_threshold = 12;
		o.time_gran = 1;
		reply(dev, u, 0, &o, sizeof o);
		break;
	}
	case FUSE_LOOKUP: {
		struct fuse_entry_out	 o;

		if (in->nodeid != FUSE_ROOT_ID || strcmp(arg, "f") != 0) {
			reply(dev, u, ENOENT, NULL, 0);
			break;
		}
		memset(&o, 0, sizeof o);
		o.nodeid = 2;
		o.generation = 1;
		attr_of(2, &o.attr);
		reply(dev, u, 0, &o, sizeof o);
		break;
	}
	case FUSE_GETATTR: {
		struct fuse_attr_out	 o;

		memset(&o, 0, sizeof o);
		attr_of(in->nodeid, &o.attr);	/* attr_valid 0: asked each time */
		reply(dev, u, 0, &o, sizeof o);
		break;
	}
	case FUSE_OPEN:
	case FUSE_OPENDIR: {
		struct fuse_open_out	 o;

		memset(&o, 0, sizeof o);
		o.fh = 1;
		reply(dev, u, 0, &o, sizeof o);
		break;
	}
	case FUSE_READ: {
		const struct fuse_read_in *ri = (const void *)arg;
		char			 data[4096];
		size_t			 n = 0;

		if (in->nodeid == 2 && ri->offset < FILE_SIZE) {
			n = FILE_SIZE - ri->offset;
			if (n > ri->size)
				n = ri->size;
			if (n > sizeof data)
				n = sizeof data;
			memset(data, 'x', n);
		}
		reply(dev, u, 0, data, n);
		break;
	}
	case FUSE_READDIR:
		reply(dev, u, 0, NULL, 0);
		break;
	case FUSE_STATFS: {
		struct fuse_statfs_out	 o;

		memset(&o, 0, sizeof o);
		o.st.bsize = 4096;
		o.st.namelen = 255;
		reply(dev, u, 0, &o, sizeof o);
		break;
	}
	case FUSE_FLUSH:
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR:
	case FUSE_DESTROY:
		reply(dev, u, 0, NULL, 0);
		break;
	case FUSE_FORGET:
	case FUSE_BATCH_FORGET:
	case FUSE_INTERRUPT:
		break;		/* no answer is wanted */
	default:
		reply(dev, u, ENOSYS, NULL, 0);
		break;
	}
}

static int
serve(const char *dir, const char *ready)
{
	static char	 req[FUSE_MIN_READ_BUFFER + 65536];
	struct sigaction sa;
	char		 opts[128];
	ssize_t		 n;
	int		 dev, f;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	if ((dev = open("/dev/fuse", O_RDWR | O_CLOEXEC)) == -1) {
		perror("stuckfs: /dev/fuse");
		return 1;
	}
	snprintf(opts, sizeof opts, "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other", dev);
	if (mount("stuckfs", dir, "fuse.stuckfs", MS_NOSUID | MS_NODEV, opts) == -1) {
		perror("stuckfs: mount");
		return 1;
	}
	if ((f = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) != -1)
		close(f);
	for (;;) {
		n = read(dev, req, sizeof req);
		if (n == -1 && (errno == EINTR || errno == ENOENT || errno == EAGAIN))
			continue;
		if (n == -1) {
			if (errno != ENODEV)	/* unmounted */
				perror("stuckfs: read");
			return 0;
		}
		if (silent)
			continue;	/* never answered: the caller waits */
		serve_one(dev, req, (size_t)n);
	}
}

static int
mapwrite(const char *path)
{
	char	*map;
	int	 fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		perror(path);
		return 1;
	}
	map = mmap(NULL, FILE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("stuckfs: mmap");
		return 1;
	}
	raise(SIGSTOP);
	if (write(1, map, FILE_SIZE) == -1)
		perror("stuckfs: write");
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "serve") == 0)
		return serve(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "mapwrite") == 0)
		return mapwrite(argv[2]);
	fprintf(stderr, "usage: stuckfs serve DIR READY | stuckfs mapwrite FILE\n");
	return 2;
}
