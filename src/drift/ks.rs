//! The two-sample Kolmogorov–Smirnov test, computed as `scipy.stats.ks_2samp(method="auto")`
//! does: the statistic over the pooled values (ties included), an exact p-value when
//! max(n, m) <= 10 000, otherwise the distribution of the one-sample statistic for
//! n = round(n·m/(n+m)) (`kstwo.sf`).
//!
//! The exact p-value counts lattice paths: the probability, under H0, that the random walk of the
//! two merged samples leaves the band |x/m − y/n| < d. The asymptotic one follows Simard &
//! L'Ecuyer (2011): Ruben–Gambino near the ends, Smirnov's exact one-sided formula for large
//! deviations, the Durbin matrix (Marsaglia–Tsang–Wang 2003) and Pelz–Good's series elsewhere.

/// Sizes up to which the exact p-value is used (scipy's `MAX_AUTO_N`).
pub const MAX_EXACT_N: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KsResult {
    pub statistic: f64,
    pub p_value: f64,
    pub exact: bool,
}

/// KS test on two **sorted** samples without NaN. Both must be non-empty.
pub fn ks_2samp_sorted(a: &[f64], b: &[f64]) -> KsResult {
    let (n1, n2) = (a.len(), b.len());
    assert!(n1 > 0 && n2 > 0, "both samples must be non-empty");
    let d = statistic(a, b);
    let g = gcd(n1, n2);
    if n1.max(n2) <= MAX_EXACT_N
        && let Some((d_exact, p)) = exact_pvalue(n1, n2, g, d)
    {
        return KsResult {
            statistic: d_exact,
            p_value: p.clamp(0.0, 1.0),
            exact: true,
        };
    }
    let (m, n) = (n1.max(n2) as f64, n1.min(n2) as f64);
    let en = (m * n / (m + n)).round() as u64;
    KsResult {
        statistic: d,
        p_value: kolmogorov_sf(en, d).clamp(0.0, 1.0),
        exact: false,
    }
}

/// max |F_a(t) − F_b(t)| over every pooled value t: both ECDFs are evaluated after all values
/// equal to t (so ties move together).
fn statistic(a: &[f64], b: &[f64]) -> f64 {
    let (n1, n2) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut d: f64 = 0.0;
    while i < a.len() || j < b.len() {
        let t = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => break,
        };
        while i < a.len() && a[i] <= t {
            i += 1;
        }
        while j < b.len() && b[j] <= t {
            j += 1;
        }
        d = d.max((i as f64 / n1 - j as f64 / n2).abs());
    }
    d
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The exact two-sided p-value, with the statistic rounded to the lattice (h / lcm), as scipy
/// reports it. `None` when the computation is not trustworthy (then the asymptotic one is used).
fn exact_pvalue(n1: usize, n2: usize, g: usize, d: f64) -> Option<(f64, f64)> {
    let lcm = (n1 / g) as f64 * n2 as f64;
    let h = (d * lcm).round();
    let d = h / lcm;
    if h == 0.0 {
        return Some((d, 1.0));
    }
    let h = h as u64;
    let p = if n1 == n2 {
        outside_square(n1 as u64, h)
    } else {
        outside_band(n1 as u64, n2 as u64, g as u64, h)
    };
    (p.is_finite() && (0.0..=1.0).contains(&p)).then_some((d, p))
}

/// Equal sizes: P(D ≥ h/n) = 2 Σ_{k≥1} (−1)^{k+1} C(2n, n−kh) / C(2n, n), summed in Horner form
/// from the innermost (smallest) term.
fn outside_square(n: u64, h: u64) -> f64 {
    let mut p = 0.0;
    let mut k = n / h;
    loop {
        // C(2n, n−(k+1)h) / C(2n, n−kh) as a product of h ratios.
        let mut ratio = 1.0;
        for j in 0..h {
            let num = n as f64 - (k * h + j) as f64;
            let den = (n + k * h + j + 1) as f64;
            ratio = num * ratio / den;
        }
        p = ratio * (1.0 - p);
        if k == 0 {
            break;
        }
        k -= 1;
    }
    2.0 * p
}

