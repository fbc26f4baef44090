# Runs every .tflite in DIR once through a libFuzzer binary, in batches, continuing past
# crashes; prints each crashing file with the failure and the Kinglet frames.
#   replay.py FUZZER DIR

import subprocess, sys, os, re
binary, directory = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.endswith('.tflite'))
env = dict(os.environ, SWIFT_BACKTRACE='enable=no')
i = 0; crashes = []
while i < len(files):
    batch = files[i:i + 100]
    p = subprocess.run(['nice', '-n', '10', binary, '-timeout=10', '-rss_limit_mb=4096', *batch], capture_output=True, text=True, env=env)
    if p.returncode == 0:
        i += len(batch); continue
    running = re.findall(r'^Running: (.*)$', p.stderr, re.M)
    last = running[-1] if running else batch[0]
    kind = re.search(r'(Swift runtime failure: [^/\n]*|AddressSanitizer: [\w-]+|libFuzzer: [\w -]+|Fatal error[^\n]*)', p.stderr)
    frames = re.findall(r'#\d+ 0x[0-9a-f]+ in (\S+) (\S+)', p.stderr)
    where = [f'{fn[:80]} {loc.split("/")[-1]}' for fn, loc in frames if 'Sources' in loc][:3]
    crashes.append((last, kind.group(1) if kind else '?', where))
    print('CRASH', last, kind.group(1) if kind else '?', where, flush=True)
    i = files.index(last) + 1
print(f'{len(files)} files, {len(crashes)} crashes')
