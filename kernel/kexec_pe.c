// SPDX-License-Identifier: GPL-2.0
/*
 * Bounds of a signed PE image (the x86 bzImage's and arm64 Image's EFI stub
 * form), checked before and after verify_pefile_signature() does the
 * cryptography.
 *
 * Before: kexec_pe_sig_parse() reads the PE/COFF headers (PE Format
 * specification: MS-DOS stub, "PE\0\0", COFF file header, optional header,
 * data directories, section table) and the certificate table's first
 * WIN_CERTIFICATE. It refuses what the verifier would read out of bounds or
 * hash inconsistently: headers past the file, sections past the start of
 * the certificate table, a certificate table that is not the end of the
 * file. -ENODATA means "nothing to check" (no PE header, or no certificate
 * table), -EBADMSG "malformed".
 *
 * After: Authenticode hashes the headers (minus the CheckSum field and the
 * certificate table's directory entry), every section's raw data, and the
 * bytes from tail_at up to the certificate table. kexec_pe_sig_covers()
 * checks that each byte range a loader copies into memory lies inside that
 * hashed set, so nothing that reaches memory escapes the signature. A loader
 * that copies the file itself (arm64) names its ranges with
 * kexec_pe_sig_file_ranges() and clears the rest with kexec_pe_sig_keep().
 *
 * kexec_sig_errno() and kexec_sig_refuses() are the policy: which errno a
 * verification result becomes, and whether it stops a load with or without
 * enforcement. The table is in Documentation/core-api/kexec.rst.
 */

#define pr_fmt(fmt) "kexec_file: " fmt

#include <linux/kexec_pe.h>

#include "kexec_pure.h"

#define PE_MZ_MAGIC		0x5a4d		/* "MZ" */
#define PE_LFANEW_AT		0x3c		/* offset of the PE header's offset */
#define PE_MAGIC		0x00004550	/* "PE\0\0" */
#define PE_COFF_SIZE		20
#define PE_COFF_NR_SECTIONS	2		/* in the COFF header */
#define PE_COFF_OPT_SIZE	16
#define PE_OPT_MAGIC_PE32	0x10b
#define PE_OPT_MAGIC_PE32PLUS	0x20b
#define PE_OPT_HEADER_SIZE	60		/* SizeOfHeaders, in the optional header */
#define PE_OPT_CHECKSUM		64
#define PE_OPT_NR_DIRS_PE32	92		/* NumberOfRvaAndSizes */
#define PE_OPT_NR_DIRS_PE32PLUS	108
#define PE_DIR_SIZE		8
#define PE_DIR_CERTS		4		/* IMAGE_DIRECTORY_ENTRY_SECURITY */
#define PE_SECTION_SIZE		40
#define PE_SECTION_NAME_LEN	8		/* NUL padded, not terminated */
#define PE_SECTION_VIRT_SIZE	8		/* VirtualSize */
#define PE_SECTION_RAW_SIZE	16		/* SizeOfRawData */
#define PE_SECTION_RAW_AT	20		/* PointerToRawData */
/* The PE loader limit; verify_pefile_signature() sorts them all. */
#define PE_MAX_SECTIONS		96
#define WIN_CERT_HDR_SIZE	8
#define WIN_CERT_REVISION_2	0x0200
#define WIN_CERT_PKCS_SIGNED	0x0002

static u16 rd16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 rd32(const u8 *p)
{
	return rd16(p) | (u32)rd16(p + 2) << 16;
}

/* Where the COFF and optional headers are; the file holds both. */
static int find_headers(const u8 *b, size_t len, u32 *coff, u32 *opt,
			char *why, size_t why_len)
{
	u32 lfanew;

	if (len < PE_LFANEW_AT + 4 || rd16(b) != PE_MZ_MAGIC) {
		snprintf(why, why_len, "no MZ header: not a PE image");
		return -ENODATA;
	}
	lfanew = rd32(b + PE_LFANEW_AT);
	if ((u64)lfanew + 4 + PE_COFF_SIZE + PE_OPT_NR_DIRS_PE32PLUS + 4 > len) {
		snprintf(why, why_len, "PE header offset 0x%x runs past the %zu byte file",
			 lfanew, len);
		return -EBADMSG;
	}
	if (rd32(b + lfanew) != PE_MAGIC) {
		snprintf(why, why_len, "no PE signature at offset 0x%x", lfanew);
		return -EBADMSG;
	}
	*coff = lfanew + 4;
	*opt = *coff + PE_COFF_SIZE;
	return 0;
}

