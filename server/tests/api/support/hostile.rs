//! Hostile PDFs, built in code so that each attack is visible in the test that uses it.

use std::io::Write;

/// A PDF of a few kilobytes whose object stream (`/Type /ObjStm`, FlateDecode) lists `objects`
/// objects, all at the offset of one array of `integers` zeros. A loader that builds every listed
/// object builds that array `objects` times: with 1,000 × 100,000 lopdf 0.47 reached 11.7 GB from
/// 3 KB, and took the server down with it.
pub fn object_stream_bomb(objects: usize, integers: usize) -> Vec<u8> {
    let mut header = String::new();
    for i in 0..objects {
        header.push_str(&format!("{} 0 ", 10 + i));
    }
    let mut content = header.clone().into_bytes();
    content.push(b'[');
    content.extend(std::iter::repeat_n(&b"0 "[..], integers).flatten());
    content.push(b']');
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    deflate.write_all(&content).unwrap();
    let stream = deflate.finish().unwrap();

    let mut pdf = b"%PDF-1.5\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |pdf: &mut Vec<u8>, body: &[u8]| {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    };
    object(&mut pdf, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(&mut pdf, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(
        &mut pdf,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 10 0 R >>",
    );
    let mut objstm = format!(
        "<< /Type /ObjStm /N {objects} /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
        header.len(),
        stream.len()
    )
    .into_bytes();
    objstm.extend_from_slice(&stream);
    objstm.extend_from_slice(b"\nendstream");
    object(&mut pdf, &objstm);
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for offset in &offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    pdf
}
