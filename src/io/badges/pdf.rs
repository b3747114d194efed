//! A PDF written to its file object by object, so a document of thousands of pages never has to
//! be in memory: pdf-writer builds each object, this module places it and remembers where, and
//! writes the cross-reference table at the end.

use std::io::Write;

use pdf_writer::{Chunk, Ref, Settings};

use super::BadgeError;

/// Fast enough that deflating is a small part of writing a badge; the level pays off on fonts.
const DEFLATE_LEVEL: u8 = 6;

pub fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, DEFLATE_LEVEL)
}

pub struct ObjectWriter<W: Write> {
    out: W,
    /// Bytes written so far: the offset of the next object.
    position: u64,
    /// Offset of each object, by id − 1; `None` until it is written.
    offsets: Vec<Option<u64>>,
}

impl<W: Write> ObjectWriter<W> {
    pub fn new(mut out: W) -> Result<ObjectWriter<W>, BadgeError> {
        // The comment of bytes over 127 tells transfer tools the file is binary (PDF 7.5.2).
        let header = b"%PDF-1.7\n%\x80\x80\x80\x80\n";
        out.write_all(header)?;
        Ok(ObjectWriter { out, position: header.len() as u64, offsets: Vec::new() })
    }

    /// A new object id, to be written later (pages refer to fonts written at the end).
    pub fn alloc(&mut self) -> Ref {
        self.offsets.push(None);
        Ref::new(self.offsets.len() as i32)
    }

    /// Writes the one object `build` puts in a fresh chunk.
    pub fn object(&mut self, build: impl FnOnce(&mut Chunk)) -> Result<(), BadgeError> {
        let mut chunk = Chunk::with_settings(Settings { pretty: false });
        build(&mut chunk);
        let mut refs = chunk.refs();
        let (Some(id), None) = (refs.next(), refs.next()) else {
            return Err(BadgeError::Pdf("one object per chunk".into()));
        };
        let slot = usize::try_from(id.get() - 1)
            .ok()
            .and_then(|i| self.offsets.get_mut(i))
            .ok_or_else(|| BadgeError::Pdf(format!("object {} was never allocated", id.get())))?;
        if slot.replace(self.position).is_some() {
            return Err(BadgeError::Pdf(format!("object {} written twice", id.get())));
        }
        self.out.write_all(chunk.as_bytes())?;
        self.position += chunk.len() as u64;
        Ok(())
    }

    /// The cross-reference table and trailer; every allocated object must have been written.
    pub fn finish(mut self, catalog: Ref, info: Ref) -> Result<W, BadgeError> {
        let xref = self.position;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f\r\n", self.offsets.len() + 1);
        for (i, offset) in self.offsets.iter().enumerate() {
            let offset = offset.ok_or_else(|| BadgeError::Pdf(format!("object {} was never written", i + 1)))?;
            table.push_str(&format!("{offset:010} 00000 n\r\n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1,
            catalog.get(),
            info.get()
        ));
        self.out.write_all(table.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pdf_writer::Name;

    #[test]
    fn offsets_point_at_each_object() {
        let mut w = ObjectWriter::new(Vec::new()).unwrap();
        let (a, b) = (w.alloc(), w.alloc());
        // Written out of order, as fonts are.
        w.object(|c| {
            c.indirect(b).primitive(Name(b"B"));
        })
        .unwrap();
        w.object(|c| {
            c.indirect(a).primitive(Name(b"A"));
        })
        .unwrap();
        let bytes = w.finish(a, b).unwrap();
        // Byte offsets: the header's binary marker is not UTF-8, so no lossy text here.
        let tail = String::from_utf8(bytes[bytes.len() - 30..].to_vec()).unwrap();
        let xref_at: usize = tail.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        let table = String::from_utf8(bytes[xref_at..].to_vec()).unwrap();
        let rows: Vec<usize> = table.lines().skip(3).take(2).map(|l| l[..10].parse().unwrap()).collect();
        assert!(bytes[rows[0]..].starts_with(b"1 0 obj"), "{table}");
        assert!(bytes[rows[1]..].starts_with(b"2 0 obj"), "{table}");
    }

    #[test]
    fn an_object_never_written_is_an_error_not_a_broken_file() {
        let mut w = ObjectWriter::new(Vec::new()).unwrap();
        let a = w.alloc();
        assert!(matches!(w.finish(a, a), Err(BadgeError::Pdf(_))));
    }
}