/* The optional header: header size, checksum, certificate directory entry. */
static int read_optional(const u8 *b, size_t len, u32 coff, u32 opt,
			 struct kexec_pe_sig *pe, char *why, size_t why_len)
{
	u16 magic = rd16(b + opt), opt_size = rd16(b + coff + PE_COFF_OPT_SIZE);
	u32 nr_dirs_at, dirs_at, nr_dirs;

	if (magic == PE_OPT_MAGIC_PE32PLUS) {
		nr_dirs_at = PE_OPT_NR_DIRS_PE32PLUS;
	} else if (magic == PE_OPT_MAGIC_PE32) {
		nr_dirs_at = PE_OPT_NR_DIRS_PE32;
	} else {
		snprintf(why, why_len, "optional header magic 0x%04x is neither PE32 nor PE32+",
			 magic);
		return -EBADMSG;
	}
	if ((u64)opt + opt_size > len) {
		snprintf(why, why_len, "optional header of %u bytes runs past the %zu byte file",
			 opt_size, len);
		return -EBADMSG;
	}
	dirs_at = nr_dirs_at + 4;
	nr_dirs = rd32(b + opt + nr_dirs_at);
	if (nr_dirs <= PE_DIR_CERTS || dirs_at + (PE_DIR_CERTS + 1) * PE_DIR_SIZE > opt_size) {
		snprintf(why, why_len, "no certificate table entry: %u directories in %u bytes",
			 nr_dirs, opt_size);
		return -EBADMSG;
	}
	pe->header_size = rd32(b + opt + PE_OPT_HEADER_SIZE);
	pe->checksum_at = opt + PE_OPT_CHECKSUM;
	pe->dirent_at = opt + dirs_at + PE_DIR_CERTS * PE_DIR_SIZE;
	pe->sections_at = opt + opt_size;
	pe->nr_sections = rd16(b + coff + PE_COFF_NR_SECTIONS);
	pe->certs_at = rd32(b + pe->dirent_at);
	pe->certs_size = rd32(b + pe->dirent_at + 4);
	return 0;
}

/* The section table ends inside the headers, which end inside the file. */
static int check_layout(size_t len, const struct kexec_pe_sig *pe, char *why, size_t why_len)
{
	u64 table_end = (u64)pe->sections_at + (u64)pe->nr_sections * PE_SECTION_SIZE;

	if (pe->nr_sections > PE_MAX_SECTIONS) {
		snprintf(why, why_len, "%u sections, at most %u allowed",
			 pe->nr_sections, PE_MAX_SECTIONS);
		return -EBADMSG;
	}
	if (table_end > pe->header_size || pe->header_size > len) {
		snprintf(why, why_len, "section table end 0x%llx, headers end 0x%x, file %zu bytes",
			 table_end, pe->header_size, len);
		return -EBADMSG;
	}
	return 0;
}

/* The certificate table is the end of the file and starts with a PKCS#7 entry. */
static int check_certs(const u8 *b, size_t len, const struct kexec_pe_sig *pe,
		       char *why, size_t why_len)
{
	u64 end = (u64)pe->certs_at + pe->certs_size;
	u32 length;

	if (!pe->certs_at || !pe->certs_size) {
		snprintf(why, why_len, "PE image without a certificate table: unsigned");
		return -ENODATA;
	}
	if (pe->certs_at < pe->header_size || end != len || pe->certs_size < WIN_CERT_HDR_SIZE) {
		snprintf(why, why_len,
			 "certificate table [0x%x, 0x%llx) is not the end of the %zu byte file",
			 pe->certs_at, end, len);
		return -EBADMSG;
	}
	length = rd32(b + pe->certs_at);
	if (length <= WIN_CERT_HDR_SIZE || length > pe->certs_size) {
		snprintf(why, why_len, "first signature of %u bytes, table holds %u",
			 length, pe->certs_size);
		return -EBADMSG;
	}
	if (rd16(b + pe->certs_at + 4) != WIN_CERT_REVISION_2 ||
	    rd16(b + pe->certs_at + 6) != WIN_CERT_PKCS_SIGNED) {
		snprintf(why, why_len,
			 "first signature has revision 0x%04x type 0x%04x, want PKCS#7",
			 rd16(b + pe->certs_at + 4), rd16(b + pe->certs_at + 6));
		return -EBADMSG;
	}
	return 0;
}

