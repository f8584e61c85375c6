// SPDX-License-Identifier: GPL-2.0
/*
 * Hosted tests for kernel/kexec_pe.c: the bounds of a signed PE image
 * (which bytes Authenticode hashes, where the signature is) and the policy
 * that turns a verification result into an errno. Nothing here logs: the
 * reason comes back in the caller's buffer, which the rows check.
 */
#include "seams/kexec_pure.h"
#include "../../../kernel/kexec_pe.c"

#include "harness/kt.h"
#include "harness/poke.h"

/*
 * The synthetic image every row starts from (PE32+, like the x86 and arm64
 * EFI stubs), 0x820 bytes:
 *
 *   0x000  MZ, e_lfanew = 0x40
 *   0x040  "PE\0\0", COFF header (2 sections, optional header 0xf0 bytes)
 *   0x058  optional header: CheckSum at 0x98, 16 data directories from
 *          0xc8, the certificate table's entry at 0xe8
 *   0x148  section table: .text [0x200, 0x600), .data [0x600, 0x800)
 *   0x200  end of the headers (SizeOfHeaders)
 *   0x800  certificate table, 0x20 bytes: WIN_CERTIFICATE of 0x18 bytes
 *   0x820  end of file
 */
#define IMG_LEN		0x820
#define LFANEW		0x40
#define COFF		(LFANEW + 4)
#define OPT		(COFF + 20)
#define OPT_SIZE	0xf0
#define SECTIONS	(OPT + OPT_SIZE)
#define HDR_SIZE	0x200
#define CERTS		0x800
#define CERTS_SIZE	0x20
#define CHECKSUM	(OPT + 64)
#define DIRENT		(OPT + 112 + 4 * 8)
#define SEC(i, f)	(SECTIONS + (i) * 40 + (f))
#define RAW_SIZE	16
#define RAW_AT		20
#define BUF_LEN		0x1000

/* The image above, then @pokes; returns its length (IMG_LEN + @grow). */
static size_t build(u8 *b, const struct poke *pokes, int grow)
{
	memset(b, 0xcc, BUF_LEN);
	memset(b, 0, HDR_SIZE);
	put(b, 0, 2, 0x5a4d);
	put(b, 0x3c, 4, LFANEW);
	put(b, LFANEW, 4, 0x00004550);
	put(b, COFF + 2, 2, 2);
	put(b, COFF + 16, 2, OPT_SIZE);
	put(b, OPT, 2, 0x20b);
	put(b, OPT + 60, 4, HDR_SIZE);
	put(b, OPT + 108, 4, 16);
	put(b, DIRENT, 4, CERTS);
	put(b, DIRENT + 4, 4, CERTS_SIZE);
	put(b, SEC(0, RAW_SIZE), 4, 0x400);
	put(b, SEC(0, RAW_AT), 4, 0x200);
	put(b, SEC(1, RAW_SIZE), 4, 0x200);
	put(b, SEC(1, RAW_AT), 4, 0x600);
	put(b, CERTS, 4, 0x18);
	put(b, CERTS + 4, 2, 0x0200);
	put(b, CERTS + 6, 2, 0x0002);
	apply_pokes(b, pokes);
	return IMG_LEN + grow;
}

struct parse_row {
	const char *name;
	struct poke pokes[4];
	int grow;
	int rc;
	const char *why;
};

