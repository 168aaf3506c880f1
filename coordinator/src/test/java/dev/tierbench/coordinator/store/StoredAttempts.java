package dev.tierbench.coordinator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The attempts a run database recorded, read with plain SQL: what the tests check and no product code reads. */
public final class StoredAttempts {

  private StoredAttempts() {}

  /** The outcomes of {@code taskId}'s attempts, in the order they were recorded. */
  public static List<String> outcomes(Path db, String taskId) throws SQLException {
    List<String> outcomes = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement select = c.prepareStatement("SELECT outcome FROM attempts WHERE task_id = ? ORDER BY id")) {
      select.setString(1, taskId);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          outcomes.add(rs.getString(1));
        }
      }
    }
    return outcomes;
  }
}
