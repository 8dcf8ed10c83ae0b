package org.rounds.broker.console;

import java.io.IOException;
import java.io.Writer;
import java.sql.SQLException;
import java.util.List;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;

/**
 * An audit search as CSV (RFC 4180: CRLF line ends, a field with a comma, quote or line break
 * quoted, quotes doubled), streamed a keyset page at a time so that a search of a million rows
 * never sits in memory. Same columns, same order as the audit page.
 */
final class AuditCsv {
    static final String HEADER = "id,at,kind,user,endpoint,actor,detail";
    private static final int BATCH = 1_000;

    private AuditCsv() {}

    static void write(Database db, org.rounds.broker.store.Tenant tenant, AuditSearch search, Writer out) throws SQLException, IOException {
        out.write(HEADER + "\r\n");
        AuditSearch next = search;
        while (true) {
            AuditSearch s = next;
            List<AuditSearch.Row> rows = Tx.run(db, tenant, c -> s.page(c, tenant, BATCH));
            for (AuditSearch.Row r : rows) {
                out.write(r.id() + "," + field(r.at().toString()) + "," + field(r.kind()) + "," + field(r.userId()) + ","
                        + field(r.endpointId()) + "," + field(r.actor()) + "," + field(r.detail()) + "\r\n");
            }
            if (rows.size() < BATCH) break;
            next = search.below(rows.get(rows.size() - 1).id());
        }
        out.flush();
    }

    static String field(String v) {
        if (v == null) return "";
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\r') < 0 && v.indexOf('\n') < 0) return v;
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