/* Every section's raw data lies before the certificate table. */
static int check_sections(const u8 *b, struct kexec_pe_sig *pe, char *why, size_t why_len)
{
	u64 hashed = pe->header_size;
	unsigned int i;

	for (i = 0; i < pe->nr_sections; i++) {
		const u8 *s = b + pe->sections_at + i * PE_SECTION_SIZE;
		u32 size = rd32(s + PE_SECTION_RAW_SIZE), at = rd32(s + PE_SECTION_RAW_AT);

		if (size && ((u64)at + size > pe->certs_at || at < pe->header_size)) {
			snprintf(why, why_len, "section %u [0x%x, 0x%llx) is outside [0x%x, 0x%x)",
				 i, at, (u64)at + size, pe->header_size, pe->certs_at);
			return -EBADMSG;
		}
		hashed += size;
	}
	if (hashed > pe->certs_at) {
		snprintf(why, why_len, "sections hold 0x%llx bytes, more than the 0x%x signed",
			 hashed, pe->certs_at);
		return -EBADMSG;
	}
	pe->tail_at = hashed;
	return 0;
}

/**
 * kexec_pe_sig_parse() - find the signature and the signed bytes of a PE image
 * @buf: the image file
 * @len: bytes at @buf
 * @pe: filled in on success
 * @why: on failure, the reason with its values (nothing is logged here)
 * @why_len: bytes at @why
 *
 * Return: 0 when @buf is a PE image with a certificate table that
 * verify_pefile_signature() can read safely; -ENODATA when there is nothing
 * to verify (no MZ header, or no certificate table); -EBADMSG when the
 * headers, sections or certificate table are malformed.
 */
int kexec_pe_sig_parse(const void *buf, size_t len, struct kexec_pe_sig *pe,
		       char *why, size_t why_len)
{
	const u8 *b = buf;
	u32 coff, opt;
	int ret;

	memset(pe, 0, sizeof(*pe));
	ret = find_headers(b, len, &coff, &opt, why, why_len);
	if (ret)
		return ret;
	ret = read_optional(b, len, coff, opt, pe, why, why_len);
	if (ret)
		return ret;
	ret = check_layout(len, pe, why, why_len);
	if (ret)
		return ret;
	ret = check_certs(b, len, pe, why, why_len);
	if (ret)
		return ret;
	return check_sections(b, pe, why, why_len);
}

/* The end of the hashed piece that holds @at, or @at when none does. */
static u64 hashed_run_end(const u8 *b, const struct kexec_pe_sig *pe, u64 at)
{
	u64 best = at;
	unsigned int i;

	/* The headers, in three pieces around the two fields left out. */
	if (at < pe->checksum_at)
		best = pe->checksum_at;
	else if (at >= pe->checksum_at + 4 && at < pe->dirent_at)
		best = pe->dirent_at;
	else if (at >= pe->dirent_at + PE_DIR_SIZE && at < pe->header_size)
		best = pe->header_size;
	for (i = 0; i < pe->nr_sections; i++) {
		const u8 *s = b + pe->sections_at + i * PE_SECTION_SIZE;
		u64 start = rd32(s + PE_SECTION_RAW_AT);
		u64 end = start + rd32(s + PE_SECTION_RAW_SIZE);

		if (start <= at && at < end)
			best = max(best, end);
	}
	if (pe->tail_at <= at && at < pe->certs_at)
		best = max_t(u64, best, pe->certs_at);
	return best;
}

