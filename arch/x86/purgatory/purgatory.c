// SPDX-License-Identifier: GPL-2.0
/*
 * The C half of the x86_64 purgatory: between relocate_kernel and the new
 * kernel, check that every loaded segment still hashes to the SHA-256 the
 * loader recorded. Nothing here may use the kernel's runtime: no printk, no
 * per-CPU data, no instrumentation; only lib/crypto/sha256.c and the SHA-NI
 * block function of arch/x86/crypto/sha256_ni_asm.S are linked in.
 */

#include <linux/purgatory.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <linux/bits.h>
#include <linux/minmax.h>
#include <asm/processor-flags.h>
#include <asm/purgatory_handoff.h>

/*
 * kexec_file fills these by name before the image is sealed. They must be
 * in a PROGBITS section: kexec_purgatory_get_set_symbol() refuses to write
 * into .bss, which has no bytes in the ELF file.
 */
struct kexec_sha_region purgatory_sha_regions[KEXEC_SEGMENT_MAX] __section(".data");
u8 purgatory_sha256_digest[SHA256_DIGEST_SIZE] __section(".data");
struct purgatory_handoff purgatory_handoff __section(".data");

/* 16550 UART at the legacy COM1 port, used only to say why we stopped. */
#define COM1_BASE	0x3f8
#define UART_LSR	5
#define UART_LSR_THRE	0x20
#define UART_ABSENT	0xff
#define UART_SPINS	100000

static u8 port_in(u16 port)
{
	u8 val;

	asm volatile("inb %1, %0" : "=a" (val) : "Nd" (port));
	return val;
}

static void port_out(u16 port, u8 val)
{
	asm volatile("outb %0, %1" : : "a" (val), "Nd" (port));
}

/* Best effort: an absent UART reads as all ones and is skipped. */
static void report(const char *msg)
{
	unsigned int spins;

	for (; *msg; msg++) {
		for (spins = 0; spins < UART_SPINS; spins++) {
			u8 lsr = port_in(COM1_BASE + UART_LSR);

			if (lsr == UART_ABSENT)
				return;
			if (lsr & UART_LSR_THRE)
				break;
		}
		port_out(COM1_BASE, *msg);
	}
}

static bool digests_match(const u8 *a, const u8 *b)
{
	unsigned int i;
	u8 diff = 0;

	for (i = 0; i < SHA256_DIGEST_SIZE; i++)
		diff |= a[i] ^ b[i];
	return !diff;
}

/* arch/x86/crypto/sha256_ni_asm.S: whole 64-byte blocks into state->state. */
void sha256_ni_transform(struct sha256_state *state, const u8 *data, u64 blocks);

/* CPUID leaf @leaf, subleaf 0: EAX, EBX, ECX, EDX into @regs. */
static void cpuid_regs(u32 leaf, u32 regs[4])
{
	asm volatile("cpuid" : "=a" (regs[0]), "=b" (regs[1]), "=c" (regs[2]), "=d" (regs[3])
		     : "a" (leaf), "c" (0));
}

/*
 * SHA-NI (CPUID.(EAX=7,ECX=0):EBX[29]) with the SSSE3 and SSE4.1 it also
 * uses (CPUID.1:ECX[9], ECX[19]).
 */
static bool cpu_has_sha_ni(void)
{
	u32 regs[4];

	cpuid_regs(0, regs);
	if (regs[0] < 7)
		return false;
	cpuid_regs(1, regs);
	if (!(regs[2] & BIT(9)) || !(regs[2] & BIT(19)))
		return false;
	cpuid_regs(7, regs);
	return regs[1] & BIT(29);
}

static unsigned long read_cr4(void)
{
	unsigned long cr4;

	asm volatile("mov %%cr4, %0" : "=r" (cr4));
	return cr4;
}

static void write_cr4(unsigned long cr4)
{
	asm volatile("mov %0, %%cr4" : : "r" (cr4) : "memory");
}

/*
 * sha256_update() with the whole blocks done by SHA-NI: the C code fills
 * and empties the partial block in @state's buffer, so both keep the same
 * state.
 */