/// Unequal sizes: push the probability mass of the random merge of the two samples through the
/// lattice; whatever steps out of the band |x·n/g − y·m/g| < h is the p-value. Computing the
/// outside mass directly keeps its relative precision even when it is tiny.
fn outside_band(n1: u64, n2: u64, g: u64, h: u64) -> f64 {
    let (m, n) = (n1.max(n2) as i64, n1.min(n2) as i64);
    let (mg, ng, h) = (m / g as i64, n / g as i64, h as i64);
    // Valid y for a given x: x·ng − h < y·mg < x·ng + h.
    let lo = |x: i64| ((x * ng - h).div_euclid(mg) + 1).clamp(0, n);
    let hi = |x: i64| ((x * ng + h - 1).div_euclid(mg)).clamp(0, n);
    let (mf, nf) = (m as f64, n as f64);
    // Probability of the next step being along x (a value of the larger sample) from (x, y).
    let px = |x: i64, y: i64| (mf - x as f64) / ((mf - x as f64) + (nf - y as f64));
    let py = |x: i64, y: i64| (nf - y as f64) / ((mf - x as f64) + (nf - y as f64));

    let mut prev = vec![0.0f64; n as usize + 1];
    let mut cur = vec![0.0f64; n as usize + 1];
    let mut outside = 0.0f64;
    let (mut plo, mut phi) = (lo(0), hi(0));
    cur[0] = 1.0;
    for y in 1..=phi {
        cur[y as usize] = cur[y as usize - 1] * py(0, y - 1);
    }
    if phi < n {
        outside += cur[phi as usize] * py(0, phi);
    }
    for x in 1..=m {
        std::mem::swap(&mut prev, &mut cur);
        let (clo, chi) = (lo(x), hi(x));
        // Mass stepping along x from below the new band leaves it.
        for y in plo..clo.min(phi + 1) {
            outside += prev[y as usize] * px(x - 1, y);
        }
        for y in clo..=chi {
            let from_left = if (plo..=phi).contains(&y) {
                prev[y as usize] * px(x - 1, y)
            } else {
                0.0
            };
            let from_below = if y > clo {
                cur[y as usize - 1] * py(x, y - 1)
            } else {
                0.0
            };
            cur[y as usize] = from_left + from_below;
        }
        if chi < n {
            outside += cur[chi as usize] * py(x, chi);
        }
        (plo, phi) = (clo, chi);
    }
    outside
}

// ---------------------------------------------------------------- one-sample distribution

/// P(D_n ≥ x) for the two-sided one-sample statistic (scipy's `kstwo.sf(x, n)`).
pub fn kolmogorov_sf(n: u64, x: f64) -> f64 {
    if n == 0 || x.is_nan() {
        return f64::NAN;
    }
    if x >= 1.0 {
        return 0.0;
    }
    if x <= 0.0 {
        return 1.0;
    }
    let nf = n as f64;
    let t = nf * x;
    if t <= 1.0 {
        // Ruben–Gambino: for 1/(2n) ≤ x ≤ 1/n, P(D_n < x) = n!/n^n (2t − 1)^n.
        if t <= 0.5 {
            return 1.0;
        }
        let cdf = if n <= 140 {
            (1..=n).fold(1.0, |acc, i| acc * (i as f64 / nf) * (2.0 * t - 1.0))
        } else {
            (ln_factorial_over_n_pow_n(nf) + nf * (2.0 * t - 1.0).ln()).exp()
        };
        return (1.0 - cdf).clamp(0.0, 1.0);
    }
    if t >= nf - 1.0 {
        return (2.0 * (1.0 - x).powf(nf)).clamp(0.0, 1.0);
    }
    if x >= 0.5 {
        return (2.0 * smirnov_sf(n, x)).clamp(0.0, 1.0);
    }
    let nx2 = t * x;
    if n <= 140 {
        if nx2 <= 4.0 {
            return (1.0 - durbin_cdf(n, x)).clamp(0.0, 1.0);
        }
        return (2.0 * smirnov_sf(n, x)).clamp(0.0, 1.0);
    }
    if nx2 >= 370.0 {
        return 0.0;
    }
    if nx2 >= 2.2 {
        return (2.0 * smirnov_sf(n, x)).clamp(0.0, 1.0);
    }
    let cdf = if n <= 100_000 && nf * x.powf(1.5) <= 1.4 {
        durbin_cdf(n, x)
    } else {
        pelz_good_cdf(n, x)
    };
    (1.0 - cdf).clamp(0.0, 1.0)
}

/// ln(n! / n^n) by Stirling's series.
fn ln_factorial_over_n_pow_n(n: f64) -> f64 {
    // B_2k / (2k (2k−1)) for k = 8 down to 1.
    const COEFFS: [f64; 8] = [
        -3617.0 / 122_400.0,
        1.0 / 156.0,
        -691.0 / 360_360.0,
        1.0 / 1188.0,
        -1.0 / 1680.0,
        1.0 / 1260.0,
        -1.0 / 360.0,
        1.0 / 12.0,
    ];
    let r = 1.0 / n;
    let r2 = r / n;
    let series = COEFFS.iter().fold(0.0, |acc, c| acc * r2 + c);
    n.ln() / 2.0 - n + (2.0 * std::f64::consts::PI).ln() / 2.0 + r * series
}

