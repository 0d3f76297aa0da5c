#!/usr/bin/env python3
"""Count the SASS instructions of the hot loop of a decode GEMV kernel, by opcode and by class.

Input: the output of `nvdisasm -c <kernel>.cubin` (one kernel). Loops are found as backward
branches (a BRA whose target label lies at or before the branch); the loop body is every
instruction from the target to the branch, inclusive. The hot loop is the loop with the most
tensor instructions (HMMA).

Classes (first rule that matches wins):
  dummy      instructions predicated on @!PT (never execute; ptxas pads LDGSTS with them)
  tensor     HMMA / IMMA / HGMMA
  lds        LDS, LDSM (shared loads)
  ldg_w      LDG of 128 bits whose address comes from an i32 index (IMAD.WIDE ..., 0x4): the qweight
             words (one 128-bit word = 4 columns of one packed row)
  ldg_x      LDG of 128 bits whose address comes from an f16 index (IMAD.WIDE ..., 0x2): activations
             loaded straight from global memory (register schedules without staging)
  ldg_g      other LDG: group parameters (scales .64, qzeros .32)
  ldgsts     LDGSTS (cp.async: the block's activation chunk copy)
  act        other instructions on activation data (the SEL that zeroes rows past M or K)
  store      STS / STG / ST / RED / ATOM
  sync       BAR, DEPBAR, LDGDEPBAR, SYNCS*, MEMBAR, ERRBAR, CGAERRBAR, WARPSYNC
  branch     BRA, EXIT, BSSY, BSYNC, CALL, RET
  mov_carry  MOV / IMAD.MOV with a register source that carries a loaded value (weights or
             group parameters) to the registers the next iteration reads (the back-edge copies
             of software pipelining)
  mov_other  other MOV / IMAD.MOV / UMOV (constants, other copies)
  dequant    any other instruction with a source derived from a weight load (taint below):
             LOP3 mask|magic, SHF >> 8, HADD2 / HFMA2 (q − z), PRMT ...
  scale      any other instruction with a source derived from a group-parameter load (and no
             weight source): f16 → f32 scale conversion (HADD2.F32), the per-group FFMAs, zeros
  float      other FFMA / FADD / FMUL / FMNMX / HADD2 / HFMA2 / HMUL2 / F2F ...
  int        integer address and loop arithmetic: IMAD*, IADD3, VIADD*, VIMNMX, LEA, ISETP, SEL,
             SHF, LOP3, SGXT ... (non-uniform datapath)
  uint       the same on the uniform datapath (UIADD3, USHF, USEL, UISETP, ULOP3 ...)
  other      everything else (NOP, CS2R, S2R, ...)

Taint: registers written by a weight LDG are 'W', by an activation LDG 'X', by other LDGs 'G'; every non-tensor,
non-memory instruction's destinations get the union of its sources' taints (an HMMA's result is
untainted: scale FFMAs are found through the scale operand). The body is walked twice so that
values loaded in one iteration and used in the next (prefetch) are followed across the back edge.

Normalization: a lane's 128-bit weight load is 4 words of 32 bits (8 4-bit weights each), so a
loop iteration covers  words = 4 × (number of 128-bit LDGs in the body)  words per lane (override
with name=path:words; only ldg_w loads count). "per word" = warp instructions issued per iteration / words per lane per
iteration = instructions one warp issues per 32 weight words (128 bytes, 256 4-bit weights).

Usage:
  count.py [--opcodes] [--json OUT] NAME=FILE.sass[:WORDS] ...
"""
import json
import re
import sys
from collections import Counter, OrderedDict

LINE = re.compile(r"^\s*/\*([0-9a-f]{4,})\*/\s+(.*?)\s*;")
LABEL = re.compile(r"^(\.L_x_\d+):")
REG = re.compile(r"(?<![A-Za-z_])(UR|R|UP|P)(\d+|Z|T)\b")

CLASSES = ["tensor", "lds", "ldg_w", "ldg_x", "ldg_g", "ldgsts", "act", "store", "sync", "branch", "mov_carry",
           "mov_other", "dequant", "scale", "float", "int", "uint", "dummy", "other"]
