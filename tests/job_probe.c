/*
 * job_probe.c: a job for check_runner.  Writes what a job sees of its
 * process to the file named by its argument, one "key=value" line each:
 * uid, euid, gid, egid, groups (sorted), cwd, pid, sid, pgid, blocked
 * (signals in the mask), ignored (signals with SIG_IGN), fds (open fds,
 * from /proc/self/fd), then env= lines in environment order.  Usable as
 * a job's SHELL: "job_probe -c FILE" (no real shell to add PWD or SHLVL).
 */
#include <sys/types.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static int
gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

static void
put_groups(FILE *fp)
{
	gid_t g[NGROUPS_MAX];
	int i, n = getgroups(NGROUPS_MAX, g);

	qsort(g, n < 0 ? 0 : n, sizeof(g[0]), gid_cmp);
	fputs("groups=", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s%u", i ? "," : "", (unsigned)g[i]);
	fputc('\n', fp);
}

static void
put_signals(FILE *fp)
{
	struct sigaction sa;
	sigset_t set;
	int sig, first = 1;

	sigprocmask(SIG_SETMASK, NULL, &set);
	fputs("blocked=", fp);
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(&set, sig) == 1) {
			fprintf(fp, "%s%d", first ? "" : ",", sig);
			first = 0;
		}
	fputs("\nignored=", fp);
	for (first = 1, sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
			fprintf(fp, "%s%d", first ? "" : ",", sig);
			first = 0;
		}
	fputc('\n', fp);
}

/* Before the output file is opened, so it is not listed. */
static void
list_fds(char *out, size_t len)
{
	struct dirent *de;
	DIR *d;
	size_t o = 0;

	out[0] = '\0';
	if ((d = opendir("/proc/self/fd")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
			continue;
		o += snprintf(out + o, o < len ? len - o : 0, "%s%s",
		    o ? "," : "", de->d_name);
	}
	closedir(d);
}

int
main(int argc, char **argv)
{
	char fds[1024], cwd[PATH_MAX];
	char **e;
	FILE *fp;

	if (argc == 3 && strcmp(argv[1], "-c") == 0)
		argv++;
	else if (argc != 2)
		return 2;
	list_fds(fds, sizeof(fds));
	if ((fp = fopen(argv[1], "w")) == NULL)
		return 1;
	fprintf(fp, "uid=%u\neuid=%u\ngid=%u\negid=%u\n", (unsigned)getuid(),
	    (unsigned)geteuid(), (unsigned)getgid(), (unsigned)getegid());
	put_groups(fp);
	fprintf(fp, "cwd=%s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	fprintf(fp, "pid=%ld\nsid=%ld\npgid=%ld\n", (long)getpid(),
	    (long)getsid(0), (long)getpgid(0));
	put_signals(fp);
	fprintf(fp, "fds=%s\n", fds);
	for (e = environ; *e != NULL; e++)
		fprintf(fp, "env=%s\n", *e);
	return fclose(fp) == 0 ? 0 : 1;
}
