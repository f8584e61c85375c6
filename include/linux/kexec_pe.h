/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounds of a signed PE image for kexec_file_load(2): where the Authenticode
 * signature lives and which bytes it covers. Pure: the caller passes the
 * image file. The signature itself is checked by verify_pefile_signature();
 * this only makes sure that what it hashes is inside the file and covers
 * every byte a loader copies to memory.
 */
#ifndef _LINUX_KEXEC_PE_H
#define _LINUX_KEXEC_PE_H

#include <linux/kexec_ranges.h>
#include <linux/types.h>

/* Room for one refusal's reason, values included. */
#define KEXEC_PE_WHY_LEN	128

/**
 * struct kexec_pe_sig - the parts of a PE image that Authenticode hashes
 * @header_size: SizeOfHeaders: bytes of headers, hashed from offset 0
 * @checksum_at: file offset of the 4-byte CheckSum, left out of the hash
 * @dirent_at: file offset of the certificate table's 8-byte data directory
 *	entry, left out of the hash
 * @sections_at: file offset of the section table
 * @nr_sections: entries in the section table
 * @certs_at: file offset of the certificate table (it ends the file)
 * @certs_size: bytes of the certificate table
 * @tail_at: first byte of the data after the sections that is hashed, up to
 *	@certs_at (the header plus every section's raw size, as Authenticode
 *	counts it)
 */
struct kexec_pe_sig {
	u32 header_size;
	u32 checksum_at;
	u32 dirent_at;
	u32 sections_at;
	u16 nr_sections;
	u32 certs_at;
	u32 certs_size;
	u64 tail_at;
};

/**
 * struct kexec_pe_table - where a PE image's section table is
 * @at: file offset of the first entry
 * @nr: entries
 * @end: file offset just past the table
 */
struct kexec_pe_table {
	u32 at;
	u16 nr;
	u32 end;
};

/**
 * struct kexec_pe_section - one section table entry
 * @name: the 8-byte name, NUL terminated here
 * @virtual_size: VirtualSize: the bytes the section holds
 * @raw_size: SizeOfRawData: the bytes of the file it occupies (aligned)
 * @raw_at: PointerToRawData: where in the file they start
 */
struct kexec_pe_section {
	char name[9];
	u32 virtual_size;
	u32 raw_size;
	u32 raw_at;
};

int kexec_pe_sig_parse(const void *buf, size_t len, struct kexec_pe_sig *pe,
		       char *why, size_t why_len);
int kexec_pe_sig_covers(const void *buf, const struct kexec_pe_sig *pe,
			const struct kexec_range *loaded, unsigned int nr_loaded,
			char *why, size_t why_len);
int kexec_pe_sig_file_ranges(const struct kexec_pe_sig *pe, struct kexec_range *ranges,
			     unsigned int max);
u64 kexec_pe_sig_keep(void *buf, const struct kexec_range *ranges, unsigned int nr);
int kexec_pe_section_table(const void *buf, size_t len, struct kexec_pe_table *table,
			   char *why, size_t why_len);
void kexec_pe_section(const void *buf, const struct kexec_pe_table *table, unsigned int i,
		      struct kexec_pe_section *sect);
int kexec_sig_errno(int verify_ret);
bool kexec_sig_refuses(int sig_errno, bool enforce);

#endif /* _LINUX_KEXEC_PE_H */
