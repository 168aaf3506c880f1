package dev.tierbench.coordinator.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tierbench.common.model.ModelFile;

class BlobStoreTest {

  @TempDir
  Path dir;

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha(byte[] b) {
    return HexFormat.of().formatHex(ModelFile.newDigest().digest(b));
  }

  private static InputStream slice(byte[] b, int from, int to) {
    return new ByteArrayInputStream(b, from, to - from);
  }

  @Test
  void resumesWhereACutUploadStoppedAndChecksTheWhole() throws IOException {
    BlobStore store = new BlobStore(dir, 1 << 20);
    byte[] blob = bytes(200_000, 1);
    String sha = sha(blob);

    assertEquals(0, store.offset(sha));
    assertEquals(70_000, store.append(sha, blob.length, 0, slice(blob, 0, 70_000)));
    assertFalse(store.has(sha));
    assertEquals(70_000, new BlobStore(dir, 1 << 20).offset(sha), "a restarted store resumes too");
    assertEquals(blob.length, store.append(sha, blob.length, 70_000, slice(blob, 70_000, blob.length)));

    assertTrue(store.has(sha));
    assertArrayEquals(blob, Files.readAllBytes(store.path(sha)));
    assertEquals(0, store.offset(sha));
  }

  @Test
  void aBodyThatFailsKeepsWhatCame() throws IOException {
    BlobStore store = new BlobStore(dir, 1 << 20);
    byte[] blob = bytes(1000, 2);
    InputStream failing = new java.io.SequenceInputStream(slice(blob, 0, 400), new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }
    });
    assertEquals(400, store.append(sha(blob), blob.length, 0, failing));
    assertEquals(400, store.offset(sha(blob)));
  }

  @Test
  void bytesThatDoNotHashToTheirNameAreDropped() throws IOException {
    BlobStore store = new BlobStore(dir, 1 << 20);
    byte[] blob = bytes(1000, 3);
    byte[] other = bytes(1000, 4);
    UploadException e = assertThrows(UploadException.class,
        () -> store.append(sha(blob), other.length, 0, slice(other, 0, other.length)));
    assertEquals(422, e.status());
    assertTrue(e.getMessage().contains("expected " + sha(blob)) && e.getMessage().contains(sha(other)),
        e.getMessage());
    assertFalse(store.has(sha(blob)));
    assertEquals(0, store.offset(sha(blob)));
  }

  @Test
  void anOversizeBlobIsRefusedBeforeItsBodyIsRead() {
    BlobStore store = new BlobStore(dir, 100);
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("the body was read");
      }
    };
    UploadException e = assertThrows(UploadException.class, () -> store.append(sha(new byte[0]), 101, 0,
        untouchable));
    assertEquals(413, e.status());
  }

  @Test
  void aWrongOffsetIsRefusedWithTheRightOne() throws IOException {
    BlobStore store = new BlobStore(dir, 1 << 20);
    byte[] blob = bytes(1000, 5);
    store.append(sha(blob), blob.length, 0, slice(blob, 0, 300));
    UploadException e = assertThrows(UploadException.class,
        () -> store.append(sha(blob), blob.length, 200, slice(blob, 200, 1000)));
    assertEquals(409, e.status());
    assertEquals(300, e.offset());
    assertEquals(300, store.offset(sha(blob)), "the refused body wrote nothing");
  }

  @Test
  void aSecondWriterIsRefusedWhileTheFirstWrites() throws Exception {
    BlobStore store = new BlobStore(dir, 1 << 20);
    byte[] blob = bytes(1000, 6);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream slow = new InputStream() {
      @Override
      public int read() throws IOException {
        writing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return -1;
      }
    };
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<Long> first = executor.submit(() -> store.append(sha(blob), blob.length, 0, slow));
      writing.await();
      UploadException e = assertThrows(UploadException.class,
          () -> store.append(sha(blob), blob.length, 0, slice(blob, 0, 1000)));
      assertEquals(409, e.status());
      release.countDown();
      assertEquals(0, first.get());
      assertEquals(blob.length, store.append(sha(blob), blob.length, 0, slice(blob, 0, 1000)));
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void badNamesAndCountsAreRefusedAsBadRequests() {
    BlobStore store = new BlobStore(dir, 1 << 20);
    for (String name : new String[] {"../etc", "A".repeat(64), "a".repeat(63), "", "a".repeat(64) + "/x"}) {
      assertEquals(400, assertThrows(UploadException.class, () -> store.append(name, 1, 0, slice(new byte[1], 0, 1)))
          .status(), name);
    }
    String sha = sha(new byte[1]);
    assertEquals(400, assertThrows(UploadException.class, () -> store.append(sha, 1, 2, slice(new byte[0], 0, 0)))
        .status());
    assertEquals(400, assertThrows(UploadException.class, () -> store.append(sha, 1, 0, slice(new byte[5], 0, 5)))
        .status(), "a body past its length");
  }
}
