/**
 * The endpoint's side of the broker's wire API: {@link org.rounds.roaming.client.BrokerClient}
 * (REST calls over OkHttp, tried against an ordered list of brokers) and the
 * {@link org.rounds.roaming.client.PushChannel} (a WebSocket that reconnects by itself).
 * The public surface is the client, its builder, the two listener/port interfaces and three
 * exception types; everything else is package-private.
 */
package org.rounds.roaming.client;