/// Smirnov's exact one-sided tail: P(D⁺_n ≥ x) = x Σ_{j=0}^{⌊n(1−x)⌋} C(n, j)
/// (1 − x − j/n)^{n−j} (x + j/n)^{j−1}, each term in logarithms.
pub fn smirnov_sf(n: u64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    if x >= 1.0 {
        return 0.0;
    }
    let nf = n as f64;
    let jmax = (nf * (1.0 - x)).floor() as u64;
    let mut ln_binom = 0.0f64; // ln C(n, j), built up term by term
    let mut sum = 0.0f64;
    for j in 0..=jmax {
        if j > 0 {
            ln_binom += ((nf - j as f64 + 1.0) / j as f64).ln();
        }
        let jf = j as f64;
        let a = 1.0 - x - jf / nf;
        let b = x + jf / nf;
        if a <= 0.0 {
            // (1 − x − j/n)^{n−j} is 0 unless n − j = 0.
            if j == n {
                sum += (ln_binom + (jf - 1.0) * b.ln()).exp();
            }
            continue;
        }
        sum += (ln_binom + (nf - jf) * a.ln() + (jf - 1.0) * b.ln()).exp();
    }
    (x * sum).clamp(0.0, 1.0)
}

/// P(D_n < x) by the Durbin matrix algorithm (Marsaglia, Tsang & Wang 2003): exact, with the
/// matrix power scaled by powers of two to stay in range.
fn durbin_cdf(n: u64, x: f64) -> f64 {
    let nd = n as f64 * x;
    if nd <= 0.5 {
        return 0.0;
    }
    let k = nd.ceil() as usize;
    let h = k as f64 - nd;
    let m = 2 * k - 1;
    // H[i][j] = 1/(i − j + 1)! for i − j + 1 ≥ 0, corrected in the first column and last row.
    let mut fact = vec![1.0f64; m + 1]; // fact[i] = 1 / i!
    for i in 1..=m {
        fact[i] = fact[i - 1] / i as f64;
    }
    let mut hm = vec![0.0f64; m * m];
    for i in 0..m {
        for j in 0..m {
            if i + 1 >= j {
                hm[i * m + j] = fact[i + 1 - j];
            }
        }
    }
    for i in 0..m {
        hm[i * m] -= h.powi(i as i32 + 1) * fact[i + 1];
        hm[(m - 1) * m + i] -= h.powi((m - i) as i32) * fact[m - i];
    }
    if 2.0 * h - 1.0 > 0.0 {
        hm[(m - 1) * m] += (2.0 * h - 1.0).powi(m as i32) * fact[m];
    }
    let (power, mut exponent) = matrix_power(&hm, m, n);
    let mut p = power[(k - 1) * m + (k - 1)];
    // Multiply by n!/n^n, keeping the value in range.
    let nf = n as f64;
    for i in 1..=n {
        p = p * i as f64 / nf;
        if p.abs() < 1e-140 {
            p *= 1e140;
            exponent -= 140;
        }
    }
    p * 10f64.powi(exponent)
}

fn matmul(a: &[f64], b: &[f64], m: usize) -> Vec<f64> {
    let mut c = vec![0.0f64; m * m];
    for i in 0..m {
        for l in 0..m {
            let ail = a[i * m + l];
            if ail == 0.0 {
                continue;
            }
            for j in 0..m {
                c[i * m + j] += ail * b[l * m + j];
            }
        }
    }
    c
}

/// A^n with a decimal exponent kept aside: the result is `matrix · 10^exponent`.
fn matrix_power(a: &[f64], m: usize, n: u64) -> (Vec<f64>, i32) {
    if n == 1 {
        return (a.to_vec(), 0);
    }
    let (half, half_exp) = matrix_power(a, m, n / 2);
    let mut result = matmul(&half, &half, m);
    let mut exponent = 2 * half_exp;
    if n % 2 == 1 {
        result = matmul(a, &result, m);
    }
    let centre = result[(m / 2) * m + m / 2];
    if centre.abs() > 1e140 {
        for v in &mut result {
            *v *= 1e-140;
        }
        exponent += 140;
    }
    (result, exponent)
}