SYNC = {"BAR", "DEPBAR", "LDGDEPBAR", "SYNCS", "MEMBAR", "ERRBAR", "CGAERRBAR", "WARPSYNC", "ARRIVES"}
BRANCH = {"BRA", "EXIT", "BSSY", "BSYNC", "CALL", "RET", "JMP", "BRX"}
FLOAT = {"FFMA", "FADD", "FMUL", "FMNMX", "HADD2", "HFMA2", "HMUL2", "F2F", "F2FP", "FSETP", "FSEL",
         "MUFU", "HMNMX2", "F2I", "I2F", "FCHK"}
INT = {"IMAD", "IADD3", "IADD", "VIADD", "VIADDMNMX", "VIMNMX", "IMNMX", "LEA", "ISETP", "SEL", "SHF",
       "LOP3", "SGXT", "IABS", "PLOP3", "P2R", "R2P", "PRMT", "POPC", "FLO", "BMSK", "IDP", "BREV",
       "ISCADD", "LOP", "SHL", "SHR"}


class Inst:
    def __init__(self, addr, text, label=None):
        self.addr, self.text = addr, text
        pred = None
        if text.startswith("@"):
            pred, text = text.split(None, 1)
        self.pred = pred
        parts = text.split(None, 1)
        self.mnemonic = parts[0]
        self.opcode = self.mnemonic.split(".")[0]
        self.operands = split_operands(parts[1]) if len(parts) > 1 else []

    @property
    def base(self):
        return self.opcode[1:] if self.opcode.startswith("U") and self.opcode[1:] in INT | {"MOV"} else self.opcode


