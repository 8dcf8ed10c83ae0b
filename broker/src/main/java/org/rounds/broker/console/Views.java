package org.rounds.broker.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** The console's templates (src/main/jte), compiled into this package by the build: nothing is compiled at run time. */
final class Views {
    private static final TemplateEngine ENGINE =
            TemplateEngine.createPrecompiled(null, ContentType.Html, Views.class.getClassLoader(), "org.rounds.broker.console");

    private Views() {}

    /** What ids and names look like everywhere in Rounds (users, endpoints, hosts, profiles). */
    static final String ID = "[A-Za-z0-9._:-]{1,64}";

    /** Whether {@code s} (a form field or query parameter, maybe null) is such an id. */
    static boolean isId(String s) {
        return s != null && s.matches(ID);
    }

    static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, params, out);
        return out.toString();
    }

    static void render(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").result(render(template, params));
    }
}
