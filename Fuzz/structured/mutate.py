# Structure-aware mutations of TFLite models dumped to JSON by flatc: option values, shapes,
# types, quantization parameters, operator and subgraph tensor lists, buffer data, versions,
# variable flags, duplicated operators. Each variant gets 1-3 edits, listed in its description.
#   mutate.py SEED COUNT OUT_DIR JSON_DIR [NAME_PREFIX]

import json, random, os, sys, copy, glob
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
out = sys.argv[3]
os.makedirs(out, exist_ok=True)
bases = {os.path.basename(p)[:-5]: json.load(open(p)) for p in sorted(glob.glob(os.path.join(sys.argv[4], (sys.argv[5] if len(sys.argv) > 5 else '') + '*.json')))}
INTS = [-2147483648, -65536, -129, -128, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 127, 128, 255, 256, 65535, 65536, 1 << 24, 2147483647]
FLOATS = [0.0, -0.0, -1.0, 1e-45, 1e-38, 1e-10, 1e-5, 0.5, 1.0, 2.0, 1e10, 3.4e38, "inf", "-inf", "nan"]
TYPES = ["FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "INT8", "FLOAT64", "UINT64", "RESOURCE", "UINT32", "UINT16", "INT4"]
def pick(l): return random.choice(l)
def mutate(m, log):
    sg = random.choice(m['subgraphs'])
    ops = sg.get('operators', [])
    tensors = sg.get('tensors', [])
    kind = random.randrange(14)
    if kind in (0, 1) and ops:
        op = pick(ops); opts = op.get('builtin_options')
        if isinstance(opts, dict) and opts:
            k = pick(list(opts.keys())); v = opts[k]
            if isinstance(v, bool): opts[k] = not v
            elif isinstance(v, int): opts[k] = pick(INTS)
            elif isinstance(v, float): opts[k] = pick(FLOATS)
            elif isinstance(v, list): opts[k] = [pick(INTS) for _ in range(random.randrange(0, 7))]
            elif isinstance(v, str): opts[k] = random.randrange(0, 8)
            log.append(f'option {k}={opts[k]}')
    elif kind in (2, 3) and tensors:
        t = pick(tensors); sh = t.get('shape', [])
        r = random.randrange(4)
        if r == 0 and sh: i = random.randrange(len(sh)); sh[i] = pick(INTS); log.append(f'{t.get("name")} shape[{i}]={sh[i]}')
        elif r == 1 and sh: sh.pop(random.randrange(len(sh))); log.append(f'{t.get("name")} drop dim')
        elif r == 2: sh.insert(random.randrange(len(sh) + 1), pick([1, 2, 0, 3])); log.append(f'{t.get("name")} add dim')
        else:
            if sh: i = random.randrange(len(sh)); sh[i] = max(0, sh[i] + pick([-1, 1, 2, -2])); log.append(f'{t.get("name")} shape[{i}]+-')
        t['shape'] = sh
    elif kind == 4 and tensors:
        t = pick(tensors); t['type'] = pick(TYPES); log.append(f'{t.get("name")} type {t["type"]}')
    elif kind in (5, 6) and tensors:
        t = pick([t for t in tensors if t.get('quantization')] or tensors); q = t.setdefault('quantization', {})
        r = random.randrange(5)
        if r == 0 and q.get('scale'): i = random.randrange(len(q['scale'])); q['scale'][i] = pick(FLOATS); log.append(f'{t.get("name")} scale[{i}]={q["scale"][i]}')
        elif r == 1 and q.get('zero_point'): i = random.randrange(len(q['zero_point'])); q['zero_point'][i] = pick(INTS + [2**40, -2**40]); log.append(f'{t.get("name")} zp={q["zero_point"][i]}')
        elif r == 2: q['quantized_dimension'] = pick([-1, 1, 2, 3, 4, 100]); log.append(f'{t.get("name")} qdim={q["quantized_dimension"]}')
        elif r == 3: n = pick([0, 1, 2, 3, 5, 17]); q['scale'] = [pick([0.1, 0.5, 1.0])] * n; log.append(f'{t.get("name")} {n} scales')
        else: n = pick([0, 1, 2, 3, 5, 17]); q['zero_point'] = [0] * n; log.append(f'{t.get("name")} {n} zps')
    elif kind == 7 and ops:
        op = pick(ops); lst = pick(['inputs', 'outputs']); l = op.get(lst, [])
        r = random.randrange(3)
        if r == 0 and l: i = random.randrange(len(l)); l[i] = pick([-1, -2, random.randrange(len(tensors) + 2)]); log.append(f'op {lst}[{i}]={l[i]}')
        elif r == 1 and l: l.pop(random.randrange(len(l))); log.append(f'op {lst} drop')
        else: l.append(pick([-1, random.randrange(max(len(tensors), 1))])); log.append(f'op {lst} add')
        op[lst] = l
    elif kind == 8:
        bufs = [b for b in m.get('buffers', []) if b.get('data')]
        if bufs:
            b = pick(bufs); r = random.randrange(3)
            if r == 0: b['data'] = b['data'][:random.randrange(len(b['data']) + 1)]; log.append('buffer truncated')
            elif r == 1: b['data'] = b['data'] + [0] * random.randrange(1, 64); log.append('buffer extended')
            else:
                i = random.randrange(len(b['data'])); b['data'][i] = random.randrange(256); log.append('buffer byte')
    elif kind == 9 and tensors:
        t = pick(tensors); t['buffer'] = random.randrange(len(m.get('buffers', [])) + 1); log.append(f'{t.get("name")} buffer {t["buffer"]}')
    elif kind == 10:
        lst = pick(['inputs', 'outputs']); l = sg.get(lst, [])
        if l and random.random() < 0.5: l[random.randrange(len(l))] = random.randrange(len(tensors)); log.append(f'subgraph {lst} changed')
        else: l.append(random.randrange(len(tensors))); log.append(f'subgraph {lst} add')
        sg[lst] = l
    elif kind == 11 and m.get('operator_codes'):
        c = pick(m['operator_codes']); c['version'] = pick([0, 1, 2, 3, 7, 99, -1]); log.append(f'version {c["version"]}')
    elif kind == 12 and tensors:
        t = pick(tensors); t['is_variable'] = not t.get('is_variable', False); log.append(f'{t.get("name")} variable')
    elif kind == 13 and ops:
        op = pick(ops); ops.append(copy.deepcopy(op)); log.append('op duplicated')
for n in range(count):
    name = random.choice(list(bases)); m = copy.deepcopy(bases[name]); log = []
    for _ in range(random.choice([1, 1, 2, 3])): mutate(m, log)
    m['description'] = f'{name}: ' + '; '.join(log)
    json.dump(m, open(f'{out}/{name}-{n:05d}.json', 'w'))
