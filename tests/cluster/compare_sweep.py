#!/usr/bin/python3
"""Checks that merged sweep files equal the single-process file in data.

    compare_sweep.py SINGLE.h5 MERGED.h5... [--parts N PART.h5...]

Every dataset of SINGLE (root variables and coordinates, /final, /total,
/summary, /scenarios, /parameters) must be in each MERGED file with the same
shape, type, bytes (bit equality: NaN equals NaN) and attributes; and no other
dataset may be there. Global attributes (history, command, shard_*) are not
compared: they name the command that wrote the file. With --parts, part k of N
must hold exactly its own points, p % N == k, every replicate complete.
Exit 0 only when everything is equal.
"""
import sys

import h5py
import numpy as np

# Object references to dimension scales: differ between files by nature.
SKIPPED_ATTRS = {"DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "_Netcdf4Dimid",
                 "_Netcdf4Coordinates"}


def datasets(f):
    out = {}
    f.visititems(lambda name, obj: out.__setitem__(name, obj)
                 if isinstance(obj, h5py.Dataset) else None)
    return out


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.kind in "fiub":  # numbers: the bytes themselves
        return a.tobytes() == b.tobytes()
    return np.array_equal(a, b)


def compare(single, merged):
    errors = []
    with h5py.File(single, "r") as fs, h5py.File(merged, "r") as fm:
        ds, dm = datasets(fs), datasets(fm)
        for name in sorted(set(ds) ^ set(dm)):
            errors.append(f"{name}: only in {single if name in ds else merged}")
        for name in sorted(set(ds) & set(dm)):
            a, b = ds[name], dm[name]
            if not same(a[()], b[()]):
                errors.append(f"{name}: data differ ({a.shape} {a.dtype} vs {b.shape} {b.dtype})")
            for key in sorted((set(a.attrs) | set(b.attrs)) - SKIPPED_ATTRS):
                if key not in a.attrs or key not in b.attrs or not same(a.attrs[key], b.attrs[key]):
                    errors.append(f"{name}: attribute {key} differs")
        print(f"{merged}: {len(set(ds) & set(dm))} datasets compared with {single}")
    return errors


def names(f):
    return [s.decode() if isinstance(s, bytes) else str(s) for s in f["scenario"][()]]


def check_part(single, part, n):
    errors = []
    with h5py.File(single, "r") as fs, h5py.File(part, "r") as fp:
        k = int(fp.attrs["shard_index"])
        if int(fp.attrs["shard_count"]) != n:
            errors.append(f"{part}: shard_count {fp.attrs['shard_count']}, expected {n}")
        all_points = names(fs)
        own = [p for i, p in enumerate(all_points) if i % n == k]
        got = names(fp)
        complete = fp["replicate_complete"][()]
        # A part may list every point (others incomplete) or only its own.
        done = [p for p, row in zip(got, complete) if row.all()]
        partly = [p for p, row in zip(got, complete) if row.any() and not row.all()]
        if done != own or partly:
            errors.append(f"{part}: shard {k}/{n} has complete points {done} "
                          f"(partly: {partly}), expected {own}")
        print(f"{part}: shard {k}/{n}, points {done}")
    return errors


def main(argv):
    if "--parts" in argv:
        i = argv.index("--parts")
        files, n, parts = argv[:i], int(argv[i + 1]), argv[i + 2:]
    else:
        files, n, parts = argv, 0, []
    if len(files) < 2:
        sys.exit(__doc__)
    single, merged = files[0], files[1:]
    errors = []
    for m in merged:
        errors += compare(single, m)
    for p in parts:
        errors += check_part(single, p, n)
    for e in errors:
        print("DIFF:", e)
    print("equal" if not errors else f"{len(errors)} differences")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
