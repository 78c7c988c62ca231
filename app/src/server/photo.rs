//! Photos people upload: decoded here, turned upright, cropped square, resized and encoded again
//! as a plain JPEG, so nothing of the uploaded file is kept — no metadata (EXIF location
//! included), no comments, no trailing bytes — only its pixels. The result is named by a SHA-256
//! of its owner and its bytes ([`photo_id`]), which makes its URL safe to cache for a year.

use std::io::Cursor;

use image::{
    codecs::jpeg::JpegEncoder, imageops::FilterType, DynamicImage, ImageDecoder, ImageFormat,
    ImageReader, Limits, RgbImage,
};
use sha2::{Digest, Sha256};

pub use crate::upload_rules::MAX_PHOTO_BYTES;
/// The stored photo's side, in pixels: the site shows it at up to 112 CSS pixels (three times
/// that on a dense screen) and the Open Graph image at 300.
pub const SIDE: u32 = 400;
/// Wider or taller than this is refused before decoding (a small file can claim a huge image).
const MAX_DIMENSION: u32 = 12_000;
/// What decoding may allocate.
const MAX_ALLOC: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

/// Why a photo was not accepted; each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("The photo is larger than {} MB: choose a smaller one", MAX_PHOTO_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("That file is not a JPEG, PNG or WebP image: choose a photo in one of those formats")]
    NotAPhoto,
    #[error("The image is wider or taller than {MAX_DIMENSION} pixels: choose a smaller one")]
    TooManyPixels,
    #[error("The image could not be read (it may be damaged): choose another")]
    Unreadable,
}

/// A photo ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub jpeg: Vec<u8>,
}

/// The name of `owner`'s photo in its URL: the SHA-256 of the owner and the bytes. A new photo
/// is a new name (so a year's caching is safe), and two people with the same picture (the
/// same default image, say) still have a photo each.
pub fn photo_id(owner: &str, jpeg: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(owner.as_bytes());
    hash.update([0]);
    hash.update(jpeg);
    hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Turns uploaded bytes into a stored photo. CPU-bound: call it off the async runtime.
pub fn process(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAPhoto)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::NotAPhoto);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(read_error)?;
    // A phone stores a portrait sideways with a note to turn it: turn it, since the note goes.
    let orientation = decoder.orientation().map_err(read_error)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(read_error)?;
    image.apply_orientation(orientation);

    let (width, height) = (image.width(), image.height());
    let side = width.min(height);
    if side == 0 {
        return Err(PhotoError::Unreadable);
    }
    let square = image.crop_imm((width - side) / 2, (height - side) / 2, side, side);
    let target = side.min(SIDE);
    let resized = if side == target {
        square
    } else {
        square.resize_exact(target, target, FilterType::CatmullRom)
    };
    let rgb = on_white(&resized);

    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoError::Unreadable)?;
    Ok(Photo { jpeg })
}

/// A transparent PNG or WebP would turn black in a JPEG: lay it on white.
fn on_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| ((c as u16 * a as u16 + 255 * (255 - a as u16)) / 255) as u8;
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

fn read_error(error: image::ImageError) -> PhotoError {
    match error {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels,
        image::ImageError::Unsupported(_) => PhotoError::NotAPhoto,
        _ => PhotoError::Unreadable,
    }
}

/// Whether `id` can name a stored photo (32 lower-case hex digits): anything else is not looked
/// up at all.
pub fn is_photo_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, Rgba, RgbaImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        // The top rows are transparent.
        let img = RgbaImage::from_fn(width, height, |x, y| {
            Rgba([(x % 256) as u8, 100, 200, if y < 5 { 0 } else { 255 }])
        });
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgba8)
            .unwrap();
        out
    }

    /// A JPEG with an EXIF segment holding a GPS position, as phones write them.
    fn jpeg_with_location() -> Vec<u8> {
        let img = RgbImage::from_pixel(640, 480, image::Rgb([10, 120, 90]));
        let mut plain = Vec::new();
        JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&img)
            .unwrap();
        let payload = b"Exif\0\0MM\0*GPSLatitude 47.6062 N GPSLongitude 122.3321 W";
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        app1.extend_from_slice(payload);
        // After SOI (the first two bytes).
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&app1);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn a_photo_comes_out_square_at_most_400_px_as_a_jpeg_without_its_metadata() {
        let upload = jpeg_with_location();
        assert!(upload.windows(11).any(|w| w == b"GPSLatitude"));
        let photo = process(&upload).unwrap();
        let decoded = image::load_from_memory(&photo.jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (400, 400));
        assert_eq!(image::guess_format(&photo.jpeg).unwrap(), ImageFormat::Jpeg);
        for secret in [&b"Exif"[..], b"GPS", b"47.6062"] {
            assert!(
                !photo.jpeg.windows(secret.len()).any(|w| w == secret),
                "{:?} survived",
                String::from_utf8_lossy(secret)
            );
        }
        let id = photo_id("user_ada", &photo.jpeg);
        assert!(is_photo_id(&id));
        assert_eq!(
            photo_id("user_ada", &process(&upload).unwrap().jpeg),
            id,
            "named by content"
        );
        assert_ne!(photo_id("user_bo", &photo.jpeg), id, "and by owner");
    }

    #[test]
    fn a_small_transparent_png_is_kept_at_its_size_on_white() {
        let photo = process(&png(120, 90)).unwrap();
        let decoded = image::load_from_memory(&photo.jpeg).unwrap().to_rgb8();
        assert_eq!(
            decoded.dimensions(),
            (90, 90),
            "cropped square, not enlarged"
        );
        let corner = decoded.get_pixel(45, 1).0;
        assert!(
            corner.iter().all(|&c| c > 200),
            "transparent became white: {corner:?}"
        );
    }

    #[test]
    fn what_is_not_a_photo_is_refused_with_a_reason() {
        assert_eq!(
            process(b"%PDF-1.7 not an image"),
            Err(PhotoError::NotAPhoto)
        );
        assert_eq!(
            process(b"GIF89a\x01\x00\x01\x00"),
            Err(PhotoError::NotAPhoto)
        );
        let mut cut = png(50, 50);
        cut.truncate(cut.len() / 2);
        assert_eq!(process(&cut), Err(PhotoError::Unreadable));
        assert_eq!(
            process(&vec![0xFF; MAX_PHOTO_BYTES + 1]),
            Err(PhotoError::TooLarge)
        );
    }

    #[test]
    fn a_small_file_claiming_a_huge_image_is_refused_before_it_is_decoded() {
        // A PNG header for 60000 × 60000 pixels (10.8 GB decoded) and no data.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        // The header chunk's checksum, so the file is refused for its size and not as damaged.
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(process(&bomb), Err(PhotoError::TooManyPixels));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn only_32_hex_digits_name_a_photo() {
        assert!(is_photo_id("0123456789abcdef0123456789abcdef"));
        for bad in [
            "",
            "0123456789ABCDEF0123456789abcdef",
            "../../etc/passwd",
            "0123456789abcdef0123456789abcde",
        ] {
            assert!(!is_photo_id(bad), "{bad}");
        }
    }
}
