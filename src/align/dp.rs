//! The banded dynamic programme: Viterbi for the best ladder of beads, and
//! forward/backward sums over all ladders in the band for each bead's
//! posterior probability.
//!
//! Cells are prefix pairs `(i, j)` (the first `i` source and `j` target
//! segments aligned). Row `i` keeps the cells within `width` of the diagonal
//! from `(0, 0)` to `(n, m)`; a ladder that runs along the band's edge makes
//! the caller retry with a wider band, so the band is a speed-up, not a limit.

/// Bead shapes `(source segments, target segments)`, in the order of the
/// model's shape costs.
pub const SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];

/// The cells of the band.
#[derive(Debug, Clone)]
pub struct Band {
    n: usize,
    m: usize,
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    cells: usize,
    /// Half-width of the band.
    pub width: usize,
}

impl Band {
    /// The cells within `width` of the diagonal of an `n × m` grid.
    pub fn new(n: usize, m: usize, width: usize) -> Band {
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut offset = Vec::with_capacity(n + 1);
        let mut cells = 0;
        for i in 0..=n {
            let center = if n == 0 {
                0
            } else {
                ((i as f64) * (m as f64) / (n as f64)).round() as usize
            };
            let l = center.saturating_sub(width);
            let h = (center + width).min(m);
            lo.push(l);
            hi.push(h);
            offset.push(cells);
            cells += h - l + 1;
        }
        Band {
            n,
            m,
            lo,
            hi,
            offset,
            cells,
            width,
        }
    }

    /// True when the band is the whole grid.
    pub fn is_full(&self) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == self.m)
    }

    /// The position of cell `(i, j)` in the band's storage, if it is in the band.
    pub fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i > self.n || j < self.lo[i] || j > self.hi[i] {
            return None;
        }
        Some(self.offset[i] + j - self.lo[i])
    }

    /// True when `(i, j)` lies on an edge of the band that is not an edge of the grid.
    pub fn on_inner_edge(&self, i: usize, j: usize) -> bool {
        (j <= self.lo[i] + 1 && self.lo[i] > 0) || (j + 1 >= self.hi[i] && self.hi[i] < self.m)
    }
}

/// The cost of every bead that starts in the band and ends inside the grid,
/// computed once: the Viterbi, forward and backward passes and the
/// posteriors all read the same table instead of re-scoring each bead.
pub struct CostTable {
    costs: Vec<f64>,
}

impl CostTable {
    /// Fills the table with `cost(i, j, shape)` for every bead starting at a
    /// band cell `(i, j)` (beads running off the grid cost infinity).
    pub fn new(band: &Band, cost: &mut dyn FnMut(usize, usize, usize) -> f64) -> CostTable {
        let mut costs = vec![f64::INFINITY; band.cells * SHAPES.len()];
        for i in 0..=band.n {
            for j in band.lo[i]..=band.hi[i] {
                let cell = band.offset[i] + j - band.lo[i];
                for (s, &(a, b)) in SHAPES.iter().enumerate() {
                    if i + a <= band.n && j + b <= band.m {
                        costs[cell * SHAPES.len() + s] = cost(i, j, s);
                    }
                }
            }
        }
        CostTable { costs }
    }

    /// A table of `f(i, j, shape, this table's cost)` over the same band.
    pub fn map(
        &self,
        band: &Band,
        f: &mut dyn FnMut(usize, usize, usize, f64) -> f64,
    ) -> CostTable {
        let mut costs = self.costs.clone();
        for i in 0..=band.n {
            for j in band.lo[i]..=band.hi[i] {
                let cell = band.offset[i] + j - band.lo[i];
                for (s, &(a, b)) in SHAPES.iter().enumerate() {
                    if i + a <= band.n && j + b <= band.m {
                        let k = cell * SHAPES.len() + s;
                        costs[k] = f(i, j, s, costs[k]);
                    }
                }
            }
        }
        CostTable { costs }
    }

    /// The cost of the bead of `shape` starting at `(i, j)` (infinity outside the band).
    pub fn get(&self, band: &Band, i: usize, j: usize, shape: usize) -> f64 {
        match band.index(i, j) {
            Some(cell) => self.costs[cell * SHAPES.len() + shape],
            None => f64::INFINITY,
        }
    }
}

/// One step of a ladder: the bead from `(i - a, j - b)` to `(i, j)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Source prefix length where the bead starts.
    pub i: usize,
    /// Target prefix length where the bead starts.
    pub j: usize,
    /// Index into [`SHAPES`].
    pub shape: usize,
}