/**
 * kexec_pe_sig_covers() - are the loaded bytes all signed?
 * @buf: the image file, as parsed by kexec_pe_sig_parse() into @pe
 * @pe: its signed bytes
 * @loaded: the half-open byte ranges of @buf a loader copies into memory
 * @nr_loaded: entries in @loaded
 * @why: on failure, the first unsigned byte (nothing is logged here)
 * @why_len: bytes at @why
 *
 * Return: 0 when Authenticode hashes every byte of every range in @loaded,
 * -EKEYREJECTED when one of them is not signed.
 */
int kexec_pe_sig_covers(const void *buf, const struct kexec_pe_sig *pe,
			const struct kexec_range *loaded, unsigned int nr_loaded,
			char *why, size_t why_len)
{
	unsigned int i;

	for (i = 0; i < nr_loaded; i++) {
		u64 at = loaded[i].start, next;

		while (at < loaded[i].end) {
			next = hashed_run_end(buf, pe, at);
			if (next == at) {
				snprintf(why, why_len,
					 "byte 0x%llx of loaded range [0x%llx, 0x%llx) is not signed",
					 at, loaded[i].start, loaded[i].end);
				return -EKEYREJECTED;
			}
			at = next;
		}
	}
	return 0;
}

/**
 * kexec_pe_sig_file_ranges() - the bytes of a signed PE file loaded as it is
 * @pe: the file's signed bytes, from kexec_pe_sig_parse()
 * @ranges: filled with half-open file offsets, ascending
 * @max: entries at @ranges
 *
 * For a format whose loader copies the file itself into memory (the arm64
 * Image): everything before the certificate table, except the two header
 * fields Authenticode leaves out because the signing tool writes them after
 * hashing, the CheckSum and the certificate table's data directory entry.
 * Whether all of that is hashed is kexec_pe_sig_covers()'s question.
 *
 *   0      checksum_at   +4     dirent_at   +8            certs_at   end
 *   | ranges[0] |  out   | ranges[1] |  out  | ranges[2]    | out     |
 *
 * Return: the number of ranges (3), or -E2BIG when @max is smaller.
 */
int kexec_pe_sig_file_ranges(const struct kexec_pe_sig *pe, struct kexec_range *ranges,
			     unsigned int max)
{
	/* The CheckSum precedes the data directories in PE32 and PE32+. */
	static_assert(PE_OPT_CHECKSUM + 4 <= PE_OPT_NR_DIRS_PE32);

	if (max < 3)
		return -E2BIG;
	ranges[0] = (struct kexec_range){ 0, pe->checksum_at };
	ranges[1] = (struct kexec_range){ (u64)pe->checksum_at + 4, pe->dirent_at };
	ranges[2] = (struct kexec_range){ (u64)pe->dirent_at + PE_DIR_SIZE, pe->certs_at };
	return 3;
}

/**
 * kexec_pe_sig_keep() - clear what a loader must not copy from a file
 * @buf: the file
 * @ranges: the bytes to keep, ascending and disjoint, the first from offset
 *	0 (kexec_pe_sig_file_ranges())
 * @nr: entries at @ranges, at least 1
 *
 * Zeroes the bytes of @buf between consecutive ranges, so that copying the
 * returned number of bytes from @buf copies kept bytes and zeros only. For
 * the two PE header fields, zero is what the image held before it was
 * signed (the EFI stubs leave both 0).
 *
 * Return: the number of bytes to copy: the end of the last range.
 */
u64 kexec_pe_sig_keep(void *buf, const struct kexec_range *ranges, unsigned int nr)
{
	unsigned int i;

	for (i = 1; i < nr; i++)
		memset((u8 *)buf + ranges[i - 1].end, 0, ranges[i].start - ranges[i - 1].end);
	return ranges[nr - 1].end;
}

