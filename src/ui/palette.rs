//! The charts' colours and how far apart they look: sRGB to CIELAB, the
//! CIEDE2000 colour difference, and the three colour-vision deficiencies
//! as Chromium emulates them (`Emulation.setEmulatedVisionDeficiency`),
//! so that the palette is checked natively the way the browser test
//! checks it on the screen.

use mentoring_stats_engine::Mode;

/// The colour of each mode in the charts. Found by a search for five
/// colours near the earlier Okabe–Ito hues (blue, orange, green, purple,
/// ochre) that stay at least [`MIN_DISTANCE`] apart (CIEDE2000) from each
/// other and from the grey of `other`, in normal vision and under
/// simulated protanopia, deuteranopia and tritanopia, each with at least
/// 3:1 contrast with the white page and the white gaps between stacked
/// segments (WCAG 1.4.11). The mode chart also gives each mode a pattern.
pub fn mode_colour(mode: Mode) -> &'static str {
    match mode {
        Mode::Phone => "#0e86f5",
        Mode::Video => "#a13c00",
        Mode::InPerson => "#187a5b",
        Mode::Email => "#8a528c",
        Mode::Sms => "#ab8704",
        Mode::Other => "#3d4349",
    }
}

/// The live part of a live-versus-written bar: a dark blue that white
/// text stands out on (4.5:1 or more).
pub const LIVE_COLOUR: &str = "#0b4a75";
/// The written part: a light amber, hatched, that dark text stands out on;
/// the bar's outline gives it its edge against the white page.
pub const WRITTEN_COLOUR: &str = "#f2c46d";
/// Minutes of contacts neither live nor written (`other`).
pub const OTHER_COLOUR: &str = "#8c959f";

/// The smallest CIEDE2000 difference between any two mode colours, in
/// normal vision and under each simulated deficiency. A difference of
/// about 10 is read at a glance between adjacent areas; 15 leaves room
/// for the screen and the browser's rounding (the browser test, which
/// reads the colours off a screenshot, asks for 12).
pub const MIN_DISTANCE: f64 = 15.0;

/// A colour-vision deficiency, as Chromium emulates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vision {
    /// Normal colour vision.
    Normal,
    /// No long-wavelength (red) cones.
    Protanopia,
    /// No medium-wavelength (green) cones.
    Deuteranopia,
    /// No short-wavelength (blue) cones.
    Tritanopia,
}

impl Vision {
    /// Every vision the palette is checked under.
    pub const ALL: [Vision; 4] = [
        Vision::Normal,
        Vision::Protanopia,
        Vision::Deuteranopia,
        Vision::Tritanopia,
    ];

    /// Chromium's matrix (Machado, Oliveira and Fernandes 2009, severity
    /// 1), applied to linear RGB.
    fn matrix(self) -> Option<[[f64; 3]; 3]> {
        match self {
            Vision::Normal => None,
            Vision::Protanopia => Some([
                [0.152, 1.053, -0.205],
                [0.115, 0.786, 0.099],
                [-0.004, -0.048, 1.052],
            ]),
            Vision::Deuteranopia => Some([
                [0.367, 0.861, -0.228],
                [0.280, 0.673, 0.047],
                [-0.012, 0.043, 0.969],
            ]),
            Vision::Tritanopia => Some([
                [1.256, -0.077, -0.179],
                [-0.078, 0.931, 0.148],
                [0.005, 0.691, 0.304],
            ]),
        }
    }
}

/// `#rrggbb` as red, green and blue, 0 to 255 (black where it does not
/// read).
pub fn rgb(hex: &str) -> [f64; 3] {
    let hex = hex.trim_start_matches('#');
    let channel = |i: usize| {
        f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
    };
    [channel(0), channel(2), channel(4)]
}

