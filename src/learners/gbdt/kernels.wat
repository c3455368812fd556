;; The gbdt learner's hot loops as WebAssembly (compiled by scripts/build-kernels.mjs into kernels-wasm.ts).
;; Each kernel does exactly what its JavaScript twin in histogram.ts / tree.ts does, in the same order, so
;; the models are bit-identical; WebAssembly runs these scattered loads and adds without bounds checks
;; and is about 2.5x faster than the JavaScript loops; a (gradient, hessian) pair is added or subtracted
;; as one 128-bit SIMD value.
;;
;; All pointers are byte offsets into the imported memory (one per tree grower). Layouts:
;;   bins   row-major global bin per (row, usable feature): u16 (the *16 kernels) or u32 (the *32 kernels)
;;   gh     f64 pairs per row: gradient at 16r, hessian at 16r + 8
;;   rows   i32 row indices; a leaf owns rows[begin .. end)
;;   hist   f64 pairs per global bin: gradient sum at 16b, hessian sum at 16b + 8
;; Histograms are cleared by the caller; the kernels only add.
(module
  (import "env" "memory" (memory 1))

  ;; hist[bin] += (g, h) for every row of the segment and every feature.
  (func $hist_dense16 (export "hist_dense16")
    (param $bins i32) (param $F i32) (param $gh i32) (param $rows i32) (param $begin i32) (param $end i32)
    (param $hist i32)
    (local $k i32) (local $r i32) (local $v v128) (local $p i32) (local $pe i32) (local $j i32)
    (if (i32.le_s (local.get $F) (i32.const 0)) (then (return)))
    (local.set $k (local.get $begin))
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $p (i32.add (local.get $bins) (i32.shl (i32.mul (local.get $r) (local.get $F)) (i32.const 1))))
        (local.set $pe (i32.add (local.get $p) (i32.shl (local.get $F) (i32.const 1))))
        (loop $feature
          (local.set $j (i32.add (local.get $hist) (i32.shl (i32.load16_u (local.get $p)) (i32.const 4))))
          (v128.store (local.get $j) (f64x2.add (v128.load (local.get $j)) (local.get $v)))
          (local.set $p (i32.add (local.get $p) (i32.const 2)))
          (br_if $feature (i32.lt_u (local.get $p) (local.get $pe))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row))))

  (func $hist_dense32 (export "hist_dense32")
    (param $bins i32) (param $F i32) (param $gh i32) (param $rows i32) (param $begin i32) (param $end i32)
    (param $hist i32)
    (local $k i32) (local $r i32) (local $v v128) (local $p i32) (local $pe i32) (local $j i32)
    (if (i32.le_s (local.get $F) (i32.const 0)) (then (return)))
    (local.set $k (local.get $begin))
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $p (i32.add (local.get $bins) (i32.shl (i32.mul (local.get $r) (local.get $F)) (i32.const 2))))
        (local.set $pe (i32.add (local.get $p) (i32.shl (local.get $F) (i32.const 2))))
        (loop $feature
          (local.set $j (i32.add (local.get $hist) (i32.shl (i32.load (local.get $p)) (i32.const 4))))
          (v128.store (local.get $j) (f64x2.add (v128.load (local.get $j)) (local.get $v)))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br_if $feature (i32.lt_u (local.get $p) (local.get $pe))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row))))

  ;; Like hist_dense, over the nf usable features listed (i32) at $feats only.
  (func $hist_subset16 (export "hist_subset16")
    (param $bins i32) (param $F i32) (param $feats i32) (param $nf i32) (param $gh i32) (param $rows i32)
    (param $begin i32) (param $end i32) (param $hist i32)
    (local $k i32) (local $r i32) (local $v v128) (local $base i32) (local $q i32) (local $qe i32)
    (local $j i32)
    (if (i32.le_s (local.get $nf) (i32.const 0)) (then (return)))
    (local.set $qe (i32.add (local.get $feats) (i32.shl (local.get $nf) (i32.const 2))))
    (local.set $k (local.get $begin))
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $base (i32.add (local.get $bins) (i32.shl (i32.mul (local.get $r) (local.get $F)) (i32.const 1))))
        (local.set $q (local.get $feats))
        (loop $feature
          (local.set $j
            (i32.add (local.get $hist)
              (i32.shl
                (i32.load16_u (i32.add (local.get $base) (i32.shl (i32.load (local.get $q)) (i32.const 1))))
                (i32.const 4))))
          (v128.store (local.get $j) (f64x2.add (v128.load (local.get $j)) (local.get $v)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $feature (i32.lt_u (local.get $q) (local.get $qe))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row))))

  (func $hist_subset32 (export "hist_subset32")
    (param $bins i32) (param $F i32) (param $feats i32) (param $nf i32) (param $gh i32) (param $rows i32)
    (param $begin i32) (param $end i32) (param $hist i32)
    (local $k i32) (local $r i32) (local $v v128) (local $base i32) (local $q i32) (local $qe i32)
    (local $j i32)
    (if (i32.le_s (local.get $nf) (i32.const 0)) (then (return)))
    (local.set $qe (i32.add (local.get $feats) (i32.shl (local.get $nf) (i32.const 2))))
    (local.set $k (local.get $begin))
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $base (i32.add (local.get $bins) (i32.shl (i32.mul (local.get $r) (local.get $F)) (i32.const 2))))
        (local.set $q (local.get $feats))
        (loop $feature
          (local.set $j
            (i32.add (local.get $hist)
              (i32.shl
                (i32.load (i32.add (local.get $base) (i32.shl (i32.load (local.get $q)) (i32.const 2))))
                (i32.const 4))))
          (v128.store (local.get $j) (f64x2.add (v128.load (local.get $j)) (local.get $v)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $feature (i32.lt_u (local.get $q) (local.get $qe))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row))))

  ;; Sparse layout: row r's stored global bins are cells[rowStart[r] .. rowStart[r + 1]).
  (func $hist_sparse16 (export "hist_sparse16")
    (param $rowStart i32) (param $cells i32) (param $gh i32) (param $rows i32) (param $begin i32) (param $end i32)
    (param $hist i32)
    (local $k i32) (local $r i32) (local $v v128) (local $p i32) (local $pe i32) (local $j i32)
    (local.set $k (local.get $begin))
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $j (i32.add (local.get $rowStart) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $p (i32.add (local.get $cells) (i32.shl (i32.load (local.get $j)) (i32.const 1))))
        (local.set $pe (i32.add (local.get $cells) (i32.shl (i32.load offset=4 (local.get $j)) (i32.const 1))))
        (block $empty
          (loop $cell
            (br_if $empty (i32.ge_u (local.get $p) (local.get $pe)))
            (local.set $j (i32.add (local.get $hist) (i32.shl (i32.load16_u (local.get $p)) (i32.const 4))))
            (v128.store (local.get $j) (f64x2.add (v128.load (local.get $j)) (local.get $v)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $cell)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row))))

  (func $hist_sparse32 (export "hist_sparse32")
    (param $rowStart i32) (param $cells i32) (param $gh i32) (param $rows i32) (param $begin i32) (param $end i32)
    (param $hist i32)
    (local $k i32) (local $r i32) (local $v v128) (local $p i32) (local $pe i32) (local $j i32)
    (local.set $k (local.get $begin))
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $k) (local.get $end)))
        (local.set $r (i32.load (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $v (v128.load (i32.add (local.get $gh) (i32.shl (local.get $r) (i32.const 4)))))
        (local.set $j (i32.add (local.get $rowStart) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $p (i32.add (local.get $cells) (i32.shl (i32.load (local.get $j)) (i32.const 2))))
        (local.set $pe (i32.add (local.get $cells) (i32.shl (i32.load offset=4 (local.get $j)) (i32.const 2))))
        (block $empty
          (loop $cell
            (br_if $empty (i32.ge_u (local.get $p) (local.get $pe)))
            (local.set $j (i32.add (local.get $hist) (i32.shl (i32.load (local.get $p)) (i32.const 4))))
            (v128.store (local.get $j) (f64x2.add (v128.load (local.get $j)) (local.get $v)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $cell)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $row))))

  ;; Stable partition of rows[begin .. end) by the u8 table over global bins of feature f: rows whose bin
  ;; maps to 1 stay first (in order), the others follow (in order) by way of tmp. Returns the split point.
  (func $partition16 (export "partition16")
    (param $bins i32) (param $F i32) (param $f i32) (param $table i32) (param $rows i32) (param $tmp i32)
    (param $begin i32) (param $end i32) (result i32)
    (local $k i32) (local $ke i32) (local $w i32) (local $t i32) (local $r i32) (local $left i32)
    (local.set $k (i32.add (local.get $rows) (i32.shl (local.get $begin) (i32.const 2))))
    (local.set $ke (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $w (local.get $k))
    (local.set $t (local.get $tmp))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $k) (local.get $ke)))
        (local.set $r (i32.load (local.get $k)))
        (local.set $left
          (i32.load8_u
            (i32.add (local.get $table)
              (i32.load16_u
                (i32.add (local.get $bins)
                  (i32.shl (i32.add (i32.mul (local.get $r) (local.get $F)) (local.get $f)) (i32.const 1)))))))
        (i32.store (local.get $w) (local.get $r))
        (i32.store (local.get $t) (local.get $r))
        (local.set $w (i32.add (local.get $w) (i32.shl (local.get $left) (i32.const 2))))
        (local.set $t (i32.add (local.get $t) (i32.shl (i32.xor (local.get $left) (i32.const 1)) (i32.const 2))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $row)))
    (memory.copy (local.get $w) (local.get $tmp) (i32.sub (local.get $t) (local.get $tmp)))
    (i32.shr_u (i32.sub (local.get $w) (local.get $rows)) (i32.const 2)))

  (func $partition32 (export "partition32")
    (param $bins i32) (param $F i32) (param $f i32) (param $table i32) (param $rows i32) (param $tmp i32)
    (param $begin i32) (param $end i32) (result i32)
    (local $k i32) (local $ke i32) (local $w i32) (local $t i32) (local $r i32) (local $left i32)
    (local.set $k (i32.add (local.get $rows) (i32.shl (local.get $begin) (i32.const 2))))
    (local.set $ke (i32.add (local.get $rows) (i32.shl (local.get $end) (i32.const 2))))
    (local.set $w (local.get $k))
    (local.set $t (local.get $tmp))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $k) (local.get $ke)))
        (local.set $r (i32.load (local.get $k)))
        (local.set $left
          (i32.load8_u
            (i32.add (local.get $table)
              (i32.load
                (i32.add (local.get $bins)
                  (i32.shl (i32.add (i32.mul (local.get $r) (local.get $F)) (local.get $f)) (i32.const 2)))))))
        (i32.store (local.get $w) (local.get $r))
        (i32.store (local.get $t) (local.get $r))
        (local.set $w (i32.add (local.get $w) (i32.shl (local.get $left) (i32.const 2))))
        (local.set $t (i32.add (local.get $t) (i32.shl (i32.xor (local.get $left) (i32.const 1)) (i32.const 2))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $row)))
    (memory.copy (local.get $w) (local.get $tmp) (i32.sub (local.get $t) (local.get $tmp)))
    (i32.shr_u (i32.sub (local.get $w) (local.get $rows)) (i32.const 2)))