/// The cheapest ladder through the band. `cost(i, j, shape)` is the cost of
/// the bead starting at `(i, j)`; `None` when `(n, m)` cannot be reached.
pub fn viterbi(
    band: &Band,
    cost: &mut dyn FnMut(usize, usize, usize) -> f64,
) -> Option<(Vec<Step>, f64)> {
    let mut best = vec![f64::INFINITY; band.cells];
    let mut back = vec![u8::MAX; band.cells];
    best[0] = 0.0;
    for i in 0..=band.n {
        for j in band.lo[i]..=band.hi[i] {
            let here = band.index(i, j)?;
            if i == 0 && j == 0 {
                continue;
            }
            for (s, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = band.index(i - a, j - b) else {
                    continue;
                };
                if !best[prev].is_finite() {
                    continue;
                }
                let total = best[prev] + cost(i - a, j - b, s);
                if total < best[here] {
                    best[here] = total;
                    back[here] = s as u8;
                }
            }
        }
    }
    let end = band.index(band.n, band.m)?;
    if !best[end].is_finite() {
        return None;
    }
    let (mut i, mut j) = (band.n, band.m);
    let mut steps = Vec::new();
    while i > 0 || j > 0 {
        let s = back[band.index(i, j)?] as usize;
        let (a, b) = *SHAPES.get(s)?;
        i -= a;
        j -= b;
        steps.push(Step { i, j, shape: s });
    }
    steps.reverse();
    Some((steps, best[end]))
}

/// The ladder `steps` with each 2-2 bead replaced by the ladder inside its
/// own rectangle whose beads' posterior probabilities sum highest (the
/// expected number of correct beads there), when that is not the 2-2 bead
/// itself.
///
/// The best ladder can hold a 2-2 bead that most ladders through the band
/// do not: its cost is lower than the two 1-1 beads' together, but many
/// ladders share one or the other of those, and little else fits the four
/// segments. On the tuning split of the NTREX evaluation this was a ru-en
/// pair (`dailymail.co.uk.298644`, posterior 0.47) whose gold is two 1-1
/// beads; applied to every bead of three or more segments, or to the whole
/// ladder, the same rule cost other cells (BENCHMARKS.md, sixth session).
pub fn split_unsure_two_two(
    band: &Band,
    sums: &Sums,
    cost: &mut dyn FnMut(usize, usize, usize) -> f64,
    steps: &[Step],
) -> Vec<Step> {
    let mut out = Vec::with_capacity(steps.len());
    for step in steps {
        if SHAPES[step.shape] != (2, 2) {
            out.push(*step);
            continue;
        }
        // Best (largest) posterior sum to each corner (x, y) of the 3 × 3
        // sub-grid, and the shape of the last bead there.
        let mut best = [[f64::NEG_INFINITY; 3]; 3];
        let mut back = [[usize::MAX; 3]; 3];
        best[0][0] = 0.0;
        for x in 0..3 {
            for y in 0..3 {
                for (s, &(a, b)) in SHAPES.iter().enumerate() {
                    if (x, y) == (0, 0) || a > x || b > y || best[x - a][y - b] == f64::NEG_INFINITY
                    {
                        continue;
                    }
                    let (i, j) = (step.i + x - a, step.j + y - b);
                    let c = cost(i, j, s);
                    if !c.is_finite() {
                        continue;
                    }
                    let total =
                        best[x - a][y - b] + sums.posterior(band, Step { i, j, shape: s }, c);
                    if total > best[x][y] {
                        best[x][y] = total;
                        back[x][y] = s;
                    }
                }
            }
        }
        let (mut x, mut y) = (2, 2);
        let mut inside = Vec::new();
        while (x > 0 || y > 0) && back[x][y] != usize::MAX {
            let s = back[x][y];
            let (a, b) = SHAPES[s];
            x -= a;
            y -= b;
            inside.push(Step {
                i: step.i + x,
                j: step.j + y,
                shape: s,
            });
        }
        if (x, y) != (0, 0) {
            out.push(*step);
            continue;
        }
        inside.reverse();
        out.extend(inside);
    }
    out
}

