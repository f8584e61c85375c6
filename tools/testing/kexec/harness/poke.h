/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic images for the hosted tests: a table row describes its image as
 * the common one plus a few little-endian stores ("pokes") at file offsets.
 */
#ifndef KEXEC_HOSTED_POKE_H
#define KEXEC_HOSTED_POKE_H

struct poke {
	u32 at;
	u8 width;	/* 1, 2 or 4; 0 ends the list */
	u32 value;
};

/* Store @v at @at in @width bytes, least significant first. */
static inline void put(u8 *b, u32 at, u8 width, u32 v)
{
	for (u8 i = 0; i < width; i++)
		b[at + i] = v >> (8 * i);
}

/* Each poke of a list that ends with a zero width (or NULL). */
static inline void apply_pokes(u8 *b, const struct poke *pokes)
{
	for (; pokes && pokes->width; pokes++)
		put(b, pokes->at, pokes->width, pokes->value);
}

#endif /* KEXEC_HOSTED_POKE_H */
