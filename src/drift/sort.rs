//! Sorting large numeric columns: an LSD radix sort on the IEEE-754 bits, made order-preserving,
//! in four 16-bit passes. For a million values it is several times faster than a comparison
//! sort, and it orders exactly like `f64::total_cmp` (the columns hold no NaN).

/// Map a float to a u64 whose unsigned order is the float's total order.
fn key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn from_key(key: u64) -> f64 {
    let bits = if key >> 63 == 1 {
        key & !(1 << 63)
    } else {
        !key
    };
    f64::from_bits(bits)
}

/// Sort `values` ascending; `scratch` is reused between calls to avoid allocating.
pub fn sort_f64(values: &mut [f64], scratch: &mut Vec<u64>) {
    if values.len() < 4096 {
        values.sort_unstable_by(f64::total_cmp);
        return;
    }
    let n = values.len();
    let mut keys: Vec<u64> = values.iter().map(|&v| key(v)).collect();
    scratch.clear();
    scratch.resize(n, 0);
    let mut counts = vec![0usize; 1 << 16];
    for pass in 0..4 {
        let shift = pass * 16;
        counts.iter_mut().for_each(|c| *c = 0);
        for &k in &keys {
            counts[((k >> shift) & 0xFFFF) as usize] += 1;
        }
        // All keys share this digit: the pass would not move anything.
        if counts.contains(&n) {
            continue;
        }
        let mut offset = 0;
        for c in counts.iter_mut() {
            let here = *c;
            *c = offset;
            offset += here;
        }
        for &k in &keys {
            let digit = ((k >> shift) & 0xFFFF) as usize;
            scratch[counts[digit]] = k;
            counts[digit] += 1;
        }
        std::mem::swap(&mut keys, scratch);
    }
    for (slot, k) in values.iter_mut().zip(&keys) {
        *slot = from_key(*k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_total_cmp() {
        let mut state = 0x1234_5678_9ABC_DEF0u64;
        let mut values: Vec<f64> = (0..20_000)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                match i % 5 {
                    0 => (state % 1000) as f64 - 500.0,
                    1 => -((state % 7) as f64),
                    2 => f64::from_bits(state) % 1e6,
                    3 => 0.0,
                    _ => -0.0,
                }
            })
            .filter(|v| v.is_finite())
            .collect();
        let mut expected = values.clone();
        expected.sort_unstable_by(f64::total_cmp);
        sort_f64(&mut values, &mut Vec::new());
        assert_eq!(
            values.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            expected.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }
}