;; Regularized score of a leaf, as leafScore in split.ts.
  (func $leaf_score (param $g f64) (param $h f64) (param $l1 f64) (param $l2 f64) (result f64)
    (local $d f64) (local $t f64)
    (local.set $d (f64.add (local.get $h) (local.get $l2)))
    (if (f64.le (local.get $d) (f64.const 0)) (then (return (f64.const 0))))
    (if (f64.gt (local.get $l1) (f64.const 0))
      (then
        (local.set $t (f64.sub (f64.abs (local.get $g)) (local.get $l1)))
        (return
          (select
            (f64.div (f64.mul (local.get $t) (local.get $t)) (local.get $d))
            (f64.const 0)
            (f64.gt (local.get $t) (f64.const 0))))))
    (f64.div (f64.mul (local.get $g) (local.get $g)) (local.get $d)))

  ;; Best threshold of one numeric feature, as splitNumeric in split.ts: $hist and $sib point at the
  ;; feature's first bin pair in the leaf's histogram and in the sibling's ($sib < 0: no sibling; else the
  ;; histogram holds the parent's and the feature's bins are turned into the leaf's first). A split better
  ;; than $best is written at $out (f64 gain, f64 leftG, f64 leftH, i32 threshold, i32 defaultLeft) and
  ;; the result is 1; else 0.
  (func $split_numeric
    (param $hist i32) (param $sib i32) (param $nb i32)
    (param $G f64) (param $H f64) (param $C f64) (param $cf f64) (param $parent f64) (param $minGain f64)
    (param $l1 f64) (param $l2 f64) (param $minC f64) (param $minH f64) (param $best f64) (param $out i32)
    (result i32)
    (local $found i32) (local $mb i32) (local $Gm f64) (local $Hm f64) (local $Cm f64) (local $hasMissing i32)
    (local $noL1 i32) (local $GL f64) (local $HL f64) (local $last i32) (local $t i32) (local $j i32)
    (local $sj i32) (local $g f64) (local $h f64) (local $CL f64) (local $HR f64) (local $CR f64) (local $GR f64)
    (local $gain f64) (local $gl f64) (local $hl f64) (local $cl f64) (local $hr f64) (local $e i32)
    (local.set $mb (i32.shl (local.get $nb) (i32.const 4)))
    ;; With a sibling, the leaf's bins (the missing bin included) are first the parent's minus the
    ;; sibling's, a (gradient, hessian) pair per 128-bit subtraction.
    (if (i32.ge_s (local.get $sib) (i32.const 0))
      (then
        (local.set $j (local.get $hist))
        (local.set $sj (local.get $sib))
        (local.set $e (i32.add (i32.add (local.get $hist) (local.get $mb)) (i32.const 16)))
        (loop $sub
          (v128.store (local.get $j) (f64x2.sub (v128.load (local.get $j)) (v128.load (local.get $sj))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (local.set $sj (i32.add (local.get $sj) (i32.const 16)))
          (br_if $sub (i32.lt_u (local.get $j) (local.get $e))))))
    (local.set $j (i32.add (local.get $hist) (local.get $mb)))
    (local.set $Gm (f64.load (local.get $j)))
    (local.set $Hm (f64.load offset=8 (local.get $j)))
    (local.set $Cm (f64.mul (local.get $Hm) (local.get $cf)))
    (local.set $hasMissing (f64.gt (local.get $Hm) (f64.const 0)))
    (local.set $noL1
      (i32.and
        (f64.eq (local.get $l1) (f64.const 0))
        (i32.or (f64.gt (local.get $l2) (f64.const 0)) (f64.gt (local.get $minH) (f64.const 0)))))
    (local.set $last
      (select (i32.sub (local.get $nb) (i32.const 1)) (i32.sub (local.get $nb) (i32.const 2))
        (local.get $hasMissing)))
    ;; Fast path (no L1, no missing values in the leaf): the same scan with only what it needs.
    (if (i32.and (local.get $noL1) (i32.eqz (local.get $hasMissing)))
      (then
        (local.set $j (local.get $hist))
        (local.set $e (i32.add (local.get $hist) (i32.shl (local.get $last) (i32.const 4))))
        (block $fdone
          (loop $fbin
            (br_if $fdone (i32.gt_u (local.get $j) (local.get $e)))
            (local.set $h (f64.load offset=8 (local.get $j)))
            (if (f64.ne (local.get $h) (f64.const 0))
              (then
                (local.set $GL (f64.add (local.get $GL) (f64.load (local.get $j))))
                (local.set $HL (f64.add (local.get $HL) (local.get $h)))
                (local.set $CL (f64.mul (local.get $HL) (local.get $cf)))
                (local.set $HR (f64.sub (local.get $H) (local.get $HL)))
                (local.set $CR (f64.sub (local.get $C) (local.get $CL)))
                (br_if $fdone (i32.or (f64.lt (local.get $CR) (local.get $minC)) (f64.lt (local.get $HR) (local.get $minH))))
                (if (i32.and (f64.ge (local.get $CL) (local.get $minC)) (f64.ge (local.get $HL) (local.get $minH)))
                  (then
                    (local.set $GR (f64.sub (local.get $G) (local.get $GL)))
                    (local.set $gain
                      (f64.sub
                        (f64.add
                          (f64.div (f64.mul (local.get $GL) (local.get $GL)) (f64.add (local.get $HL) (local.get $l2)))
                          (f64.div (f64.mul (local.get $GR) (local.get $GR)) (f64.add (local.get $HR) (local.get $l2))))
                        (local.get $parent)))
                    (if (i32.and (f64.gt (local.get $gain) (local.get $best)) (f64.gt (local.get $gain) (local.get $minGain)))
                      (then
                        (local.set $best (local.get $gain))
                        (local.set $found (i32.const 1))
                        (f64.store (local.get $out) (local.get $gain))
                        (f64.store offset=8 (local.get $out) (local.get $GL))
                        (f64.store offset=16 (local.get $out) (local.get $HL))
                        (i32.store offset=24 (local.get $out)
                          (i32.shr_u (i32.sub (local.get $j) (local.get $hist)) (i32.const 4)))
                        (i32.store offset=28 (local.get $out) (f64.ge (local.get $CL) (local.get $CR)))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $fbin)))
        (return (local.get $found))))
    (block $scanned
      (loop $bin
        (br_if $scanned (i32.gt_s (local.get $t) (local.get $last)))
        (local.set $j (i32.add (local.get $hist) (i32.shl (local.get $t) (i32.const 4))))
        (local.set $h (f64.load offset=8 (local.get $j)))
        (local.set $g (f64.load (local.get $j)))
        (block $next
          ;; An empty bin gives the same partition as the previous boundary.
          (br_if $next (f64.eq (local.get $h) (f64.const 0)))
          (local.set $GL (f64.add (local.get $GL) (local.get $g)))
          (local.set $HL (f64.add (local.get $HL) (local.get $h)))
          (local.set $CL (f64.mul (local.get $HL) (local.get $cf)))
          (local.set $HR (f64.sub (local.get $H) (local.get $HL)))
          (local.set $CR (f64.sub (local.get $C) (local.get $CL)))
          ;; The right side only shrinks from here on.
          (if (i32.or (f64.lt (local.get $CR) (local.get $minC)) (f64.lt (local.get $HR) (local.get $minH)))
            (then
              (local.set $t (i32.add (local.get $t) (i32.const 1)))
              (br $scanned)))
          ;; Missing values right.
          (if (i32.and (f64.ge (local.get $CL) (local.get $minC)) (f64.ge (local.get $HL) (local.get $minH)))
            (then
              (local.set $GR (f64.sub (local.get $G) (local.get $GL)))
              (if (local.get $noL1)
                (then
                  (local.set $gain
                    (f64.sub
                      (f64.add
                        (f64.div (f64.mul (local.get $GL) (local.get $GL)) (f64.add (local.get $HL) (local.get $l2)))
                        (f64.div (f64.mul (local.get $GR) (local.get $GR)) (f64.add (local.get $HR) (local.get $l2))))
                      (local.get $parent))))
                (else
                  (local.set $gain
                    (f64.sub
                      (f64.add
                        (call $leaf_score (local.get $GL) (local.get $HL) (local.get $l1) (local.get $l2))
                        (call $leaf_score (local.get $GR) (local.get $HR) (local.get $l1) (local.get $l2)))
                      (local.get $parent)))))
              (if (i32.and (f64.gt (local.get $gain) (local.get $best)) (f64.gt (local.get $gain) (local.get $minGain)))
                (then
                  (local.set $best (local.get $gain))
                  (local.set $found (i32.const 1))
                  (f64.store (local.get $out) (local.get $gain))
                  (f64.store offset=8 (local.get $out) (local.get $GL))
                  (f64.store offset=16 (local.get $out) (local.get $HL))
                  (i32.store offset=24 (local.get $out) (local.get $t))
                  ;; No missing values here: they will follow the larger child.
                  (i32.store offset=28 (local.get $out)
                    (i32.and (i32.eqz (local.get $hasMissing)) (f64.ge (local.get $CL) (local.get $CR))))))))
          ;; Missing values left.
          (if (i32.and (local.get $hasMissing) (i32.lt_s (local.get $t) (i32.sub (local.get $nb) (i32.const 1))))
            (then
              (local.set $gl (f64.add (local.get $GL) (local.get $Gm)))
              (local.set $hl (f64.add (local.get $HL) (local.get $Hm)))
              (local.set $cl (f64.add (local.get $CL) (local.get $Cm)))
              (local.set $hr (f64.sub (local.get $H) (local.get $hl)))
              (if (i32.and
                    (i32.and (f64.ge (local.get $cl) (local.get $minC)) (f64.ge (local.get $hl) (local.get $minH)))
                    (i32.and
                      (f64.ge (f64.sub (local.get $C) (local.get $cl)) (local.get $minC))
                      (f64.ge (local.get $hr) (local.get $minH))))
                (then
                  (local.set $gain
                    (f64.sub
                      (f64.add
                        (call $leaf_score (local.get $gl) (local.get $hl) (local.get $l1) (local.get $l2))
                        (call $leaf_score (f64.sub (local.get $G) (local.get $gl)) (local.get $hr) (local.get $l1)
                          (local.get $l2)))
                      (local.get $parent)))
                  (if (i32.and (f64.gt (local.get $gain) (local.get $best)) (f64.gt (local.get $gain) (local.get $minGain)))
                    (then
                      (local.set $best (local.get $gain))
                      (local.set $found (i32.const 1))
                      (f64.store (local.get $out) (local.get $gain))
                      (f64.store offset=8 (local.get $out) (local.get $gl))
                      (f64.store offset=16 (local.get $out) (local.get $hl))
                      (i32.store offset=24 (local.get $out) (local.get $t))
                      (i32.store offset=28 (local.get $out) (i32.const 1)))))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $bin)))
    (local.get $found))
;; split_numeric over the features feats[q0 .. q1) (i32 usable-feature indices) in order, each at
  ;; hist + 16 offsets[f] with nbins[f] value bins (sibling likewise); the best so far carries over from one
  ;; feature to the next as in findBestSplit. Returns the feature of the last improvement (-1: none), whose
  ;; split is at $out.
  (func $split_numeric_run (export "split_numeric_run")
    (param $hist i32) (param $sib i32) (param $feats i32) (param $q0 i32) (param $q1 i32) (param $offsets i32)
    (param $nbins i32)
    (param $G f64) (param $H f64) (param $C f64) (param $cf f64) (param $parent f64) (param $minGain f64)
    (param $l1 f64) (param $l2 f64) (param $minC f64) (param $minH f64) (param $best f64) (param $out i32)
    (result i32)
    (local $q i32) (local $f i32) (local $o i32) (local $found i32)
    (local.set $found (i32.const -1))
    (local.set $q (local.get $q0))
    (block $done
      (loop $feature
        (br_if $done (i32.ge_s (local.get $q) (local.get $q1)))
        (local.set $f (i32.load (i32.add (local.get $feats) (i32.shl (local.get $q) (i32.const 2)))))
        (local.set $o (i32.shl (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $f) (i32.const 2)))) (i32.const 4)))
        (if (call $split_numeric
              (i32.add (local.get $hist) (local.get $o))
              (select (i32.const -1) (i32.add (local.get $sib) (local.get $o)) (i32.lt_s (local.get $sib) (i32.const 0)))
              (i32.load (i32.add (local.get $nbins) (i32.shl (local.get $f) (i32.const 2))))
              (local.get $G) (local.get $H) (local.get $C) (local.get $cf) (local.get $parent) (local.get $minGain)
              (local.get $l1) (local.get $l2) (local.get $minC) (local.get $minH) (local.get $best) (local.get $out))
          (then
            (local.set $found (local.get $f))
            (local.set $best (f64.load (local.get $out)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $feature)))
    (local.get $found))
;; fillSkippedBins of histogram.ts: for each of the nq sparse features q, its skipped bin skipped[q]
  ;; gets the leaf totals (G, H) minus its other bins from[q] .. to[q] (i32 arrays), unless the hessian
  ;; left is at most tiny (rounding residue: the bin holds no rows).
  (func $fill_skipped (export "fill_skipped")
    (param $hist i32) (param $skipped i32) (param $from i32) (param $to i32) (param $nq i32) (param $G f64)
    (param $H f64) (param $tiny f64)
    (local $q i32) (local $j i32) (local $e i32) (local $sg f64) (local $sh f64) (local $hd f64) (local $d i32)
    (block $done
      (loop $feature
        (br_if $done (i32.ge_s (local.get $q) (local.get $nq)))
        (local.set $sg (f64.const 0))
        (local.set $sh (f64.const 0))
        (local.set $j
          (i32.add (local.get $hist)
            (i32.shl (i32.load (i32.add (local.get $from) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 4))))
        (local.set $e
          (i32.add (local.get $hist)
            (i32.shl (i32.load (i32.add (local.get $to) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 4))))
        (block $summed
          (loop $bin
            (br_if $summed (i32.ge_u (local.get $j) (local.get $e)))
            (local.set $sg (f64.add (local.get $sg) (f64.load (local.get $j))))
            (local.set $sh (f64.add (local.get $sh) (f64.load offset=8 (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $bin)))
        (local.set $d
          (i32.add (local.get $hist)
            (i32.shl (i32.load (i32.add (local.get $skipped) (i32.shl (local.get $q) (i32.const 2)))) (i32.const 4))))
        (local.set $hd (f64.sub (local.get $H) (local.get $sh)))
        (if (f64.gt (local.get $hd) (local.get $tiny))
          (then
            (f64.store (local.get $d) (f64.sub (local.get $G) (local.get $sg)))
            (f64.store offset=8 (local.get $d) (local.get $hd))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $feature))))
)
