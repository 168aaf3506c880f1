package dev.tierbench.agent.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceLockTest {

  @TempDir
  Path dir;

  @Test
  void measurementsOnOneDeviceNeverOverlap() throws Exception {
    DeviceLock lock = new DeviceLock(dir.resolve("device.lock"));
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] futures = new Future<?>[4];
      for (int i = 0; i < futures.length; i++) {
        futures[i] = pool.submit(() -> {
          for (int round = 0; round < 5; round++) {
            try (DeviceLock.Held held = lock.acquire(new Cancellation())) {
              maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
              Thread.sleep(5);
              inside.decrementAndGet();
            }
          }
          return null;
        });
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, maxInside.get());
  }

  @Test
  void waitingForTheDeviceCanBeCancelled() throws Exception {
    DeviceLock lock = new DeviceLock(dir.resolve("device.lock"));
    try (DeviceLock.Held held = lock.acquire(new Cancellation())) {
      ExecutorService other = Executors.newSingleThreadExecutor();
      try {
        Cancellation cancellation = new Cancellation();
        Future<?> waiting = other.submit(() -> lock.acquire(cancellation));
        Thread.sleep(50);
        cancellation.cancel("lease revoked");
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
            waiting::get);
        assertEquals(Cancellation.CancelledException.class, e.getCause().getClass());
      } finally {
        other.shutdownNow();
      }
    }
  }
}
