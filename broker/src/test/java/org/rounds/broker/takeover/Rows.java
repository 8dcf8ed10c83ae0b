package org.rounds.broker.takeover;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rounds.broker.store.Database;

/** Reads rows back as an operator would see them with psql. */
public final class Rows {
    private Rows() {}

    /** The broker's own tables (the default schema; Flyway's history included). */
    public static List<String> tables(Database db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connection()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(null, null, "%", null)) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    String type = rs.getString("TABLE_TYPE");
                    if (schema != null && schema.equalsIgnoreCase("public") && type != null && type.toUpperCase().contains("TABLE")
                            && !type.toUpperCase().contains("SYSTEM")) {
                        names.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** Every row of the table, each column as text, in a stable order. */
    public static List<Map<String, String>> all(Database db, String table) throws SQLException {
        return select(db, "SELECT * FROM " + table + " ORDER BY 1");
    }

    private static List<Map<String, String>> select(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i).toLowerCase(), rs.getString(i));
                rows.add(row);
            }
            return rows;
        }
    }

    /** Every table's rows: the whole visible state of the store. */
    public static Map<String, List<Map<String, String>>> everything(Database db) throws SQLException {
        Map<String, List<Map<String, String>>> all = new TreeMap<>();
        for (String t : tables(db)) all.put(t.toLowerCase(), select(db, "SELECT * FROM \"" + t + "\" ORDER BY 1"));
        return all;
    }

    public static List<String> auditKinds(Database db) throws SQLException {
        List<String> kinds = new ArrayList<>();
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT kind FROM audit ORDER BY id")) {
            while (rs.next()) kinds.add(rs.getString(1));
        }
        return kinds;
    }

    public static long count(Database db, String table) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
