//! The link-preview image of a public site (`/{username}/og.png`, 1200×630): the person's photo
//! (or their initials) in a circle, name, title and address on a green gradient. Drawn in Rust —
//! glyph outlines from the bundled DejaVu Sans Bold (`assets/fonts/`, Bitstream Vera licence)
//! rasterised with ab_glyph, encoded with png — so no browser or system font is involved.
//! Rendered once per site version and kept with the cached page.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

static FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).expect("the bundled font parses"))
}

/// What goes on the card.
pub struct Card<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub initials: &'a str,
    /// e.g. `vitae.example/ada`.
    pub address: &'a str,
    /// The person's photo as Vitae stores it (a square JPEG), drawn instead of the initials.
    pub photo: Option<&'a [u8]>,
}

struct Canvas {
    rgb: Vec<[f32; 3]>,
}

impl Canvas {
    fn blend(&mut self, x: i64, y: i64, color: [f32; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(WIDTH) || y >= i64::from(HEIGHT) {
            return;
        }
        let px = &mut self.rgb[(y as usize) * WIDTH as usize + x as usize];
        let a = alpha.clamp(0.0, 1.0);
        for i in 0..3 {
            px[i] = px[i] * (1.0 - a) + color[i] * a;
        }
    }

    /// Draws `text` with its left end at `x` and baseline at `y`; returns the width drawn.
    fn text(&mut self, text: &str, x: f32, y: f32, size: f32, color: [f32; 3]) -> f32 {
        let font = font().as_scaled(PxScale::from(size));
        let mut caret = x;
        let mut previous = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = previous {
                caret += font.kern(p, id);
            }
            let glyph = id.with_scale_and_position(size, ab_glyph::point(caret, y));
            caret += font.h_advance(id);
            previous = Some(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.blend(
                        b.min.x as i64 + i64::from(gx),
                        b.min.y as i64 + i64::from(gy),
                        color,
                        coverage,
                    );
                });
            }
        }
        caret - x
    }
}

/// The width `text` takes at `size` pixels.
fn measure(text: &str, size: f32) -> f32 {
    let font = font().as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            width += font.kern(p, id);
        }
        width += font.h_advance(id);
        previous = Some(id);
    }
    width
}

/// `text` shortened with an ellipsis to fit `max` pixels at `size`.
fn fit(text: &str, size: f32, max: f32) -> String {
    if measure(text, size) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate = format!("{}…", chars.iter().collect::<String>().trim_end());
        if measure(&candidate, size) <= max {
            return candidate;
        }
    }
    String::new()
}

/// The largest size from `sizes` at which `text` fits in `max` pixels (else the smallest).
fn size_to_fit(text: &str, sizes: &[f32], max: f32) -> f32 {
    sizes
        .iter()
        .copied()
        .find(|s| measure(text, *s) <= max)
        .unwrap_or(sizes[sizes.len() - 1])
}

const WHITE: [f32; 3] = [1.0, 1.0, 1.0];
const MINT: [f32; 3] = [0.72, 0.93, 0.84];

