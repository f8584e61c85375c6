// SPDX-License-Identifier: GPL-2.0
/*
 * kt-cycles: print the x86 time-stamp counter, in decimal. Kernel B's /init
 * runs it first in harness/bench.sh's runs under QEMU -icount: the TSC was
 * not reset by the kexec, so its value less the one kexec_file_test printed
 * before reboot(LINUX_REBOOT_CMD_KEXEC) is the downtime in guest ticks.
 */
#include <stdio.h>
#include <x86intrin.h>

int main(void)
{
	printf("%llu\n", (unsigned long long)__rdtsc());
	return 0;
}
