// Live rows: a table with data-live listens to that Server-Sent Events stream and puts each
// "sessions" event's rows (rendered and escaped by the broker) in its body. Nothing else runs here.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table[data-live]");
  if (!table || !window.EventSource) return;
  const status = document.getElementById("live-status");
  const events = new EventSource(table.dataset.live);
  events.addEventListener("sessions", (e) => {
    table.tBodies[0].innerHTML = e.data;
    if (status) status.textContent = status.dataset.updated || "";
  });
  events.addEventListener("signed-out", (e) => {
    events.close();
    if (status) status.textContent = e.data;
  });
});
