/**
 * The broker's wire API: the JSON bodies of its REST calls and push messages, as records
 * (Jackson). Shared by the broker and the endpoint so that both sides read one definition.
 */
package org.rounds.broker.api;
