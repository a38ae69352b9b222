#!/usr/bin/python3
"""The study behind sensitivity.py's defaults (run by hand, not by ctest; about 2 minutes).

On the Ishigami function (a = 7, b = 0.1, known indices) over many random
Sobol designs A, B, A_B^(i) (commsim's layout), for each OpenTURNS estimator
and n: the bias and standard deviation of the S1 and ST estimates across
designs, the mean width and the coverage of 95 % intervals of three kinds:
"rows" (sensitivity.py's default: percentile bootstrap of the n rows around
OpenTURNS' estimator), "openturns" (OpenTURNS' own bootstrap interval) and
"asymptotic" (OpenTURNS' asymptotic interval). With --noise F, Gaussian noise of
F times the function's variance is added to every evaluation (a noisy
simulator: the indices are then those of the noisy output).

usage: sobol_estimator_study.py [--designs 40] [--bootstrap 200] [--n 32,256] [--noise 0]
"""

import argparse
import os
import sys

import numpy as np
import openturns as ot

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "scripts"))
import sensitivity  # noqa: E402

TRUE = np.array([0.3139, 0.4424, 0.0, 0.5576, 0.4424, 0.2437])  # S1 1..3, ST 1..3
VARIANCE = 13.8446  # of Ishigami (a = 7, b = 0.1)


def ishigami(x, a=7.0, b=0.1):
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--designs", type=int, default=40)
    parser.add_argument("--bootstrap", type=int, default=200)
    parser.add_argument("--n", default="32,256")
    parser.add_argument("--noise", type=float, default=0.0)
    args = parser.parse_args()
    ot.Log.Show(ot.Log.NONE)
    k = 3
    # With noise of variance F*V added, S_i -> S_i / (1 + F), ST_i -> (ST_i + F) / (1 + F).
    f = args.noise
    true = np.concatenate([TRUE[:k] / (1 + f), (TRUE[k:] + f) / (1 + f)])
    print(f"Ishigami, {args.designs} designs, {args.bootstrap} bootstrap resamples, noise {f:g}"
          " x variance; columns S1_1 S1_2 S1_3 ST_1 ST_2 ST_3")
    for n in [int(v) for v in args.n.split(",")]:
        for name in sensitivity.ESTIMATORS:
            cls = getattr(ot, sensitivity.ESTIMATORS[name])
            estimates, cover, width = [], {}, {}
            for design in range(args.designs):
                rng = np.random.default_rng(1000 + design)
                a = rng.uniform(-np.pi, np.pi, (n, k))
                b = rng.uniform(-np.pi, np.pi, (n, k))
                blocks = [a, b]
                for i in range(k):
                    e = a.copy()
                    e[:, i] = b[:, i]
                    blocks.append(e)
                x = np.vstack(blocks)
                y = ishigami(x) + np.sqrt(f * VARIANCE) * rng.standard_normal(len(x))
                estimates.append(np.concatenate(sensitivity.ot_indices(ot, cls, x, y, n)))
                intervals = {"rows": sensitivity.bootstrap_rows(
                    ot, cls, x, y, n, k, args.bootstrap, 0.95, design, "study")}
                for kind in ("openturns", "asymptotic"):
                    algorithm = cls(ot.Sample(x), ot.Sample(y[:, None]), n)
                    algorithm.setBootstrapSize(args.bootstrap)
                    algorithm.setConfidenceLevel(0.95)
                    algorithm.setUseAsymptoticDistribution(kind == "asymptotic")
                    try:
                        i1 = algorithm.getFirstOrderIndicesInterval()
                        it = algorithm.getTotalOrderIndicesInterval()
                    except Exception:  # noqa: BLE001  no asymptotic law for this estimator
                        continue
                    intervals[kind] = ((np.array(i1.getLowerBound()), np.array(i1.getUpperBound())),
                                       (np.array(it.getLowerBound()), np.array(it.getUpperBound())))
                for kind, ((l1, h1), (lt, ht)) in intervals.items():
                    lo, hi = np.concatenate([l1, lt]), np.concatenate([h1, ht])
                    cover.setdefault(kind, []).append((lo <= true) & (true <= hi))
                    width.setdefault(kind, []).append(hi - lo)
            estimates = np.array(estimates)
            fmt = lambda v: " ".join(f"{x:6.3f}" for x in v)  # noqa: E731
            print(f"n={n:5d} {name:18s} bias {fmt(estimates.mean(0) - true)}")
            print(f"{'':25s}   sd {fmt(estimates.std(0))}")
            for kind in cover:
                print(f"{'':25s} {kind:>10s} coverage {fmt(np.mean(cover[kind], 0))}"
                      f"  width {fmt(np.mean(width[kind], 0))}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
