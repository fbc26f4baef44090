#!/usr/bin/env python3
"""The single-element cases of DoublePrepareTests.swift that scale_sweep.py found: pip
tflite-micro's outputs where its prepare multipliers are all double and the TFLM source's are
float-then-widened (SUB, LEAKY_RELU, RELU, BATCH_MATMUL; int8 and int16). For each case prints
pip's output, Kinglet's (with --kinglet PATH) and what each candidate formula gives.

    /tmp/venv-vectors/bin/python tools/vectors/sweep_pins.py [--kinglet .build/release/kinglet]

Requirements: tools/zoo/requirements.txt (the converter-made templates of scale_sweep.py).
"""
import argparse, os, struct, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np
import scale_sweep as S
f32, f64 = np.float32, np.float64
def F(h): return np.frombuffer(struct.pack('<I', h), dtype=np.float32)[0]
KINGLET = None
WORK = tempfile.mkdtemp(prefix="sweep-pins-")
def run(m, inputs):
    b = S.merge([m])
    pip = S.run_pip(b, inputs, 1)[0]
    if not KINGLET:
        return pip.reshape(-1).tolist(), "-"
    kin, err = S.run_kinglet(KINGLET, b, inputs, 1, WORK)
    return pip.reshape(-1).tolist(), (kin[0].reshape(-1).tolist() if kin else err)
def show(name, p, k, mults):
    print(f"{name}: pip {p} kinglet {k} | " + "; ".join(f"{n}: {v}" for n, v in mults.items()))

def binary(kind, builtin, dt, s1, z1, s2, z2, so, zo, x1, x2):
    m = S.OpModel(kind, builtin)
    t = S.TNAME[dt]
    m.set("in", 0, [1, 1], t, [F(s1)], [z1]); m.set("in", 1, [1, 1], t, [F(s2)], [z2]); m.set("out", 0, [1, 1], t, [F(so)], [zo])
    m.op.builtinOptions.fusedActivationFunction = 0
    p, k = run(m, [np.array([[x1]], dt), np.array([[x2]], dt)])
    ls = 15 if dt == np.int16 else 20
    fo = S.addsub_formulas(ls); prm = dict(s1=F(s1), s2=F(s2), out_scale=F(so))
    em = S.addsub_emulate(np.array([x1], np.int64), np.array([x2], np.int64), dict(z1=z1, z2=z2, out_zp=zo), ls, -1, dt)
    show(f"SUB/{t} s1={s1:#010x} z1={z1} s2={s2:#010x} z2={z2} out={so:#010x} zo={zo} x=({x1},{x2})", p, k,
         {f: (em(fo[f][1](prm)).tolist(), [S.qm(v) for v in fo[f][1](prm)]) for f in fo})

def leaky(dt, si, zi, so, zo, a, x, builtin="LEAKY_RELU"):
    t = S.TNAME[dt]
    if builtin == "LEAKY_RELU":
        m = S.OpModel("leaky", "LEAKY_RELU"); m.op.builtinOptions.alpha = float(F(a))
    else:
        m = S.OpModel("relu", "RELU")
    m.set("in", 0, [1, 1], t, [F(si)], [zi]); m.set("out", 0, [1, 1], t, [F(so)], [zo])
    p, k = run(m, [np.array([[x]], dt)])
    i_s, o_s = F(si), F(so)
    if builtin == "LEAKY_RELU":
        al = F(a)
        fF = [f64(f32(f32(i_s * al) / o_s)), f64(f32(i_s / o_s))]
        fD = [f64(i_s) * f64(al) / f64(o_s), f64(i_s) / f64(o_s)]
        def em(re):
            v = x - zi
            return int(S.clamp(S.mbqm(np.array([v]), S.qm(re[1] if v >= 0 else re[0])) + zo, dt)[0])
        show(f"LEAKY_RELU/{t} in={si:#010x} zi={zi} out={so:#010x} zo={zo} alpha={a:#010x} x={x}", p, k,
             {"F": (em(fF), [S.qm(v) for v in fF]), "D": (em(fD), [S.qm(v) for v in fD])})
    else:
        fF = [f64(f32(i_s / o_s))]; fD = [f64(i_s) / f64(o_s)]
        em = lambda re: int(S.clamp(np.maximum(S.mbqm(np.array([x - zi]), S.qm(re[0])) + zo, zo), dt)[0])
        show(f"RELU/{t} in={si:#010x} zi={zi} out={so:#010x} zo={zo} x={x}", p, k,
             {"F": (em(fF), [S.qm(v) for v in fF]), "D": (em(fD), [S.qm(v) for v in fD])})

def bmm(dt, sl, zl, sr, zr, so, zo, l, r):
    t = S.TNAME[dt]
    m = S.OpModel("bmm", "BATCH_MATMUL")
    m.set("in", 0, [1, 1, 1], t, [F(sl)], [zl]); m.set("in", 1, [1, 1, 1], t, [F(sr)], [zr]); m.set("out", 0, [1, 1, 1], t, [F(so)], [zo])
    m.op.builtinOptions.adjX = m.op.builtinOptions.adjY = False
    p, k = run(m, [np.array([[[l]]], dt), np.array([[[r]]], dt)])
    a, b, o = F(sl), F(sr), F(so)
    fM = f64(f32(a * b)) / f64(o); fD = f64(a) * f64(b) / f64(o)
    show(f"BATCH_MATMUL/{t} lhs={sl:#010x} zl={zl} rhs={sr:#010x} zr={zr} out={so:#010x} zo={zo} x=({l},{r}) acc={(l-zl)*(r-zr)}", p, k,
         {"M": S.qm(fM), "D": S.qm(fD)})

parser = argparse.ArgumentParser()
parser.add_argument("--kinglet", default=None)
KINGLET = parser.parse_args().kinglet
binary("sub", "SUB", np.int8, 0x3e4b3d52, 41, 0x3d6c6291, -75, 0x40096ad3, 60, -42, -7)
binary("sub", "SUB", np.int16, 0x3ad5c015, 0, 0x3b080793, 0, 0x3b5bbe45, 0, -13044, -4193)
leaky(np.int8, 0x3f44b3c8, -75, 0x3e60cd77, -19, 0x3dc89d63, -74)
leaky(np.int16, 0x3f620ef5, 0, 0x3f5c27db, 0, 0x3d2b5970, 13744)
leaky(np.int16, 0x3bc4b7e3, 0, 0x3c4e2ea9, 0, 0x3fcda095, -18518)
leaky(np.int8, 0x3f770286, -11, 0x3fd58b44, -119, 0, 123, builtin="RELU")
leaky(np.int16, 0x3c1f7f2e, 0, 0x3c069465, 0, 0, 25242, builtin="RELU")
bmm(np.int8, 0x3d833f2a, 37, 0x3e358564, -80, 0x40159488, 49, -128, -128)
bmm(np.int16, 0x3e3a464a, 0, 0x3c5226aa, 0, 0x42ce6aab, 0, -32768, -32768)
