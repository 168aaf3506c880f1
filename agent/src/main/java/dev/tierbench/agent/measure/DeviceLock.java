package dev.tierbench.agent.measure;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One measurement at a time per device, whatever runs it: agents in this JVM share an in-process lock,
 * agents in other processes on the same host an OS file lock (released by the OS if the holder dies).
 */
public final class DeviceLock {

  private static final ReentrantLock IN_PROCESS = new ReentrantLock(true);
  private static final long POLL_MILLIS = 20;

  private final Path file;

  /** @param file the lock file; agents on one host must name the same one */
  public DeviceLock(Path file) {
    this.file = file;
  }

  /** Waits for the device, giving up if {@code cancellation} is cancelled. Close the result to release. */
  public Held acquire(Cancellation cancellation) throws IOException, Cancellation.CancelledException {
    try {
      while (!IN_PROCESS.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        cancellation.check();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cancellation.CancelledException("interrupted while waiting for the device");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock;
        while ((lock = channel.tryLock()) == null) {
          cancellation.check();
          sleep();
        }
        return new Held(channel, lock);
      } catch (IOException | Cancellation.CancelledException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException | Cancellation.CancelledException | RuntimeException e) {
      IN_PROCESS.unlock();
      throw e;
    }
  }

  private static void sleep() throws Cancellation.CancelledException {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Cancellation.CancelledException("interrupted while waiting for the device");
    }
  }

  /** The device, held until closed. */
  public static final class Held implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private Held(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() throws IOException {
      try {
        lock.release();
        channel.close();
      } finally {
        IN_PROCESS.unlock();
      }
    }
  }
}