fn to_linear(c: f64) -> f64 {
    let c = c / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn to_srgb(c: f64) -> f64 {
    let c = c.clamp(0.0, 1.0);
    255.0
        * if c <= 0.003_130_8 {
            12.92 * c
        } else {
            1.055 * c.powf(1.0 / 2.4) - 0.055
        }
}

/// How `colour` (sRGB, 0 to 255) looks under `vision`.
pub fn simulate(colour: [f64; 3], vision: Vision) -> [f64; 3] {
    let Some(m) = vision.matrix() else {
        return colour;
    };
    let l = colour.map(to_linear);
    m.map(|row| to_srgb(row[0] * l[0] + row[1] * l[1] + row[2] * l[2]))
}

/// CIELAB (D65) of an sRGB colour, 0 to 255.
pub fn lab(colour: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = colour.map(to_linear);
    let x = (0.412_456_4 * r + 0.357_576_1 * g + 0.180_437_5 * b) / 0.950_47;
    let y = 0.212_672_9 * r + 0.715_152_2 * g + 0.072_175 * b;
    let z = (0.019_333_9 * r + 0.119_192 * g + 0.950_304_1 * b) / 1.088_83;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

/// The CIEDE2000 difference of two CIELAB colours (Sharma, Wu and Dalal
/// 2005): about 1 is just noticeable; 10 and more is a different colour.
pub fn ciede2000(one: [f64; 3], two: [f64; 3]) -> f64 {
    let [l1, a1, b1] = one;
    let [l2, a2, b2] = two;
    let rad = std::f64::consts::PI / 180.0;
    let pow7 = |x: f64| x.powi(7);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt());
    let (ap1, ap2) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (cp1, cp2) = (ap1.hypot(b1), ap2.hypot(b2));
    let hue = |b: f64, a: f64| {
        if b == 0.0 && a == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (hp1, hp2) = (hue(b1, ap1), hue(b2, ap2));
    let dl = l2 - l1;
    let dc = cp2 - cp1;
    let mut dh = 0.0;
    if cp1 * cp2 != 0.0 {
        dh = hp2 - hp1;
        if dh > 180.0 {
            dh -= 360.0;
        } else if dh < -180.0 {
            dh += 360.0;
        }
    }
    let d_big_h = 2.0 * (cp1 * cp2).sqrt() * (dh / 2.0 * rad).sin();
    let l_bar = (l1 + l2) / 2.0;
    let cp_bar = (cp1 + cp2) / 2.0;
    let mut h_bar = hp1 + hp2;
    if cp1 * cp2 != 0.0 {
        if (hp1 - hp2).abs() > 180.0 {
            h_bar += if h_bar < 360.0 { 360.0 } else { -360.0 };
        }
        h_bar /= 2.0;
    }
    let t = 1.0 - 0.17 * ((h_bar - 30.0) * rad).cos()
        + 0.24 * (2.0 * h_bar * rad).cos()
        + 0.32 * ((3.0 * h_bar + 6.0) * rad).cos()
        - 0.20 * ((4.0 * h_bar - 63.0) * rad).cos();
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let rc = 2.0 * (pow7(cp_bar) / (pow7(cp_bar) + pow7(25.0))).sqrt();
    let sl = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let sc = 1.0 + 0.045 * cp_bar;
    let sh = 1.0 + 0.015 * cp_bar * t;
    let rt = -(2.0 * d_theta * rad).sin() * rc;
    ((dl / sl).powi(2)
        + (dc / sc).powi(2)
        + (d_big_h / sh).powi(2)
        + rt * (dc / sc) * (d_big_h / sh))
        .sqrt()
}

/// The smallest CIEDE2000 difference between any two of `colours`
/// (`#rrggbb`) as seen under `vision`, and the pair (indices) it is
/// between; `None` with fewer than two colours.
pub fn closest_pair(colours: &[&str], vision: Vision) -> Option<(f64, usize, usize)> {
    let labs: Vec<[f64; 3]> = colours
        .iter()
        .map(|c| lab(simulate(rgb(c), vision)))
        .collect();
    let mut best: Option<(f64, usize, usize)> = None;
    for i in 0..labs.len() {
        for j in i + 1..labs.len() {
            let d = ciede2000(labs[i], labs[j]);
            if best.is_none_or(|(b, _, _)| d < b) {
                best = Some((d, i, j));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::chart::contrast_ratio;

    #[test]
    fn ciede2000_agrees_with_sharma_wu_and_dalal() {
        // Pairs of the paper's test data, with their ΔE00.
        let pairs = [
            ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
            ([50.0, -1.0, 2.0], [50.0, 0.0, 0.0], 2.3669),
            ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
            (
                [60.2574, -34.0099, 36.2677],
                [60.4626, -34.1751, 39.4387],
                1.2644,
            ),
            ([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082),
        ];
        for (a, b, want) in pairs {
            let got = ciede2000(a, b);
            assert!((got - want).abs() < 1e-4, "{a:?} {b:?}: {got} not {want}");
            assert!((ciede2000(b, a) - want).abs() < 1e-4);
        }
        assert_eq!(ciede2000([40.0, 10.0, 10.0], [40.0, 10.0, 10.0]), 0.0);
    }

    #[test]
    fn lab_of_white_black_and_primaries() {
        let near = |a: [f64; 3], b: [f64; 3]| a.iter().zip(&b).all(|(x, y)| (x - y).abs() < 0.05);
        assert!(near(lab(rgb("#ffffff")), [100.0, 0.0, 0.0]));
        assert!(near(lab(rgb("#000000")), [0.0, 0.0, 0.0]));
        assert!(near(lab(rgb("#ff0000")), [53.24, 80.09, 67.20]));
        assert!(near(lab(rgb("#0000ff")), [32.30, 79.19, -107.86]));
    }

    #[test]
    fn the_simulations_keep_greys_and_merge_what_the_deficiency_merges() {
        for v in Vision::ALL {
            let grey = simulate(rgb("#777777"), v);
            assert!(
                grey.iter().all(|c| (c - 119.0).abs() < 1.5),
                "{v:?}: {grey:?}"
            );
        }
        // Red and green are far apart in normal vision, close without
        // red or green cones; blue and green close without blue ones.
        let d = |a: &str, b: &str, v| ciede2000(lab(simulate(rgb(a), v)), lab(simulate(rgb(b), v)));
        assert!(d("#d62728", "#2ca02c", Vision::Normal) > 50.0);
        assert!(d("#d62728", "#2ca02c", Vision::Deuteranopia) < 15.0);
        assert!(
            d("#009e73", "#0072b2", Vision::Tritanopia) < d("#009e73", "#0072b2", Vision::Normal)
        );
    }

    #[test]
    fn the_earlier_palette_fails_where_the_issue_says() {
        // Video and SMS the same olive under deuteranopia.
        let old = [
            "#0072b2", "#b35900", "#007a5e", "#a6478a", "#8a6d00", "#3d4349",
        ];
        let (d, i, j) = closest_pair(&old, Vision::Deuteranopia).unwrap();
        assert!(d < 5.0 && (i, j) == (1, 4), "{d} {i} {j}");
    }

    #[test]
    fn every_two_modes_stay_apart_in_every_vision() {
        let colours: Vec<&str> = Mode::ALL.into_iter().map(mode_colour).collect();
        for v in Vision::ALL {
            let (d, i, j) = closest_pair(&colours, v).unwrap();
            assert!(
                d >= MIN_DISTANCE,
                "{v:?}: {:?} and {:?} only {d:.1} apart",
                Mode::ALL[i],
                Mode::ALL[j]
            );
        }
    }

    #[test]
    fn live_and_written_parts_are_apart_and_carry_their_labels() {
        let parts = [LIVE_COLOUR, WRITTEN_COLOUR, OTHER_COLOUR];
        for v in Vision::ALL {
            let (d, _, _) = closest_pair(&parts, v).unwrap();
            assert!(d >= 20.0, "{v:?}: {d:.1}");
        }
        assert!(contrast_ratio(LIVE_COLOUR, "#ffffff") >= 4.5);
        assert!(contrast_ratio(WRITTEN_COLOUR, "#1b1f24") >= 4.5);
        assert!(contrast_ratio(OTHER_COLOUR, "#1b1f24") >= 4.5);
        assert!(contrast_ratio(LIVE_COLOUR, WRITTEN_COLOUR) >= 3.0);
    }
}