static const struct parse_row parse_rows[] = {
	{ "a signed PE32+ image parses" },
	{ "a signed PE32 image parses",
	  { { OPT, 2, 0x10b }, { OPT + 92, 4, 16 }, { OPT + 96 + 32, 4, CERTS },
	    { OPT + 96 + 36, 4, CERTS_SIZE } } },
	{ "a file without MZ is unsigned: -ENODATA", { { 0, 2, 0x1234 } },
	  .rc = -ENODATA, .why = "no MZ header" },
	{ "a file shorter than the DOS header is -ENODATA", .grow = -IMG_LEN + 0x20,
	  .rc = -ENODATA, .why = "no MZ header" },
	{ "an e_lfanew past the file is -EBADMSG", { { 0x3c, 4, 0xfffffff0 } },
	  .rc = -EBADMSG, .why = "PE header offset 0xfffffff0" },
	{ "a missing PE signature is -EBADMSG", { { LFANEW, 1, 'X' } },
	  .rc = -EBADMSG, .why = "no PE signature at offset 0x40" },
	{ "an unknown optional header magic is -EBADMSG", { { OPT, 2, 0x107 } },
	  .rc = -EBADMSG, .why = "magic 0x0107" },
	{ "an optional header past the file is -EBADMSG", { { COFF + 16, 2, 0xfff0 } },
	  .rc = -EBADMSG, .why = "optional header of 65520 bytes" },
	{ "four data directories hold no certificate entry: -EBADMSG", { { OPT + 108, 4, 4 } },
	  .rc = -EBADMSG, .why = "4 directories" },
	{ "an optional header too short for the entry is -EBADMSG", { { COFF + 16, 2, 0x90 } },
	  .rc = -EBADMSG, .why = "in 144 bytes" },
	{ "97 sections are -EBADMSG", { { COFF + 2, 2, 97 } },
	  .rc = -EBADMSG, .why = "97 sections, at most 96" },
	{ "a section table past the headers is -EBADMSG", { { COFF + 2, 2, 5 } },
	  .rc = -EBADMSG, .why = "section table end 0x210, headers end 0x200" },
	{ "headers larger than the file are -EBADMSG", { { OPT + 60, 4, 0x900 } },
	  .rc = -EBADMSG, .why = "headers end 0x900, file 2080 bytes" },
	{ "no certificate table is unsigned: -ENODATA", { { DIRENT + 4, 4, 0 } },
	  .rc = -ENODATA, .why = "without a certificate table" },
	{ "a certificate table past the file is -EBADMSG", { { DIRENT + 4, 4, 0x10000 } },
	  .rc = -EBADMSG, .why = "[0x800, 0x10800) is not the end of the 2080 byte file" },
	{ "a certificate table that does not end the file is -EBADMSG", .grow = 8,
	  .rc = -EBADMSG, .why = "[0x800, 0x820) is not the end of the 2088 byte file" },
	{ "a certificate table inside the headers is -EBADMSG",
	  { { DIRENT, 4, 0x100 }, { DIRENT + 4, 4, 0x720 } },
	  .rc = -EBADMSG, .why = "[0x100, 0x820)" },
	{ "a signature of header size only is -EBADMSG", { { CERTS, 4, 8 } },
	  .rc = -EBADMSG, .why = "first signature of 8 bytes, table holds 32" },
	{ "a signature longer than its table is -EBADMSG", { { CERTS, 4, 0x21 } },
	  .rc = -EBADMSG, .why = "first signature of 33 bytes" },
	{ "a signature of revision 1.0 is -EBADMSG", { { CERTS + 4, 2, 0x0100 } },
	  .rc = -EBADMSG, .why = "revision 0x0100 type 0x0002" },
	{ "an X.509 certificate entry is -EBADMSG", { { CERTS + 6, 2, 0x0001 } },
	  .rc = -EBADMSG, .why = "revision 0x0200 type 0x0001" },
	{ "a section running into the certificates is -EBADMSG", { { SEC(1, RAW_SIZE), 4, 0x201 } },
	  .rc = -EBADMSG, .why = "section 1 [0x600, 0x801) is outside [0x200, 0x800)" },
	{ "a section inside the headers is -EBADMSG", { { SEC(0, RAW_AT), 4, 0x100 } },
	  .rc = -EBADMSG, .why = "section 0 [0x100, 0x500)" },
	{ "overlapping sections counting past the certificates are -EBADMSG",
	  { { SEC(1, RAW_AT), 4, 0x200 }, { SEC(1, RAW_SIZE), 4, 0x600 } },
	  .rc = -EBADMSG, .why = "sections hold 0xc00 bytes, more than the 0x800" },
};

static void parse(struct kt *t, const void *p)
{
	const struct parse_row *row = p;
	static u8 b[BUF_LEN];
	struct kexec_pe_sig pe;
	char why[KEXEC_PE_WHY_LEN] = "";
	size_t len = build(b, row->pokes, row->grow);

	KT_EXPECT_EQ(t, kexec_pe_sig_parse(b, len, &pe, why, sizeof(why)), row->rc);
	KT_EXPECT_NO_LOG(t);
	if (row->rc) {
		if (!KT_EXPECT_TRUE(t, strstr(why, row->why)))
			fprintf(stderr, "# why: %s\n", why);
		return;
	}
	KT_EXPECT_EQ(t, pe.header_size, HDR_SIZE);
	KT_EXPECT_EQ(t, pe.checksum_at, CHECKSUM);
	KT_EXPECT_EQ(t, pe.dirent_at, b[OPT] == 0x0b && b[OPT + 1] == 0x01 ? OPT + 128 : DIRENT);
	KT_EXPECT_EQ(t, pe.sections_at, SECTIONS);
	KT_EXPECT_EQ(t, pe.nr_sections, 2);
	KT_EXPECT_EQ(t, pe.certs_at, CERTS);
	KT_EXPECT_EQ(t, pe.certs_size, CERTS_SIZE);
	KT_EXPECT_EQ(t, pe.tail_at, CERTS);
}

