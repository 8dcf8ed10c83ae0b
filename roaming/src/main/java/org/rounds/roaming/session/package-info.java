/**
 * The endpoint's roaming state machine: {@link org.rounds.roaming.session.RoamingEndpoint}
 * turns badge taps and broker pushes into desktop sessions shown or locked, through three
 * ports it does not implement itself: {@link org.rounds.roaming.client.BrokerCalls},
 * {@link org.rounds.roaming.session.DesktopDisplay} and {@link org.rounds.roaming.session.Screen}.
 */
package org.rounds.roaming.session;