/**
 * kexec_pe_section_table() - find the section table of a PE image
 * @buf: the file
 * @len: bytes at @buf
 * @table: filled in on success
 * @why: on failure, the reason with its values (nothing is logged here)
 * @why_len: bytes at @why
 *
 * For a format that is a PE container rather than a signed kernel (a UKI):
 * the table only has to lie inside the file; what each section points at
 * is the caller's to check.
 *
 * Return: 0; -ENODATA when @buf has no MZ header; -EBADMSG when the PE
 * header or the section table runs past the file, or holds too many entries.
 */
int kexec_pe_section_table(const void *buf, size_t len, struct kexec_pe_table *table,
			   char *why, size_t why_len)
{
	const u8 *b = buf;
	u32 coff, opt;
	u64 end;
	int ret;

	ret = find_headers(b, len, &coff, &opt, why, why_len);
	if (ret)
		return ret;
	table->at = opt + rd16(b + coff + PE_COFF_OPT_SIZE);
	table->nr = rd16(b + coff + PE_COFF_NR_SECTIONS);
	end = (u64)table->at + (u64)table->nr * PE_SECTION_SIZE;
	if (table->nr > PE_MAX_SECTIONS || end > len) {
		snprintf(why, why_len,
			 "section table of %u entries at 0x%x runs past the %zu byte file",
			 table->nr, table->at, len);
		return -EBADMSG;
	}
	table->end = end;
	return 0;
}

/**
 * kexec_pe_section() - read one entry of a section table
 * @buf: the file, whose table kexec_pe_section_table() found
 * @table: that table
 * @i: the entry, below @table->nr
 * @sect: filled with the entry's name and extent, as the file says them
 */
void kexec_pe_section(const void *buf, const struct kexec_pe_table *table, unsigned int i,
		      struct kexec_pe_section *sect)
{
	const u8 *s = (const u8 *)buf + table->at + i * PE_SECTION_SIZE;

	static_assert(sizeof(sect->name) == PE_SECTION_NAME_LEN + 1);
	memcpy(sect->name, s, PE_SECTION_NAME_LEN);
	sect->name[PE_SECTION_NAME_LEN] = '\0';
	sect->virtual_size = rd32(s + PE_SECTION_VIRT_SIZE);
	sect->raw_size = rd32(s + PE_SECTION_RAW_SIZE);
	sect->raw_at = rd32(s + PE_SECTION_RAW_AT);
}

/**
 * kexec_sig_errno() - the errno kexec_file_load(2) reports for a check result
 * @verify_ret: 0, or what kexec_pe_sig_parse(), verify_pefile_signature() or
 *	kexec_pe_sig_covers() returned
 *
 * Return: 0; -ENODATA no signature; -ENOKEY signed by a key no trusted
 * keyring holds; -EKEYREJECTED a trusted signature that does not match the
 * image (or a revoked key); -EBADMSG a signature or PE header that cannot be
 * parsed; -ENOMEM.
 */
int kexec_sig_errno(int verify_ret)
{
	switch (verify_ret) {
	case 0:
	case -ENODATA:
	case -ENOKEY:
	case -EKEYREJECTED:
	case -EBADMSG:
	case -ENOMEM:
		return verify_ret;
	case -EKEYREVOKED:
	case -EKEYEXPIRED:
		return -EKEYREJECTED;
	default:
		/* -ELIBBAD, -EMSGSIZE, -ENOTSUPP, -ENOPKG, ...: cannot be checked. */
		return -EBADMSG;
	}
}

/**
 * kexec_sig_refuses() - does a check result stop the load?
 * @sig_errno: a kexec_sig_errno() result
 * @enforce: a valid signature is required (KEXEC_SIG_FORCE, the
 *	sig_enforce switch, or lockdown without IMA appraisal)
 *
 * Without enforcement only a signature the kernel could check and found
 * wrong stops the load (the KEXEC_SIG help text's promise), and running out
 * of memory; no signature, an unknown signer or an unreadable signature are
 * let through, with a log line.
 *
 * Return: true when the load must fail with @sig_errno.
 */
bool kexec_sig_refuses(int sig_errno, bool enforce)
{
	if (!sig_errno)
		return false;
	return enforce || sig_errno == -EKEYREJECTED || sig_errno == -ENOMEM;
}