#define R(s, e)		{ .start = (s), .end = (e) }

struct cover_row {
	const char *name;
	struct poke pokes[2];
	struct kexec_range loaded[2];
	unsigned int nr;
	int rc;
	const char *why;
};

static const struct cover_row cover_rows[] = {
	{ "header bytes after the certificate entry are signed",
	  .loaded = { R(0xf0, 0x200) }, .nr = 1 },
	{ "a range across both sections is signed",
	  .loaded = { R(0x200, 0x800) }, .nr = 1 },
	{ "an empty range needs nothing", .loaded = { R(0x900, 0x900) }, .nr = 1 },
	{ "the CheckSum field is not signed: -EKEYREJECTED",
	  .loaded = { R(0x90, 0xa0) }, .nr = 1, .rc = -EKEYREJECTED,
	  .why = "byte 0x98 of loaded range [0x90, 0xa0)" },
	{ "the certificate table entry is not signed: -EKEYREJECTED",
	  .loaded = { R(0x200, 0x300), R(0xe0, 0xf0) }, .nr = 2, .rc = -EKEYREJECTED,
	  .why = "byte 0xe8 of loaded range [0xe0, 0xf0)" },
	{ "the certificate table is not signed: -EKEYREJECTED",
	  .loaded = { R(0x7f0, 0x810) }, .nr = 1, .rc = -EKEYREJECTED,
	  .why = "byte 0x800 of loaded range [0x7f0, 0x810)" },
	/* .text [0x200, 0x400), .data [0x600, 0x800): the tail is [0x600, 0x800). */
	{ "a gap between sections is not signed: -EKEYREJECTED",
	  { { SEC(0, RAW_SIZE), 4, 0x200 } },
	  .loaded = { R(0x300, 0x500) }, .nr = 1, .rc = -EKEYREJECTED,
	  .why = "byte 0x400 of loaded range [0x300, 0x500)" },
	/* .data shrunk to [0x600, 0x700): the tail [0x700, 0x800) is hashed. */
	{ "data after the last section is signed up to the certificates",
	  { { SEC(1, RAW_SIZE), 4, 0x100 } },
	  .loaded = { R(0x200, 0x800) }, .nr = 1 },
};

static void covers(struct kt *t, const void *p)
{
	const struct cover_row *row = p;
	static u8 b[BUF_LEN];
	struct kexec_pe_sig pe;
	char why[KEXEC_PE_WHY_LEN] = "";
	size_t len = build(b, row->pokes, 0);

	KT_ASSERT_EQ(t, kexec_pe_sig_parse(b, len, &pe, why, sizeof(why)), 0);
	KT_EXPECT_EQ(t, kexec_pe_sig_covers(b, &pe, row->loaded, row->nr, why, sizeof(why)),
		     row->rc);
	KT_EXPECT_NO_LOG(t);
	if (row->rc && !KT_EXPECT_TRUE(t, strstr(why, row->why)))
		fprintf(stderr, "# why: %s\n", why);
}

/*
 * A loader that copies the file itself (arm64) keeps everything before the
 * certificate table but the CheckSum [0x98, 0x9c) and the certificate
 * entry [0xe8, 0xf0), which it zeroes.
 */
