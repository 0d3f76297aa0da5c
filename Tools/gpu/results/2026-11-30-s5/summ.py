import re, sys
# summ.py configs.log: per layout and shape, the picks' medians and the 6 fastest configs (median per launch, graph)
picks = {"v1": {("8192","8192"): ["r8w10c1u4plmi", "r16w8c1u4plmi"], ("28672","8192"): ["r8w8n2c1u8pmx2i", "r16w8n4c1u4pmx2i"], ("8192","28672"): ["r8w12c1u4pmb2i", "r16w8n4c1u4ps4mx2i"]},
         "sym": {("8192","8192"): ["r8w16c1u2pmb2i", "r16w8c1u4pmi"], ("28672","8192"): ["r8w4c1u4plmi", "r16w8n4c1u8pmx2i"], ("8192","28672"): ["r8w12c1u4plmi", "r16w8n4c1u8ps4mx2i"]}}
layout = None; rows = {}; regs = {}
for line in open(sys.argv[1]):
    m = re.match(r"gptq_gemv_mma_b4_g128_(v1|sym)_f16_gpu_(\S+): (\d+) registers, (\d+) B local", line)
    if m: layout = m.group(1); regs[(layout, m.group(2))] = (m.group(3), m.group(4)); continue
    m = re.match(r"M (\d+) N (\d+) K (\d+) (\S+): median ([\d.]+) µs, min [\d.]+ µs, graph ([\d.]+) µs", line)
    if m: rows.setdefault((layout, m.group(1), m.group(2), m.group(3)), []).append((float(m.group(5)), float(m.group(6)), m.group(4)))
for key, entries in rows.items():
    lay, M, n, k = key
    pk = [p for p in picks[lay][(n, k)] if p.startswith("r16" if int(M) > 8 else "r8")]
    own = {c: (med, g) for med, g, c in entries}
    print(f"{lay} M={M} {n}x{k} pick " + ", ".join(f"{p} {own[p][0]:.1f}/{own[p][1]:.1f}" for p in pk if p in own))
    print("   best: " + ", ".join(f"{c} {med:.1f}/{g:.1f} ({regs.get((lay, c), ('?','?'))[0]}r)" for med, g, c in sorted(entries)[:6]))
