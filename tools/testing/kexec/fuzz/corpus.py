#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The kept fuzzing corpus as text: one input per line, in hex.

  corpus.py unpack FILE DIR   write each line of FILE as one file into DIR
  corpus.py pack DIR FILE     the files of DIR into FILE, shortest first, up
                              to BUDGET bytes of input

A text file per target keeps the corpus reviewable and lets it travel in a
patch series, which carries no binary files. The budget keeps each file a
size a patch can carry; the inputs it leaves out are the longest, which
mutations of the generated seeds find again.
"""
import os
import sys

BUDGET = 32 * 1024


def unpack(path, outdir):
    os.makedirs(outdir, exist_ok=True)
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    for i, line in enumerate(lines):
        with open(os.path.join(outdir, 'kept-%05d' % i), 'wb') as out:
            out.write(bytes.fromhex(line))
    return len(lines)


def pack(indir, path):
    inputs = set()
    for name in os.listdir(indir):
        with open(os.path.join(indir, name), 'rb') as f:
            inputs.add(f.read().hex())
    kept, used = [], 0
    for line in sorted(inputs, key=lambda h: (len(h), h)):
        if used + len(line) // 2 > BUDGET:
            break
        kept.append(line)
        used += len(line) // 2
    with open(path, 'w') as out:
        out.write('# libFuzzer corpus of %s, one input per line in hex '
                  '(fuzz/corpus.py)\n'
                  % os.path.basename(path).rsplit('.', 1)[0])
        for line in kept:
            out.write(line + '\n')
    return len(kept)


if __name__ == '__main__':
    if len(sys.argv) != 4 or sys.argv[1] not in ('pack', 'unpack'):
        sys.exit(__doc__)
    n = (unpack if sys.argv[1] == 'unpack' else pack)(sys.argv[2], sys.argv[3])
    print(n)
