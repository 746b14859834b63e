//! A captcha made here, with no third-party service: five digits drawn as distorted strokes
//! (paths, never text, so the SVG source does not spell the answer) over noise curves and dots.
//! The answer is stored server-side (`captchas`), single use and expiring; see `server.rs`.

/// How many characters a captcha has.
pub const LENGTH: usize = 5;
/// How long a captcha may be answered.
pub const TTL_SECS: i64 = 10 * 60;
pub const WIDTH: u32 = 200;
pub const HEIGHT: u32 = 70;

/// What a person typed, as compared with the answer: digits only (spaces and dashes dropped,
/// full-width digits accepted, a letter О read as 0 and З as 3, the usual slips on a Russian keyboard).
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            'o' | 'O' | 'о' | 'О' => Some('0'),
            'з' | 'З' => Some('3'),
            _ => None,
        })
        .collect()
}

/// The strokes of each digit on a 10 × 16 grid, as polylines (server only: the browser never draws).
#[cfg(any(feature = "ssr", test))]
const GLYPHS: [&[&[(f32, f32)]]; 10] = [
    &[&[(3.0, 1.0), (7.0, 1.0), (9.0, 4.0), (9.0, 12.0), (7.0, 15.0), (3.0, 15.0), (1.0, 12.0), (1.0, 4.0), (3.0, 1.0)]],
    &[&[(2.5, 4.5), (6.0, 1.0), (6.0, 15.0)], &[(2.5, 15.0), (9.0, 15.0)]],
    &[&[(1.0, 4.0), (3.0, 1.0), (7.0, 1.0), (9.0, 3.5), (9.0, 6.0), (1.0, 15.0), (9.0, 15.0)]],
    &[
        &[(1.0, 2.5), (3.0, 1.0), (7.0, 1.0), (9.0, 3.0), (9.0, 6.0), (7.0, 8.0), (4.0, 8.0)],
        &[(7.0, 8.0), (9.0, 10.0), (9.0, 13.0), (7.0, 15.0), (3.0, 15.0), (1.0, 13.5)],
    ],
    &[&[(7.0, 15.0), (7.0, 1.0), (1.0, 11.0), (9.5, 11.0)]],
    &[&[(9.0, 1.0), (2.0, 1.0), (1.0, 7.0), (6.0, 6.0), (9.0, 8.0), (9.0, 13.0), (7.0, 15.0), (2.0, 15.0), (1.0, 13.0)]],
    &[&[(8.0, 1.0), (4.0, 2.0), (1.0, 7.0), (1.0, 13.0), (3.0, 15.0), (7.0, 15.0), (9.0, 13.0), (9.0, 10.0), (7.0, 8.0), (3.0, 8.0), (1.0, 10.0)]],
    &[&[(1.0, 1.0), (9.0, 1.0), (4.0, 15.0)], &[(3.5, 8.0), (8.0, 8.0)]],
    &[&[
        (5.0, 8.0), (2.0, 6.0), (2.0, 3.0), (4.0, 1.0), (6.0, 1.0), (8.0, 3.0), (8.0, 6.0), (5.0, 8.0),
        (1.5, 10.5), (1.5, 13.0), (3.5, 15.0), (6.5, 15.0), (8.5, 13.0), (8.5, 10.5), (5.0, 8.0),
    ]],
    &[&[(9.0, 6.0), (7.0, 8.0), (3.0, 8.0), (1.0, 6.0), (1.0, 3.0), (3.0, 1.0), (7.0, 1.0), (9.0, 3.0), (9.0, 9.0), (6.0, 14.0), (2.0, 15.0)]],
];

#[cfg(feature = "ssr")]
pub use server_side::*;

#[cfg(feature = "ssr")]
mod server_side {
    use super::*;
    use rand::Rng;
    use std::fmt::Write;

    /// A fresh answer: `LENGTH` random digits.
    pub fn new_answer(rng: &mut impl Rng) -> String {
        (0..LENGTH).map(|_| char::from(b'0' + rng.gen_range(0..10u8))).collect()
    }