/// P(D_n < x) by Pelz & Good's (1976) asymptotic series: Li-Chien/Korolyuk's expansion
/// K0 + K1/√n + K2/n + K3/n^1.5 in z = x√n, rewritten with Jacobi theta functions for small z.
fn pelz_good_cdf(n: u64, x: f64) -> f64 {
    use std::f64::consts::PI;
    let nf = n as f64;
    let z = nf.sqrt() * x;
    let (z2, z3, z4, z6) = (z * z, z.powi(3), z.powi(4), z.powi(6));
    let (pi2, pi4, pi6) = (PI * PI, PI.powi(4), PI.powi(6));
    let qlog = -pi2 / 8.0 / z2;
    if qlog < -708.0 {
        return 0.0;
    }
    let q = qlog.exp();
    let k1a = -z2;
    let k1b = pi2 / 4.0;
    let k2a = 6.0 * z6 + 2.0 * z4;
    let k2b = (2.0 * z4 - 5.0 * z2) * pi2 / 4.0;
    let k2c = pi4 * (1.0 - 2.0 * z2) / 16.0;
    let k3d = pi6 * (5.0 - 30.0 * z2) / 64.0;
    let k3c = pi4 * (-60.0 * z2 + 212.0 * z4) / 16.0;
    let k3b = pi2 * (135.0 * z4 - 96.0 * z6) / 4.0;
    let k3a = -30.0 * z6 - 90.0 * z.powi(8);
    let maxk = (16.0 * z / PI).ceil() as i64;
    let mut k = [0.0f64; 4];
    for kk in (1..=maxk).rev() {
        let m = (2 * kk - 1) as f64;
        let (m2, m4, m6) = (m * m, m.powi(4), m.powi(6));
        let qpower = q.powf(8.0 * kk as f64);
        let coeffs = [
            1.0,
            k1a + k1b * m2,
            k2a + k2b * m2 + k2c * m4,
            k3a + k3b * m2 + k3c * m4 + k3d * m6,
        ];
        for (acc, c) in k.iter_mut().zip(coeffs) {
            *acc = *acc * qpower + c;
        }
    }
    let sqrt2pi = (2.0 * PI).sqrt();
    let denominators = [z, 6.0 * z4, 72.0 * z.powi(7), 6480.0 * z.powi(10)];
    for (acc, den) in k.iter_mut().zip(denominators) {
        *acc = *acc * q * sqrt2pi / den;
    }
    let q2 = (-pi2 / 2.0 / z2).exp();
    let sqrt3z = 3f64.sqrt() * z;
    let (mut extra2, mut extra3) = (0.0, 0.0);
    for kk in (1..=maxk).rev() {
        let kf = kk as f64;
        let ksq = kf * kf;
        let qp = q2.powf(ksq);
        extra2 += ksq * qp;
        let kpi = PI * kf;
        extra3 += (sqrt3z + kpi) * (sqrt3z - kpi) * ksq * qp;
    }
    k[2] += extra2 * pi2 * sqrt2pi / (-36.0 * z3);
    k[3] += extra3 * pi2 * sqrt2pi / (216.0 * z6);
    k.iter()
        .enumerate()
        .map(|(i, v)| v / nf.powf(i as f64 / 2.0))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_samples_have_no_difference() {
        let a = [1.0, 2.0, 3.0];
        let r = ks_2samp_sorted(&a, &a);
        assert_eq!((r.statistic, r.p_value), (0.0, 1.0));
    }

    #[test]
    fn ties_move_together() {
        // F_a jumps to 1 at 1.0; F_b is 0.5 there: D = 0.5, not 1.0 at some point between ties.
        let r = ks_2samp_sorted(&[1.0, 1.0], &[1.0, 2.0]);
        assert_eq!(r.statistic, 0.5);
    }

    #[test]
    fn band_mass_is_conserved() {
        // With h larger than any possible deviation nothing leaves the band.
        assert_eq!(outside_band(7, 3, 1, 22), 0.0);
        // Completely separated samples of sizes 3 and 2: P(D >= 1) = 2 / C(5, 2).
        let p = outside_band(3, 2, 1, 6);
        assert!((p - 0.2).abs() < 1e-15, "{p}");
    }

    #[test]
    fn square_and_band_agree_for_equal_sizes() {
        for (n, h) in [(5u64, 2u64), (10, 3), (40, 7)] {
            let a = outside_square(n, h);
            let b = outside_band(n, n, n, h);
            assert!((a - b).abs() < 1e-13, "n={n} h={h}: {a} vs {b}");
        }
    }

    #[test]
    fn kolmogorov_methods_agree_where_they_overlap() {
        // Durbin's exact algorithm and Pelz-Good's series are close for large n.
        let (n, x) = (2000u64, 0.02);
        let exact = durbin_cdf(n, x);
        let series = pelz_good_cdf(n, x);
        assert!((exact - series).abs() < 1e-6, "{exact} vs {series}");
    }
}
