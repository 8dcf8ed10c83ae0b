package org.rounds.cli.demo;

import java.util.List;
import java.util.Optional;

/** The demo's badges: two enrolled clinicians and one badge nobody owns. */
public record DemoBadge(String label, Optional<String> userId, String displayName, String badgeId) {

    public static final DemoBadge NURSE = new DemoBadge("Nurse", Optional.of("nurse"), "Nurse Amina Diallo", "04A1B2C3D4E580");
    public static final DemoBadge DOCTOR = new DemoBadge("Doctor", Optional.of("doctor"), "Dr. Louis Martin", "04C7D8E9FA1B80");
    public static final DemoBadge UNKNOWN = new DemoBadge("Unknown badge", Optional.empty(), "", "04000000DEAD00");

    public static final List<DemoBadge> ALL = List.of(NURSE, DOCTOR, UNKNOWN);
}
