package org.rounds.broker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.sql.SQLException;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.TunnelRedemption;
import org.rounds.broker.store.EnrolledName;
import org.rounds.broker.takeover.OutsideSignIns;

/**
 * The routes only a remote-access gateway may call, each checked against its client certificate
 * first ({@link GatewayIdentity}): POST {@value BrokerApi#REMOTE_SIGN_INS}, {@value
 * BrokerApi#REMOTE_RECONNECTS} and {@value BrokerApi#REMOTE_TUNNELS}. The outside caller's address comes from {@value
 * BrokerApi#OUTSIDE_SOURCE_HEADER}, believed here only because the gateway's certificate was;
 * every other route ignores that header.
 */
final class RemoteRoutes {
    private static final int MAX_TICKET = 64;

    private RemoteRoutes() {}

    /** The source's throttle: true to go on; false when it has answered 429 itself. */
    @FunctionalInterface
    interface Admission {
        boolean admitted(Context ctx, String route, RequestSource source, String endpointId, long nanos) throws SQLException;
    }

    /** The outside caller's address the gateway vouches for; 400 when it sent none or not an address. */
    private static RequestSource outsideSource(Context ctx) {
        String header = ctx.header(BrokerApi.OUTSIDE_SOURCE_HEADER);
        if (header == null || header.isBlank())
            throw new BadRequest("the gateway sent no " + BrokerApi.OUTSIDE_SOURCE_HEADER + " header: it must name the outside caller's address");
        return RequestSource.outside(header);
    }

    private static void answer(Context ctx, OutsideSignIns.Outcome outcome) {
        if (outcome instanceof OutsideSignIns.Outcome.SignedIn in) ctx.json(in.answer());
        else if (outcome instanceof OutsideSignIns.Outcome.Refused no) ctx.status(no.status()).json(new ApiError(no.reason()));
    }

    static void register(Javalin app, GatewayIdentity gateways, OutsideSignIns signIns, ObjectMapper json, Admission admission) {
        app.before(BrokerApi.REMOTE_SIGN_INS, gateways::authenticate);
        app.before(BrokerApi.REMOTE_TUNNELS, gateways::authenticate);
        app.before(BrokerApi.REMOTE_RECONNECTS, gateways::authenticate);
        app.post(BrokerApi.REMOTE_SIGN_INS, ctx -> {
            EnrolledName gateway = ctx.attribute(GatewayIdentity.ATTRIBUTE);
            RequestSource source = outsideSource(ctx);
            RemoteSignIn r = BrokerHttp.body(ctx, json, RemoteSignIn.class);
            BrokerHttp.id("userId", r.userId());
            BrokerHttp.id("deviceId", r.deviceId());
            BrokerHttp.id("tapId", r.tapId());
            if (r.password().isEmpty() || r.password().length() > 256) throw new BadRequest("password must be 1..256 characters");
            if (!r.code().matches("[0-9]{6}")) throw new BadRequest("code must be the 6 digits the phone app shows");
            if (!admission.admitted(ctx, "remote-sign-ins", source, r.deviceId(), System.nanoTime())) {
                signIns.refusedEarlier(gateway.tenant(), r, source.key(), gateway.name(), "too many sign-ins from " + source);
                return;
            }
            answer(ctx, signIns.signIn(gateway.tenant(), r, source.key(), gateway.name()));
        });
        app.post(BrokerApi.REMOTE_RECONNECTS, ctx -> {
            EnrolledName gateway = ctx.attribute(GatewayIdentity.ATTRIBUTE);
            RequestSource source = outsideSource(ctx);
            ReconnectRequest r = BrokerHttp.body(ctx, json, ReconnectRequest.class);
            BrokerHttp.id("endpointId", r.endpointId());
            BrokerHttp.id("userId", r.userId());
            if (r.reconnectToken().isEmpty() || r.reconnectToken().length() > 128) throw new BadRequest("reconnectToken must be 1..128 characters");
            if (!admission.admitted(ctx, "remote-reconnects", source, r.endpointId(), System.nanoTime())) return;
            answer(ctx, signIns.reconnect(gateway.tenant(), r, source.key(), gateway.name()));
        });
        app.post(BrokerApi.REMOTE_TUNNELS, ctx -> {
            EnrolledName gateway = ctx.attribute(GatewayIdentity.ATTRIBUTE);
            TunnelRedemption r = BrokerHttp.body(ctx, json, TunnelRedemption.class);
            if (r.ticket().isEmpty() || r.ticket().length() > MAX_TICKET) throw new BadRequest("ticket must be 1.." + MAX_TICKET + " characters");
            ctx.json(signIns.redeem(gateway.tenant(), r.ticket(), gateway.name()).orElseThrow(() -> new Refused(404,
                    "tunnel ticket is unknown, already used or expired: the device signs in again for a new one")));
        });
    }
}
