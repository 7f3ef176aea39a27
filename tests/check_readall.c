/*
 * check_readall.c: readall_fd on regular files and pipes around the
 * limit (empty, small, larger than the first guess, exactly max, max + 1),
 * on a file whose size stat() does not tell, and the promises on the side:
 * the NUL after the data, the descriptor left open, nothing handed back on
 * failure.  Fixtures live in a temporary folder under the build tree.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readall.h"
#include "check_main.h"

static char tmpdir[PATH_MAX];
static char path[PATH_MAX + 16];

static void
setup(void)
{
	char cwd[PATH_MAX - 64];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	snprintf(tmpdir, sizeof(tmpdir), "%s/tests/check_readall.XXXXXX",
	    cwd);
	if (mkdtemp(tmpdir) == NULL) {
		/* a build tree without tests/ (a direct run): use cwd */
		snprintf(tmpdir, sizeof(tmpdir), "%s/check_readall.XXXXXX",
		    cwd);
		ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	}
	snprintf(path, sizeof(path), "%s/data", tmpdir);
}

static void
teardown(void)
{
	unlink(path);
	if (rmdir(tmpdir) == -1)
		fprintf(stderr, "could not remove %s\n", tmpdir);
}

/* The byte at offset i of every fixture. */
static char
byte_at(size_t i)
{
	return (char)('a' + i % 26);
}

static void
fill(char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = byte_at(i);
}

/* A descriptor to read size fixture bytes from: a file or a pipe. */
static int
source(size_t size, bool pipe_)
{
	char *data;
	int fd, p[2];

	ck_assert_ptr_nonnull(data = malloc(size + 1));
	fill(data, size);
	if (pipe_) {
		/* small enough for the pipe's buffer: no writer process */
		ck_assert_int_lt(size, 16384);
		ck_assert_int_eq(pipe(p), 0);
		ck_assert_int_eq(write(p[1], data, size), (ssize_t)size);
		ck_assert_int_eq(close(p[1]), 0);
		fd = p[0];
	} else {
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		ck_assert_int_ne(fd, -1);
		ck_assert_int_eq(write(fd, data, size), (ssize_t)size);
		ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	}
	free(data);
	return fd;
}

struct read_case {
	const char	*what;
	size_t		 size;		/* bytes the source holds */
	size_t		 max;
	bool		 pipe;
	int		 err;		/* 0: read whole; else the errno */
};

static const struct read_case read_cases[] = {
	{ "empty file", 0, 64, false, 0 },
	{ "small file", 5, 64, false, 0 },
	{ "empty file, max 0", 0, 0, false, 0 },
	{ "one byte, max 0", 1, 0, false, EFBIG },
	{ "exactly max", 64, 64, false, 0 },
	{ "max + 1", 65, 64, false, EFBIG },
	{ "past the first guess", 10000, 1 << 20, false, 0 },
	{ "far past max", 10000, 100, false, EFBIG },
	{ "empty pipe", 0, 64, true, 0 },
	{ "small pipe", 5, 64, true, 0 },
	{ "pipe, exactly max", 64, 64, true, 0 },
	{ "pipe, max + 1", 65, 64, true, EFBIG },
	{ "pipe past the first guess", 10000, 1 << 20, true, 0 },
	{ "pipe, exactly max past the first guess", 10000, 10000, true, 0 },
	{ "pipe, max + 1 past the first guess", 10001, 10000, true, EFBIG },
};

START_TEST(test_read)
{
	const struct read_case *c = &read_cases[_i];
	char *buf = (char *)&buf, *want;
	size_t len = 12345;
	int fd, rc;

	fd = source(c->size, c->pipe);
	errno = 0;
	rc = readall_fd(fd, c->max, &buf, &len);
	/* the descriptor stays open, the caller's to close */
	ck_assert_int_ne(fcntl(fd, F_GETFD), -1);
	ck_assert_int_eq(close(fd), 0);
	if (c->err != 0) {
		ck_assert_msg(rc == -1 && errno == c->err, "%s: rc %d, %s",
		    c->what, rc, strerror(errno));
		ck_assert_ptr_eq(buf, (char *)&buf);
		ck_assert_uint_eq(len, 12345);
		return;
	}
	ck_assert_msg(rc == 0, "%s: %s", c->what, strerror(errno));
	ck_assert_uint_eq(len, c->size);
	ck_assert_ptr_nonnull(want = malloc(c->size + 1));
	fill(want, c->size);
	ck_assert_msg(memcmp(buf, want, c->size) == 0, "%s: wrong bytes",
	    c->what);
	ck_assert_int_eq(buf[len], '\0');
	free(want);
	free(buf);
}
END_TEST

/* Reading starts where the descriptor is: less than st_size says. */
START_TEST(test_offset)
{
	char *buf;
	size_t len;
	int fd;

	fd = source(100, false);
	ck_assert_int_eq(lseek(fd, 90, SEEK_SET), 90);
	ck_assert_int_eq(readall_fd(fd, 100, &buf, &len), 0);
	ck_assert_uint_eq(len, 10);
	ck_assert_int_eq(buf[0], byte_at(90));
	ck_assert_int_eq(buf[9], byte_at(99));
	ck_assert_int_eq(buf[10], '\0');
	free(buf);
	/* at the end: an empty string */
	ck_assert_int_eq(readall_fd(fd, 100, &buf, &len), 0);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(buf[0], '\0');
	free(buf);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* The text is a string: strlen sees all of it. */
START_TEST(test_nul)
{
	static const char text[] = "0 * * * * true\n";
	char *buf;
	size_t len;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ck_assert_int_eq(readall_fd(fd, strlen(text), &buf, &len), 0);
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_str_eq(buf, text);
	free(buf);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

/* A file whose st_size is 0 though it has content (Linux's /proc). */
START_TEST(test_no_size)
{
	char *buf;
	size_t len;
	int fd;

	if ((fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)) == -1)
		return;		/* no procfs here */
	ck_assert_int_eq(readall_fd(fd, 1 << 20, &buf, &len), 0);
	ck_assert_uint_gt(len, 0);
	ck_assert_uint_eq(strlen(buf), len);
	ck_assert_ptr_nonnull(strstr(buf, "Pid:"));
	free(buf);
	ck_assert_int_eq(close(fd), 0);
}
END_TEST

START_TEST(test_bad_fd)
{
	char *buf = NULL;
	size_t len = 0;

	ck_assert_int_eq(readall_fd(-1, 64, &buf, &len), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_ptr_null(buf);
}
END_TEST

static Suite *
readall_suite(void)
{
	Suite *s = suite_create("readall");
	TCase *tc = tcase_create("readall_fd");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_read, 0,
	    sizeof(read_cases) / sizeof(read_cases[0]));
	tcase_add_test(tc, test_offset);
	tcase_add_test(tc, test_nul);
	tcase_add_test(tc, test_no_size);
	tcase_add_test(tc, test_bad_fd);
	suite_add_tcase(s, tc);
	return s;
}

CHECK_MAIN(readall_suite)
