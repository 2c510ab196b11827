#!/bin/bash
# The seven hand-made mutants of the mutation-testing issue: apply each to the source, run the tests
# named for it, expect red, restore. Usage: bash mutation/seven.sh (from the repository root).
set -u
run() { # file, from, to, tests...
  local file=$1 from=$2 to=$3; shift 3
  cp "$file" "$file.orig"
  FROM="$from" TO="$to" perl -0pi -e 'my $n = s/\Q$ENV{FROM}\E/$ENV{TO}/; die "pattern not found\n" unless $n' "$file" || { mv "$file.orig" "$file"; echo "NOT APPLIED $file: $from"; return; }
  if npx vitest run "$@" >/tmp/seven.out 2>&1; then echo "SURVIVED $file: $from -> $to"; else
    echo "KILLED   $file: $from -> $to by: $(sed 's/\x1b\[[0-9;]*m//g' /tmp/seven.out | grep -E '^ +(×|FAIL) ' | head -3 | tr -s ' ' | tr '\n' ';')"; fi
  mv "$file.orig" "$file"
}
run src/bounds/constellation.ts 'div(mul(rat(4n), mr), sub(threeM, onePlusB))' 'div(mul(rat(4n), mr), sub(threeM, sub(ONE, br)))' test/src/bounds/edges.test.ts
run theorems/feasibility-region.ts "check(ctx, 'feasibility-region', (n) => 3 - 4 / n)" "check(ctx, 'feasibility-region', (n) => 3 - 5 / n)" test/theorems/feasibility-region-sharp.test.ts
run theorems/modality-gap.ts "check(ctx, 'modality-gap', (d) => d + 2, true)" "check(ctx, 'modality-gap', (d) => d + 3, true)" test/theorems/modality-gap-sharp.test.ts
run theorems/constellation-loss-rate.ts 'inf.lnL - Math.log(2 * Math.LN2) + tol' 'inf.lnL - Math.log(Math.LN2) + tol' test/theorems/constellation-loss-rate-sharp.test.ts
run src/solver/run.ts 't * (obj.dt + bias * obj.db)' 't * obj.dt' test/src/solver/kernel.test.ts test/src/solver/adam-reference.test.ts
run src/loss/rb-sig.ts 't * (r.dt! + bRel * r.db!)' 't * r.dt!' test/src/loss
run src/solver/run.ts 'const bc2 = 1 - beta2 ** s;' 'const bc2 = 1 - beta1 ** s;' test/src/solver/kernel.test.ts test/src/solver/adam-reference.test.ts
run src/solver/run.ts 'Math.sqrt(1 - beta2 ** step)' 'Math.sqrt(1 - beta1 ** step)' test/src/solver/projected-adam.test.ts
