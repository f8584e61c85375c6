/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the kexec selftests. Include after ../kselftest.h.
 */
#ifndef KEXEC_TEST_LIB_H
#define KEXEC_TEST_LIB_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEXEC_LOADED_PATH	"/sys/kernel/kexec_loaded"
/* The user the unprivileged cases run as. */
#define KEXEC_TEST_NOBODY	65534

/* Contents of /sys/kernel/kexec_loaded: 0, 1, or -1 if unreadable. */
static inline int kexec_loaded(void)
{
	char value = 0;
	int fd = open(KEXEC_LOADED_PATH, O_RDONLY);

	if (fd < 0)
		return -1;
	if (read(fd, &value, 1) != 1)
		value = 0;
	close(fd);
	return value == '0' ? 0 : value == '1' ? 1 : -1;
}

/* Skip the whole program unless it is root, kexec exists and nothing is loaded. */
static inline void kexec_test_require_idle_root(void)
{
	if (geteuid())
		ksft_exit_skip("needs root (CAP_SYS_BOOT)\n");
	if (kexec_loaded() < 0)
		ksft_exit_skip("%s missing: kernel without CONFIG_KEXEC_CORE\n",
			       KEXEC_LOADED_PATH);
	if (kexec_loaded() == 1)
		ksft_exit_skip("an image is already loaded; not disturbing it\n");
}

/*
 * Run @call in a child that has dropped to an unprivileged user.
 * Return: the errno @call returned (0 if it succeeded), or -1 if the child
 * could not drop privileges or did not exit normally.
 */
static inline int kexec_test_errno_unprivileged(int (*call)(const void *arg), const void *arg)
{
	int status, err;
	pid_t pid = fork();

	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (pid == 0) {
		if (setuid(KEXEC_TEST_NOBODY))
			_exit(255);
		err = call(arg);
		_exit(err > 254 ? 254 : err);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -1;
	return WEXITSTATUS(status);
}

#endif /* KEXEC_TEST_LIB_H */