def split_operands(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def regs_in(operand, width=1):
    """Register names an operand reads (width consecutive registers for wide operands)."""
    names = []
    for m in REG.finditer(operand):
        kind, num = m.group(1), m.group(2)
        if num in ("Z", "T"):
            continue
        if kind in ("P", "UP"):
            names.append(f"{kind}{num}")
            continue
        w = width
        if ".64" in operand[m.end():m.end() + 3] or (operand.startswith("[") and ".64" in operand):
            w = max(w, 2)
        names += [f"{kind}{int(num) + i}" for i in range(w)]
    return names


def width_of(mnemonic):
    for bits, w in ((".128", 4), (".64", 2)):
        if bits in mnemonic:
            return w
    if mnemonic.startswith("IMAD.WIDE") or mnemonic.startswith("CS2R"):
        return 2
    if mnemonic.startswith("HMMA") or mnemonic.startswith("IMMA"):
        return 4
    return 1


def defs_uses(ins):
    """(destination registers, source registers) of an instruction, approximately; predicate
    registers (P, UP) included, and the guard predicate of a predicated instruction is a source."""
    d, s = _defs_uses(ins)
    if ins.pred and ins.pred not in ("@PT", "@!PT"):
        s = s + regs_in(ins.pred.lstrip("@!"))
    return d, s


def _defs_uses(ins):
    op, ops = ins.opcode, ins.operands
    if not ops:
        return [], []
    if op in ("STS", "STG", "ST", "STL", "RED", "ATOM", "LDGSTS", "BAR", "BRA", "EXIT", "DEPBAR", "SYNCS"):
        return [], [r for o in ops for r in regs_in(o, 4 if op in ("STS", "STG") and ".128" in ins.mnemonic else 1)]
    if op in ("ISETP", "UISETP", "FSETP", "PLOP3", "HSETP2", "ISETP"):
        return [r for o in ops[:2] for r in regs_in(o)], [r for o in ops[2:] for r in regs_in(o)]
    dest = regs_in(ops[0], width_of(ins.mnemonic))
    srcs = []
    for i, o in enumerate(ops[1:], 1):
        w = 1
        if op == "HMMA":
            w = {1: 4, 2: 2, 3: 4}.get(i, 1)
        elif ins.mnemonic.startswith("IMAD.WIDE") and i == 3:
            w = 2
        srcs += regs_in(o, w)
    return dest, srcs


def parse(path):
    insts, labels, pending = [], {}, []
    with open(path) as f:
        for line in f:
            m = LABEL.match(line.strip())
            if m:
                pending.append(m.group(1))
                continue
            m = LINE.match(line)
            if not m:
                continue
            ins = Inst(int(m.group(1), 16), m.group(2))
            for lab in pending:
                labels[lab] = ins.addr
            pending = []
            insts.append(ins)
    return insts, labels


def loops(insts, labels):
    out = []
    for i, ins in enumerate(insts):
        if ins.opcode == "BRA":
            m = re.search(r"\((\.L_x_\d+)\)", ins.text)
            if m and m.group(1) in labels and labels[m.group(1)] <= ins.addr:
                start = labels[m.group(1)]
                body = [x for x in insts if start <= x.addr <= ins.addr]
                out.append((start, ins.addr, body))
    return out


def classify(body):
    taint = {}
    scale = {}  # register -> the element size an IMAD.WIDE that defined it scaled its index by
    classes = []
    for sweep in range(2):
        classes = []
        for ins in body:
            d, s = defs_uses(ins)
            if ins.mnemonic.startswith("IMAD.WIDE") and len(ins.operands) >= 3:
                for r in d:
                    scale[r] = ins.operands[2]
            elif ins.opcode != "LDG":
                for r in d:
                    scale.pop(r, None)
            t = set()
            for r in s:
                t |= taint.get(r, set())
            op = ins.opcode
            cls = None
            if ins.pred == "@!PT":
                cls = "dummy"
            elif op in ("HMMA", "IMMA", "HGMMA", "DMMA"):
                cls, t = "tensor", set()
            elif op in ("LDS", "LDSM"):
                cls, t = "lds", set()
            elif op == "LDG":
                address = regs_in(ins.operands[-1].split("[")[-1])  # desc[URx][Ry.64]: Ry
                element = scale.get(address[0]) if address else None
                if ".128" not in ins.mnemonic:
                    cls, t = "ldg_g", {"G"}
                elif element == "0x2":  # an f16 index: activations straight from global memory
                    cls, t = "ldg_x", {"X"}
                else:  # an i32 index (or unknown): qweight words
                    cls, t = "ldg_w", {"W"}
            elif op == "LDGSTS":
                cls = "ldgsts"
            elif op in ("STS", "STG", "ST", "STL", "RED", "ATOM", "REDG"):
                cls = "store"
            elif op in SYNC:
                cls = "sync"
            elif op in BRANCH:
                cls = "branch"
            elif op in ("MOV", "UMOV", "MOV32I") or ins.mnemonic.startswith("IMAD.MOV"):
                cls = "mov_carry" if t else "mov_other"
            elif "W" in t:
                cls = "dequant"
            elif "X" in t:
                cls = "act"
            elif "G" in t:
                cls = "scale"
            elif op in FLOAT:
                cls = "float"
            elif op in INT:
                cls = "int"
            elif op.startswith("U") and op[1:] in INT:
                cls = "uint"
            else:
                cls = "other"
            if ins.pred and ins.pred != "@!PT":
                for r in d:  # a predicated write may keep the old value
                    taint[r] = taint.get(r, set()) | t
            else:
                for r in d:
                    taint[r] = set(t)
            classes.append(cls)
    return classes


SINKS = {"ldg_w": "weight LDG address", "ldg_g": "group LDG address", "ldg_x": "activation LDG address",
         "act": "activation select", "ldgsts": "activation copy (LDGSTS)",
         "lds": "activation LDS address", "branch": "loop control (branch)", "tensor": "HMMA operand",
         "dequant": "dequantization operand", "scale": "scale operand", "float": "float operand",
         "store": "store", "sync": "sync"}
PASS = {"int", "uint", "mov_other", "mov_carry"}


def purposes(body, classes):
    """For each integer / move instruction, the consumers its result reaches through chains of
    integer / move instructions (within the iteration and across the back edge): weight or
    group-parameter load addresses, the activation copy, the LDS address, the loop branch ..."""
    n = len(body)
    seq = [(i % n, body[i % n], classes[i % n]) for i in range(3 * n)]
    du = [defs_uses(x) for _, x, _ in seq]
    users = [[] for _ in seq]
    last = {}
    for j, (_, _, _) in enumerate(seq):
        for r in du[j][1]:
            if r in last:
                users[last[r]].append(j)
        for r in du[j][0]:
            last[r] = j
    memo = {}

    def reach(j, depth=0):
        if j in memo:
            return memo[j]
        memo[j] = set()
        out = set()
        for u in users[j]:
            cu = seq[u][2]
            if cu in PASS and depth < 40:
                out |= reach(u, depth + 1)
            elif cu in SINKS:
                out.add(cu)
        memo[j] = out
        return out

    result = []
    for i in range(n):  # the middle copy sees uses in this iteration and the next
        j = n + i
        result.append(reach(j) if classes[i] in PASS else set())
    return result


def purpose_label(sinks):
    if not sinks:
        return "unused in loop / carried out"
    order = ["ldg_w", "ldg_g", "ldg_x", "act", "ldgsts", "lds", "branch", "tensor", "dequant", "scale", "float", "store", "sync"]
    return " + ".join(SINKS[s] for s in order if s in sinks)


def analyse(name, path, words=None):
    insts, labels = parse(path)
    found = loops(insts, labels)
    if not found:
        raise SystemExit(f"{path}: no backward branch")
    start, end, body = max(found, key=lambda l: sum(x.opcode == "HMMA" for x in l[2]))
    classes = classify(body)
    purpose = [purpose_label(p) if c in PASS else "" for p, c in zip(purposes(body, classes), classes)]
    by_purpose = Counter(f"{c}: {p}" for c, p in zip(classes, purpose) if c in PASS)
    by_class = Counter(classes)
    by_opcode = Counter(x.mnemonic if x.opcode in ("LDG", "LDS", "HMMA", "LDGSTS") else x.opcode
                        for x in body)
    by_class_opcode = Counter((c, x.opcode) for c, x in zip(classes, body))
    ldg128 = sum(1 for c in classes if c == "ldg_w")
    if words is None:
        words = 4 * ldg128
    return OrderedDict(
        name=name, path=path, loops=[(hex(s), hex(e), len(b)) for s, e, b in found],
        hot=(hex(start), hex(end)), body=len(body), words=words, ldg128=ldg128,
        by_class=OrderedDict((c, by_class.get(c, 0)) for c in CLASSES),
        by_opcode=OrderedDict(sorted(by_opcode.items(), key=lambda kv: -kv[1])),
        by_class_opcode={f"{c}:{o}": n for (c, o), n in sorted(by_class_opcode.items())},
        by_purpose=OrderedDict(sorted(by_purpose.items())),
        listing=[(hex(x.addr), c, x.text, p) for x, c, p in zip(body, classes, purpose)],
    )


def main(argv):
    show_opcodes, json_out, listing_dir, specs = False, None, None, []
    it = iter(argv)
    for a in it:
        if a == "--opcodes":
            show_opcodes = True
        elif a == "--json":
            json_out = next(it)
        elif a == "--listing":
            listing_dir = next(it)
        else:
            specs.append(a)
    results = []
    for spec in specs:
        name, rest = spec.split("=", 1)
        path, _, w = rest.partition(":")
        results.append(analyse(name, path, int(w) if w else None))
    cols = [r["name"] for r in results]
    print("| | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    print("| loop body (instr.) | " + " | ".join(str(r["body"]) for r in results) + " |")
    print("| words / lane / iter. | " + " | ".join(str(r["words"]) for r in results) + " |")
    print("| **instr. per word** | " + " | ".join(f"**{r['body'] / r['words']:.2f}**" for r in results) + " |")
    for c in CLASSES:
        if any(r["by_class"][c] for r in results):
            print(f"| {c} | " + " | ".join(
                f"{r['by_class'][c]} ({r['by_class'][c] / r['words']:.2f})" for r in results) + " |")
    if show_opcodes:
        keys = sorted({k for r in results for k in r["by_class_opcode"]})
        print()
        print("| class:opcode | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        for k in keys:
            print(f"| {k} | " + " | ".join(str(r["by_class_opcode"].get(k, 0)) for r in results) + " |")
    if show_opcodes:
        keys = sorted({k for r in results for k in r["by_purpose"]})
        print()
        print("| integer / move instr. → what its result feeds | " + " | ".join(cols) + " |")
        print("|---|" + "---|" * len(cols))
        for k in keys:
            print(f"| {k} | " + " | ".join(str(r["by_purpose"].get(k, 0)) for r in results) + " |")
    if json_out:
        with open(json_out, "w") as f:
            json.dump([{k: v for k, v in r.items() if k != "listing"} for r in results], f, indent=1)
    if listing_dir:
        for r in results:
            with open(f"{listing_dir}/{r['name']}.loop.txt", "w") as f:
                f.write(f"# hot loop of {r['path']}: {r['hot'][0]}..{r['hot'][1]}, {r['body']} instructions\n")
                for addr, c, text, p in r["listing"]:
                    f.write(f"{addr:>8}  {c:<10} {text:<60} {('# ' + p) if p else ''}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
