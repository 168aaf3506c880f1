package dev.tierbench.coordinator.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tierbench.common.model.ModelFile;

/**
 * Files named by their sha256 in one folder, uploaded in pieces: the bytes so far wait in {@code <sha>.part},
 * so an upload cut off resumes where it stopped (a coordinator restart included), and become {@code <sha>} in
 * one atomic move once they are all there and hash to their name. Nothing is held in memory but a buffer, and one
 * writer at a time appends to a blob.
 */
public final class BlobStore {

  private static final String PART = ".part";

  private final Path folder;
  private final long limit;
  private final Set<String> writing = ConcurrentHashMap.newKeySet();

  /** @param limit the largest blob taken, in bytes */
  public BlobStore(Path folder, long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("the upload limit must be >= 0 bytes, got " + limit);
    }
    this.folder = folder;
    this.limit = limit;
  }

  public long limit() {
    return limit;
  }

  /** Whether the blob is here whole. */
  public boolean has(String sha256) {
    return Files.isRegularFile(folder.resolve(Sha256.require(sha256)));
  }

  /** The file of a complete blob. @throws UploadException 404 for one not (yet) here whole */
  public Path path(String sha256) {
    if (!has(sha256)) {
      throw new UploadException(404, "no blob " + sha256 + " has been uploaded whole");
    }
    return folder.resolve(sha256);
  }

  /** How many bytes of the blob an unfinished upload has left: where the next piece starts (0 if none). */
  public long offset(String sha256) throws IOException {
    try {
      return Files.size(part(sha256));
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /**
   * Appends what {@code body} gives, from {@code offset}, to the blob of {@code declaredLength} bytes. A body that
   * ends early, or fails (its client went away), keeps what came: the next piece starts there.
   *
   * @return the offset reached; {@code declaredLength} when the blob is complete (and checked)
   * @throws UploadException 400 for a bad name, length or offset, or a body longer than announced; 409 for an
   *     offset other than the store's (carrying the store's) or a second writer; 413 for a length above the
   *     limit, before reading anything; 422 when the bytes do not hash to the name (the partial is dropped)
   * @throws IOException if the store's folder cannot be written
   */
  public long append(String sha256, long declaredLength, long offset, InputStream body) throws IOException {
    Sha256.require(sha256);
    if (declaredLength < 0 || offset < 0 || offset > declaredLength) {
      throw new UploadException(400, "the upload offset (" + offset + ") and length (" + declaredLength
          + ") must be 0 <= offset <= length");
    }
    if (declaredLength > limit) {
      throw new UploadException(413, "a blob of " + declaredLength + " bytes is over this coordinator's upload limit"
          + " of " + limit + " bytes (max-upload)");
    }
    if (has(sha256)) {
      return declaredLength;
    }
    if (!writing.add(sha256)) {
      throw new UploadException(409, "another upload of " + sha256 + " is under way; ask for its offset and retry"
          + " once it stops", offset(sha256));
    }
    try {
      long current = offset(sha256);
      if (offset != current) {
        throw new UploadException(409, "the upload of " + sha256 + " is at offset " + current + ", not " + offset,
            current);
      }
      long reached = current + copy(body, part(sha256), declaredLength - current);
      return reached < declaredLength ? reached : complete(sha256, declaredLength);
    } finally {
      writing.remove(sha256);
    }
  }

  /** Copies at most {@code room} bytes, stopping where the body ends or fails; refuses a body with more. */
  private long copy(InputStream body, Path part, long room) throws IOException {
    Files.createDirectories(folder);
    byte[] buffer = new byte[64 << 10];
    long copied = 0;
    try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      while (true) {
        int n;
        try {
          n = body.read(buffer, 0, (int) Math.min(buffer.length, Math.max(1, room - copied)));
        } catch (IOException clientGone) {
          // The client's side of the copy failed: what came is kept for the resumed upload.
          break;
        }
        if (n < 0) {
          break;
        }
        if (copied + n > room) {
          throw new UploadException(400, "the body runs past the announced Upload-Length; the bytes up to it are"
              + " kept");
        }
        out.write(buffer, 0, n);
        copied += n;
      }
    }
    return copied;
  }

  private long complete(String sha256, long length) throws IOException {
    Path part = part(sha256);
    String got = ModelFile.sha256(part);
    if (!got.equals(sha256)) {
      Files.deleteIfExists(part);
      throw new UploadException(422, "the " + length + " bytes uploaded hash to " + got + ", expected " + sha256
          + "; the upload was dropped: send it again from offset 0");
    }
    Files.move(part, folder.resolve(sha256), StandardCopyOption.ATOMIC_MOVE);
    return length;
  }

  private Path part(String sha256) {
    return folder.resolve(Sha256.require(sha256) + PART);
  }
}