    /// The SVG picture of `answer` (digits only).
    pub fn render(answer: &str, rng: &mut impl Rng) -> String {
        let mut svg = String::with_capacity(6000);
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
             <rect width=\"100%\" height=\"100%\" fill=\"#f4f6fa\"/>"
        );
        // Noise behind: soft curves and dots.
        for _ in 0..5 {
            let colour = format!("hsl({},45%,70%)", rng.gen_range(0..360));
            noise_curve(&mut svg, rng, 1.2, &colour);
        }
        for _ in 0..40 {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\" fill=\"hsl({},40%,55%)\"/>",
                rng.gen_range(0.0..WIDTH as f32),
                rng.gen_range(0.0..HEIGHT as f32),
                rng.gen_range(0.6..1.8f32),
                rng.gen_range(0..360)
            );
        }
        // The digits: each scaled, rotated, shifted and its points jittered.
        let step = (WIDTH as f32 - 24.0) / answer.chars().count().max(1) as f32;
        for (i, c) in answer.chars().enumerate() {
            let Some(d) = c.to_digit(10) else { continue };
            let scale = rng.gen_range(2.4..3.0f32);
            let angle = rng.gen_range(-0.35..0.35f32);
            let (sin, cos) = angle.sin_cos();
            let cx = 12.0 + step * (i as f32 + 0.5) + rng.gen_range(-3.0..3.0f32);
            let cy = HEIGHT as f32 / 2.0 + rng.gen_range(-5.0..5.0f32);
            let skew = rng.gen_range(-0.25..0.25f32);
            let colour = format!("hsl({},55%,{}%)", rng.gen_range(0..360), rng.gen_range(22..38));
            let mut d_attr = String::new();
            for stroke in GLYPHS[d as usize] {
                for (k, &(x, y)) in stroke.iter().enumerate() {
                    let (x, y) = (x - 5.0 + rng.gen_range(-0.45..0.45f32), y - 8.0 + rng.gen_range(-0.45..0.45f32));
                    let x = x + skew * y;
                    let (px, py) = (cx + scale * (x * cos - y * sin), cy + scale * (x * sin + y * cos));
                    let _ = write!(d_attr, "{}{px:.1} {py:.1}", if k == 0 { "M" } else { " L" });
                }
            }
            let _ = write!(
                svg,
                "<path d=\"{d_attr}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.1}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                rng.gen_range(2.6..3.6f32)
            );
        }
        // Noise in front: two thin curves across the digits.
        for _ in 0..2 {
            noise_curve(&mut svg, rng, 1.6, "hsl(215,30%,35%)");
        }
        svg.push_str("</svg>");
        svg
    }

    fn noise_curve(svg: &mut String, rng: &mut impl Rng, width: f32, colour: &str) {
        let (w, h) = (WIDTH as f32, HEIGHT as f32);
        let _ = write!(
            svg,
            "<path d=\"M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\"/>",
            rng.gen_range(0.0..w * 0.2),
            rng.gen_range(0.0..h),
            rng.gen_range(w * 0.2..w * 0.5),
            rng.gen_range(-h * 0.5..h * 1.5),
            rng.gen_range(w * 0.5..w * 0.8),
            rng.gen_range(-h * 0.5..h * 1.5),
            rng.gen_range(w * 0.8..w),
            rng.gen_range(0.0..h),
        );
    }

    /// `data:` URI of the picture, for an `<img>` that needs no extra request.
    pub fn data_uri(svg: &str) -> String {
        use base64::Engine;
        format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_answers_are_normalised() {
        assert_eq!(normalise(" 12 34-5 "), "12345");
        assert_eq!(normalise("１２３４５"), "12345");
        assert_eq!(normalise("О12З4"), "01234");
        assert_eq!(normalise("abc"), "");
    }

    #[test]
    fn every_digit_has_strokes_inside_the_grid() {
        for glyph in GLYPHS {
            assert!(!glyph.is_empty());
            for stroke in glyph {
                assert!(stroke.len() >= 2);
                assert!(stroke.iter().all(|&(x, y)| (0.0..=10.0).contains(&x) && (0.0..=16.0).contains(&y)));
            }
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn answers_are_five_random_digits() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let answers: std::collections::HashSet<String> = (0..50).map(|_| new_answer(&mut rng)).collect();
        assert!(answers.len() > 45, "answers repeat too often");
        assert!(answers.iter().all(|a| a.len() == LENGTH && a.chars().all(|c| c.is_ascii_digit())));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_picture_never_spells_the_answer() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        let svg = render("40718", &mut rng);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("<text"), "no text elements");
        assert!(!svg.contains("40718"));
        // Five digit paths plus seven noise curves.
        assert_eq!(svg.matches("<path").count(), 5 + 7);
        // The same answer is drawn differently each time.
        assert_ne!(svg, render("40718", &mut rng));
        assert!(data_uri(&svg).starts_with("data:image/svg+xml;base64,"));
    }
}
