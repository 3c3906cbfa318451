//! Writing a file whole or not at all: the bytes go to a temporary file in the same folder,
//! which replaces the target by a rename once everything is written. A run that fails
//! half-way leaves the old file (or none), never a truncated one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written; [`Staged::commit`] puts it in place.
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl Staged {
    /// Start writing `target`.
    pub fn create(target: &Path) -> io::Result<Staged> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let temp = folder.join(format!(
            ".{}.replylint-{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&temp)?;
        Ok(Staged {
            target: target.to_owned(),
            temp,
            file: Some(BufWriter::new(file)),
        })
    }

    /// Finish writing and replace the target, which keeps its permissions.
    pub fn commit(self) -> io::Result<()> {
        self.commit_by(|from, to| fs::rename(from, to))
    }

    /// [`Staged::commit`], putting the file in place with `rename` (tests make it fail).
    pub fn commit_by(
        mut self,
        rename: impl FnOnce(&Path, &Path) -> io::Result<()>,
    ) -> io::Result<()> {
        self.finish()?;
        if let Ok(meta) = fs::metadata(&self.target) {
            let _ = fs::set_permissions(&self.temp, meta.permissions());
        }
        rename(&self.temp, &self.target).inspect_err(|_| {
            let _ = fs::remove_file(&self.temp);
        })
    }

    /// Finish writing and put the file in place only if the target does not exist
    /// (`AlreadyExists` otherwise): a hard link cannot replace a file, so another program
    /// creating the target meanwhile is not overwritten either.
    pub fn commit_new(mut self) -> io::Result<()> {
        self.finish()?;
        let linked = fs::hard_link(&self.temp, &self.target);
        let _ = fs::remove_file(&self.temp);
        linked
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            let file = file.into_inner().map_err(|err| {
                let _ = fs::remove_file(&self.temp);
                err.into_error()
            })?;
            if let Err(err) = file.sync_all() {
                let _ = fs::remove_file(&self.temp);
                return Err(err);
            }
        }
        Ok(())
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// Where a report given with `--output` goes.
pub enum Destination {
    /// A regular file (or none yet): written whole through a temporary file. A symbolic
    /// link is followed, so the file it points to is replaced and the link kept.
    File(PathBuf),
    /// A device, pipe or socket (`/dev/stdout`, `/dev/null`, a named pipe): written to
    /// directly, as the shell's `>` would; renaming over it would replace it.
    Special(PathBuf),
}

impl Destination {
    /// Decide how to write `path`, refusing a read-only file and a folder.
    pub fn of(path: &Path) -> io::Result<Destination> {
        let resolved = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match fs::metadata(&resolved) {
            Ok(meta) if meta.is_dir() => Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder; give a file name",
            )),
            Ok(meta) if !meta.is_file() => Ok(Destination::Special(resolved)),
            Ok(meta) if meta.permissions().readonly() => Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only",
            )),
            _ => Ok(Destination::File(resolved)),
        }
    }

    /// The file that will hold the report, when it is a regular one.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Destination::File(path) => Some(path),
            Destination::Special(_) => None,
        }
    }

    /// Start writing.
    pub fn open(&self) -> io::Result<Box<dyn Sink>> {
        Ok(match self {
            Destination::File(path) => Box::new(Staged::create(path)?),
            Destination::Special(path) => {
                Box::new(BufWriter::new(OpenOptions::new().write(true).open(path)?))
            }
        })
    }
}

/// A report being written: [`Sink::commit`] makes it final.
pub trait Sink: Write {
    fn commit(self: Box<Self>) -> io::Result<()>;
}

impl Sink for Staged {
    fn commit(self: Box<Self>) -> io::Result<()> {
        Staged::commit(*self)
    }
}

impl Sink for BufWriter<File> {
    fn commit(mut self: Box<Self>) -> io::Result<()> {
        self.flush()
    }
}

impl Drop for Staged {
    /// Not committed: the temporary file goes, the target stays as it was.
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Destination, Staged};
    use std::io::Write;

    #[test]
    fn the_target_changes_only_on_commit() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let target = dir.path().join("report.json");
        std::fs::write(&target, "old").expect("written");
        let mut staged = Staged::create(&target).expect("created");
        staged.write_all(b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
        staged.commit().expect("committed");
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");

        let mut dropped = Staged::create(&target).expect("created");
        dropped.write_all(b"half").expect("written");
        drop(dropped);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
        assert_eq!(left.len(), 1, "no temporary file is left");

        let mut new = Staged::create(&target).expect("created");
        new.write_all(b"newer").expect("written");
        let refused = new.commit_new().expect_err("the target exists");
        assert_eq!(refused.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&target).expect("read"), "new");
        let fresh = dir.path().join("fresh.toml");
        let mut new = Staged::create(&fresh).expect("created");
        new.write_all(b"x = 1").expect("written");
        new.commit_new().expect("committed");
        assert_eq!(std::fs::read_to_string(&fresh).expect("read"), "x = 1");
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").collect();
        assert_eq!(left.len(), 2, "no temporary file is left");
    }

    #[test]
    fn destinations_follow_links_write_through_devices_and_refuse_read_only_files() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").expect("written");
        let link = dir.path().join("link.json");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&real, &link).expect("linked");
            let d = Destination::of(&link).expect("a destination");
            let mut sink = d.open().expect("opened");
            sink.write_all(b"new").expect("written");
            sink.commit().expect("committed");
            assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
            assert!(std::fs::symlink_metadata(&link).expect("kept").is_symlink());
            assert!(matches!(
                Destination::of(std::path::Path::new("/dev/null")),
                Ok(Destination::Special(_))
            ));
        }
        let mut perms = std::fs::metadata(&real).expect("meta").permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&real, perms).expect("read-only");
        // root may write read-only files; the refusal is by the permission bits.
        let refused = Destination::of(&real).err().map(|e| e.kind());
        assert_eq!(refused, Some(std::io::ErrorKind::PermissionDenied));
        assert!(Destination::of(dir.path()).is_err());
    }
}
