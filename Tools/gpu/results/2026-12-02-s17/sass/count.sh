#!/bin/bash
# usage: count.sh zero m n k config  -> loop instruction histogram
Q=/work/main/.build/debug/quantjit; PT=/root/venv-ptx/lib/python3.11/site-packages/nvidia/cu13/bin
z=$1; m=$2; n=$3; k=$4; cfg=$5; f=/tmp/sass/$cfg-$z-m$m
$Q dump-ptx gemv --bits 4 --group-size 128 --zero-points $z --activation f16 --target sm_90 -m $m -n $n -k $k --config $cfg 2>&1| sed 1d > $f.ptx
$PT/ptxas -arch=sm_90 -v $f.ptx -o $f.cubin 2>&1 | grep -o "Used [0-9]* registers"
$PT/nvdisasm -c $f.cubin > $f.sass
# the largest backward-branch loop
python3 - "$f.sass" <<'PY'
import re,sys,collections
lines=open(sys.argv[1]).read().splitlines()
labels={}
for i,l in enumerate(lines):
    m=re.match(r'^(\.L_x_\d+):',l)
    if m: labels[m.group(1)]=i
for i,l in enumerate(lines):
    m=re.search(r'BRA `\((\.L_x_\d+)\)',l)
    if m and m.group(1) in labels and labels[m.group(1)]<i:
        a=labels[m.group(1)]
        ops=[]
        for l2 in lines[a:i+1]:
            mm=re.match(r'^\s+/\*[0-9a-f]+\*/\s+(?:@!?U?P[0-9T]\s+)?([A-Z0-9_]+)',l2)
            if mm: ops.append(mm.group(1))
        if len(ops)<60: continue
        c=collections.Counter(ops)
        print(len(ops),'instrs:',' '.join(f'{k}{v}' for k,v in c.most_common()))
PY