static void file_ranges_leave_out_unsigned_fields(struct kt *t, const void *row)
{
	static u8 b[BUF_LEN];
	struct kexec_range r[3];
	struct kexec_pe_sig pe;
	char why[KEXEC_PE_WHY_LEN] = "";
	size_t len = build(b, NULL, 0);

	put(b, CHECKSUM, 4, 0x12345678);
	KT_ASSERT_EQ(t, kexec_pe_sig_parse(b, len, &pe, why, sizeof(why)), 0);
	KT_EXPECT_EQ(t, kexec_pe_sig_file_ranges(&pe, r, 2), -E2BIG);
	KT_ASSERT_EQ(t, kexec_pe_sig_file_ranges(&pe, r, 3), 3);
	KT_EXPECT_EQ(t, r[0].start, 0);
	KT_EXPECT_EQ(t, r[0].end, CHECKSUM);
	KT_EXPECT_EQ(t, r[1].start, CHECKSUM + 4);
	KT_EXPECT_EQ(t, r[1].end, DIRENT);
	KT_EXPECT_EQ(t, r[2].start, DIRENT + 8);
	KT_EXPECT_EQ(t, r[2].end, CERTS);
	KT_EXPECT_EQ(t, kexec_pe_sig_covers(b, &pe, r, 3, why, sizeof(why)), 0);
	KT_EXPECT_EQ(t, kexec_pe_sig_keep(b, r, 3), CERTS);
	KT_EXPECT_EQ(t, b[CHECKSUM] | b[CHECKSUM + 3], 0);
	KT_EXPECT_EQ(t, b[DIRENT + 1] | b[DIRENT + 4], 0);
	/* The bytes around them and the certificate table are left alone. */
	KT_EXPECT_EQ(t, b[SEC(0, RAW_SIZE) + 1], 0x04);
	KT_EXPECT_EQ(t, b[CERTS], 0x18);
	KT_EXPECT_EQ(t, b[0x7ff], 0xcc);
	KT_EXPECT_NO_LOG(t);
}

/* With a gap between sections, the file ranges are not all signed. */
static void file_ranges_refuse_an_unsigned_gap(struct kt *t, const void *row)
{
	static u8 b[BUF_LEN];
	struct kexec_range r[3];
	struct kexec_pe_sig pe;
	char why[KEXEC_PE_WHY_LEN] = "";
	size_t len = build(b, (const struct poke[]){ { SEC(0, RAW_SIZE), 4, 0x200 }, {} }, 0);

	KT_ASSERT_EQ(t, kexec_pe_sig_parse(b, len, &pe, why, sizeof(why)), 0);
	KT_ASSERT_EQ(t, kexec_pe_sig_file_ranges(&pe, r, 3), 3);
	KT_EXPECT_EQ(t, kexec_pe_sig_covers(b, &pe, r, 3, why, sizeof(why)), -EKEYREJECTED);
	if (!KT_EXPECT_TRUE(t, strstr(why, "byte 0x400 of loaded range [0xf0, 0x800)")))
		fprintf(stderr, "# why: %s\n", why);
	KT_EXPECT_NO_LOG(t);
}

struct errno_row {
	const char *name;
	int verify_ret;
	int sig_errno;
	bool refused_unenforced;
};

static const struct errno_row errno_rows[] = {
	{ "a valid signature is 0 and loads", 0, 0, false },
	{ "no signature is -ENODATA, loads unenforced", -ENODATA, -ENODATA, false },
	{ "an unknown signer is -ENOKEY, loads unenforced", -ENOKEY, -ENOKEY, false },
	{ "a mismatch is -EKEYREJECTED, always refused", -EKEYREJECTED, -EKEYREJECTED, true },
	{ "a revoked key is -EKEYREJECTED, always refused", -EKEYREVOKED, -EKEYREJECTED, true },
	{ "an expired key is -EKEYREJECTED, always refused", -EKEYEXPIRED, -EKEYREJECTED, true },
	{ "an unparsable signature is -EBADMSG, loads unenforced", -EBADMSG, -EBADMSG, false },
	{ "a malformed PE file (-ELIBBAD) is -EBADMSG", -ELIBBAD, -EBADMSG, false },
	{ "an oversized ASN.1 length (-EMSGSIZE) is -EBADMSG", -EMSGSIZE, -EBADMSG, false },
	{ "a kernel-internal -ENOTSUPP (524) never reaches user space", -524, -EBADMSG, false },
	{ "a missing hash algorithm (-ENOPKG) is -EBADMSG", -ENOPKG, -EBADMSG, false },
	{ "out of memory is -ENOMEM, always refused", -ENOMEM, -ENOMEM, true },
};

static void sig_errno(struct kt *t, const void *p)
{
	const struct errno_row *row = p;
	int got = kexec_sig_errno(row->verify_ret);

	KT_EXPECT_EQ(t, got, row->sig_errno);
	KT_EXPECT_EQ(t, kexec_sig_refuses(got, false), row->refused_unenforced);
	KT_EXPECT_EQ(t, kexec_sig_refuses(got, true), got != 0);
	KT_EXPECT_NO_LOG(t);
}

static const struct kt_case cases[] = {
	KT_TABLE(parse, parse_rows),
	KT_TABLE(covers, cover_rows),
	KT_CASE(file_ranges_leave_out_unsigned_fields),
	KT_CASE(file_ranges_refuse_an_unsigned_gap),
	KT_TABLE(sig_errno, errno_rows),
};

KT_MAIN(cases)