static void sha256_ni_update(struct sha256_state *state, const u8 *data, u64 len)
{
	unsigned int partial = state->count % SHA256_BLOCK_SIZE;
	u64 blocks;

	if (partial) {
		unsigned int fill = min_t(u64, SHA256_BLOCK_SIZE - partial, len);

		sha256_update(state, data, fill);
		data += fill;
		len -= fill;
	}
	blocks = len / SHA256_BLOCK_SIZE;
	if (blocks) {
		sha256_ni_transform(state, data, blocks);
		state->count += blocks * SHA256_BLOCK_SIZE;
		data += blocks * SHA256_BLOCK_SIZE;
		len -= blocks * SHA256_BLOCK_SIZE;
	}
	if (len)
		sha256_update(state, data, len);
}

static u64 read_tsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return (u64)hi << 32 | lo;
}

/* Writes @val in decimal so that it ends just before @end; returns its start. */
static char *format_decimal(char *end, u64 val)
{
	do {
		*--end = '0' + val % 10;
		val /= 10;
	} while (val);
	return end;
}

static void report_number(u64 val)
{
	char buf[21];

	buf[sizeof(buf) - 1] = '\0';
	report(format_decimal(buf + sizeof(buf) - 1, val));
}

/*
 * "purgatory: verified N KiB in T us, M MB/s (SHA-NI)" or "(C)": the digest is most of the
 * time between relocate_kernel and the new kernel, and the one part of the
 * downtime no log of either kernel can show.
 */
static void report_speed(u64 bytes, u64 cycles, bool sha_ni)
{
	u64 usecs = cycles * 1000 / purgatory_handoff.tsc_khz;

	report("purgatory: verified ");
	report_number(bytes >> 10);
	report(" KiB in ");
	report_number(usecs);
	report(" us, ");
	report_number(usecs ? bytes / usecs : 0);
	report(sha_ni ? " MB/s (SHA-NI)\r\n" : " MB/s (C)\r\n");
}

/**
 * purgatory_verify() - hash the loaded segments and compare
 *
 * Context: purgatory_start, on the purgatory's own GDT and stack.
 *
 * Return: 0 when the segments are intact, -1 (after a message on COM1)
 * when the new kernel must not be entered.
 */
int purgatory_verify(void)
{
	u8 digest[SHA256_DIGEST_SIZE];
	bool sha_ni = cpu_has_sha_ni();
	struct sha256_state state;
	u64 start, bytes = 0;
	unsigned long cr4;
	unsigned int i;

	start = read_tsc();
	/*
	 * relocate_kernel leaves CR4 with paging bits only: SSE needs
	 * OSFXSR (CR0.EM and CR0.TS are already clear). The next kernel sets
	 * CR4 itself, but it gets the value it was entered with before.
	 */
	cr4 = read_cr4();
	if (sha_ni)
		write_cr4(cr4 | X86_CR4_OSFXSR);
	sha256_init(&state);
	for (i = 0; i < KEXEC_SEGMENT_MAX; i++) {
		const struct kexec_sha_region *r = &purgatory_sha_regions[i];

		if (r->len && sha_ni)
			sha256_ni_update(&state, (const u8 *)r->start, r->len);
		else if (r->len)
			sha256_update(&state, (const u8 *)r->start, r->len);
		bytes += r->len;
	}
	sha256_final(&state, digest);
	write_cr4(cr4);

	if (!digests_match(digest, purgatory_sha256_digest)) {
		report("purgatory: SHA-256 of the loaded segments does not match, halting\r\n");
		return -1;
	}
	if (purgatory_handoff.tsc_khz)
		report_speed(bytes, read_tsc() - start, sha_ni);
	return 0;
}

/*
 * The compiler and lib/crypto/sha256.c need these two; the kernel's own
 * versions are not linked into the purgatory.
 */
void *memcpy(void *dst, const void *src, size_t len)
{
	void *ret = dst;

	asm volatile("rep movsb" : "+D" (dst), "+S" (src), "+c" (len) : : "memory");
	return ret;
}

void *memset(void *dst, int c, size_t len)
{
	void *ret = dst;

	asm volatile("rep stosb" : "+D" (dst), "+c" (len) : "a" (c) : "memory");
	return ret;
}