fn log_add(a: f64, b: f64) -> f64 {
    // Costs are negative log probabilities: -ln(e^-a + e^-b).
    if a == f64::INFINITY {
        return b;
    }
    if b == f64::INFINITY {
        return a;
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    lo - (-(hi - lo)).exp().ln_1p()
}

/// Forward and backward sums: `forward[(i, j)]` is `-ln` of the summed
/// probability of all ladders from `(0, 0)` to `(i, j)`, `backward` from
/// `(i, j)` to `(n, m)`.
pub struct Sums {
    forward: Vec<f64>,
    backward: Vec<f64>,
}

impl Sums {
    /// Runs both passes.
    pub fn new(band: &Band, cost: &mut dyn FnMut(usize, usize, usize) -> f64) -> Sums {
        let mut forward = vec![f64::INFINITY; band.cells];
        let mut backward = vec![f64::INFINITY; band.cells];
        forward[0] = 0.0;
        for i in 0..=band.n {
            for j in band.lo[i]..=band.hi[i] {
                let Some(here) = band.index(i, j) else {
                    continue;
                };
                if i == 0 && j == 0 {
                    continue;
                }
                let mut acc = f64::INFINITY;
                for (s, &(a, b)) in SHAPES.iter().enumerate() {
                    if a > i || b > j {
                        continue;
                    }
                    if let Some(prev) = band.index(i - a, j - b) {
                        if forward[prev].is_finite() {
                            acc = log_add(acc, forward[prev] + cost(i - a, j - b, s));
                        }
                    }
                }
                forward[here] = acc;
            }
        }
        if let Some(end) = band.index(band.n, band.m) {
            backward[end] = 0.0;
        }
        for i in (0..=band.n).rev() {
            for j in (band.lo[i]..=band.hi[i]).rev() {
                let Some(here) = band.index(i, j) else {
                    continue;
                };
                if i == band.n && j == band.m {
                    continue;
                }
                let mut acc = f64::INFINITY;
                for (s, &(a, b)) in SHAPES.iter().enumerate() {
                    if i + a > band.n || j + b > band.m {
                        continue;
                    }
                    if let Some(next) = band.index(i + a, j + b) {
                        if backward[next].is_finite() {
                            acc = log_add(acc, backward[next] + cost(i, j, s));
                        }
                    }
                }
                backward[here] = acc;
            }
        }
        Sums { forward, backward }
    }

    /// The posterior probability of the bead `step` with cost `cost`.
    pub fn posterior(&self, band: &Band, step: Step, cost: f64) -> f64 {
        let (a, b) = SHAPES[step.shape];
        let (Some(start), Some(end), Some(total)) = (
            band.index(step.i, step.j),
            band.index(step.i + a, step.j + b),
            band.index(band.n, band.m),
        ) else {
            return 0.0;
        };
        let log_p = -(self.forward[start] + cost + self.backward[end]) + self.forward[total];
        log_p.exp().clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonal_costs_give_one_to_one_ladder_with_high_posterior() {
        let band = Band::new(5, 5, 3);
        let mut cost = |_: usize, _: usize, s: usize| if s == 0 { 0.1 } else { 5.0 };
        let (steps, _) = viterbi(&band, &mut cost).unwrap();
        assert_eq!(steps.len(), 5);
        assert!(steps.iter().all(|s| s.shape == 0));
        let sums = Sums::new(&band, &mut cost);
        for step in steps {
            let p = sums.posterior(&band, step, 0.1);
            assert!(p > 0.9, "{p}");
        }
    }

    #[test]
    fn a_two_two_bead_with_less_posterior_than_its_split_is_split() {
        // The 2-2 bead is the cheapest ladder (1.5 against 2.0 for two 1-1
        // beads), but the 1-1 beads are each on more ladders (with a 1-0
        // and a 0-1 bead beside them).
        let band = Band::new(2, 2, 3);
        let mut cost = |_: usize, _: usize, s: usize| match SHAPES[s] {
            (1, 1) => 1.0,
            (2, 2) => 1.5,
            (1, 0) | (0, 1) => 1.2,
            _ => f64::INFINITY,
        };
        let (steps, _) = viterbi(&band, &mut cost).unwrap();
        assert_eq!(
            steps,
            [Step {
                i: 0,
                j: 0,
                shape: 5
            }]
        );
        let sums = Sums::new(&band, &mut cost);
        let split = split_unsure_two_two(&band, &sums, &mut cost, &steps);
        assert_eq!(
            split,
            [
                Step {
                    i: 0,
                    j: 0,
                    shape: 0
                },
                Step {
                    i: 1,
                    j: 1,
                    shape: 0
                }
            ]
        );
        // A 2-2 bead that holds most of the probability stays.
        let mut sure =
            |i: usize, j: usize, s: usize| if s == 5 { 0.1 } else { cost(i, j, s) + 2.0 };
        let (steps, _) = viterbi(&band, &mut sure).unwrap();
        let sums = Sums::new(&band, &mut sure);
        assert_eq!(split_unsure_two_two(&band, &sums, &mut sure, &steps), steps);
    }

    #[test]
    fn band_reaches_the_corner_for_unequal_lengths() {
        let band = Band::new(3, 9, 2);
        let mut cost = |_: usize, _: usize, _: usize| 1.0;
        let (steps, _) = viterbi(&band, &mut cost).unwrap();
        let (a, b) = steps.iter().fold((0, 0), |(a, b), s| {
            (a + SHAPES[s.shape].0, b + SHAPES[s.shape].1)
        });
        assert_eq!((a, b), (3, 9));
    }
}