/// The PNG bytes of the card.
pub fn render(card: &Card<'_>) -> Vec<u8> {
    let (w, h) = (WIDTH as usize, HEIGHT as usize);
    // A diagonal gradient between two greens of the site's accent.
    let from = [0.09, 0.36, 0.27];
    let to = [0.04, 0.16, 0.13];
    let mut canvas = Canvas {
        rgb: Vec::with_capacity(w * h),
    };
    for y in 0..h {
        for x in 0..w {
            let t = (x as f32 / w as f32) * 0.6 + (y as f32 / h as f32) * 0.4;
            canvas
                .rgb
                .push(std::array::from_fn(|i| from[i] * (1.0 - t) + to[i] * t));
        }
    }

    // The photo, or the initials, in a circle.
    let (cx, cy, r) = (190.0f32, 315.0f32, 110.0f32);
    let photo = card
        .photo
        .and_then(|jpeg| circle_photo(jpeg, (2.0 * r) as u32));
    for y in (cy - r - 2.0) as i64..=(cy + r + 2.0) as i64 {
        for x in (cx - r - 2.0) as i64..=(cx + r + 2.0) as i64 {
            let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
            let coverage = (r + 0.5 - d).clamp(0.0, 1.0);
            if coverage <= 0.0 {
                continue;
            }
            let color = match &photo {
                Some(img) => {
                    let px = img.get_pixel(
                        ((x as f32 - (cx - r)) as u32).min(img.width() - 1),
                        ((y as f32 - (cy - r)) as u32).min(img.height() - 1),
                    );
                    px.0.map(|c| f32::from(c) / 255.0)
                }
                None => MINT,
            };
            canvas.blend(x, y, color, coverage);
        }
    }
    if photo.is_none() {
        let initials = if card.initials.is_empty() {
            "?"
        } else {
            card.initials
        };
        let isize = size_to_fit(initials, &[96.0, 80.0, 64.0], 2.0 * r - 40.0);
        let iw = measure(initials, isize);
        canvas.text(
            initials,
            cx - iw / 2.0,
            cy + isize * 0.36,
            isize,
            [0.06, 0.25, 0.19],
        );
    }

    // Name, title, address.
    let left = 360.0;
    let max = WIDTH as f32 - left - 70.0;
    let name_size = size_to_fit(card.name, &[76.0, 64.0, 54.0, 46.0], max);
    let name = fit(card.name, name_size, max);
    let title = fit(card.title, 38.0, max);
    let has_title = !title.is_empty();
    let name_y = if has_title { 300.0 } else { 335.0 };
    canvas.text(&name, left, name_y, name_size, WHITE);
    if has_title {
        canvas.text(&title, left, name_y + 68.0, 38.0, MINT);
    }
    let address = fit(card.address, 28.0, max);
    canvas.text(&address, left, 560.0, 28.0, [0.85, 0.92, 0.89]);

    let bytes: Vec<u8> = canvas
        .rgb
        .iter()
        .flat_map(|px| px.map(|c| (c.clamp(0.0, 1.0) * 255.0 + 0.5) as u8))
        .collect();
    let mut out = Vec::with_capacity(64 * 1024);
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("PNG header to memory");
        writer.write_image_data(&bytes).expect("PNG data to memory");
    }
    out
}

/// The photo scaled to `size` × `size` pixels; `None` if it does not decode (the card then
/// shows the initials: a stored photo was re-encoded by us, so this is only a safeguard).
fn circle_photo(jpeg: &[u8], size: u32) -> Option<image::RgbImage> {
    let decoded = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).ok()?;
    Some(
        decoded
            .resize_to_fill(size, size, image::imageops::FilterType::Lanczos3)
            .to_rgb8(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_is_a_1200_by_630_png_even_for_a_very_long_name() {
        let png = render(&Card {
            name: &"Maximiliana ".repeat(10),
            title: "Engineer",
            initials: "MM",
            address: "vitae.example/max",
            photo: None,
        });
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, at bytes 16..24.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1200);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 630);
    }

    /// The pixel at the circle's centre (190, 315) of a rendered card.
    fn centre(png: &[u8]) -> [u8; 3] {
        let img = image::load_from_memory(png).unwrap().to_rgb8();
        img.get_pixel(190, 315).0
    }

    #[test]
    fn the_photo_fills_the_circle_and_a_broken_one_falls_back_to_initials() {
        let red = image::RgbImage::from_pixel(400, 400, image::Rgb([220, 30, 30]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85)
            .encode_image(&red)
            .unwrap();
        let card = |photo| Card {
            name: "Ada Lovelace",
            title: "Engineer",
            initials: "AL",
            address: "vitae.example/ada",
            photo,
        };
        let [r, g, b] = centre(&render(&card(Some(&jpeg))));
        assert!(r > 180 && g < 80 && b < 80, "the photo: {r},{g},{b}");
        let without = centre(&render(&card(None)));
        let broken = centre(&render(&card(Some(b"not a jpeg"))));
        assert_eq!(broken, without, "the initials' circle");
        assert!(without[1] > without[0], "mint, not red: {without:?}");
    }
}
