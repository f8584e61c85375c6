// SPDX-License-Identifier: GPL-2.0
/*
 * Seed for the ELF loader fuzzer: compiled with gcc -c at build time into
 * small relocatable objects that have data, bss and the relocation types
 * the purgatory uses.
 */
unsigned char purgatory_sha256_digest[32] = { 1 };
unsigned long table[4] = { 2 };
static unsigned long counter;
char stack[64];
char *stack_end = stack + sizeof(stack);

unsigned long seed_entry(unsigned long x);

unsigned long seed_entry(unsigned long x)
{
	counter += x;
	return table[x & 3] + counter + (unsigned long)purgatory_sha256_digest;
}
